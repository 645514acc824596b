/**
 * Every time limit of the suite, from one setting. A limit is a hang guard, never a measure of
 * speed: each is far above what its work takes on a quiet 2-core machine, so that the suite
 * passes on a busy one. On a machine slower still, `REPORT_TEST_TIME_SCALE=3 npm test` makes
 * every limit three times as long; nothing else in the suite waits on a clock.
 */

const setting = process.env.REPORT_TEST_TIME_SCALE;
const scale = setting === undefined || setting === "" ? 1 : Number(setting);
if (!(scale > 0 && Number.isFinite(scale))) {
  throw new Error(`REPORT_TEST_TIME_SCALE must be a number above 0, such as 2; found "${setting}"`);
}

/** Ten times the work's usual time: a machine kept busy by something else stays well inside. */
const margin = 10;

/**
 * The longest a test or hook takes on a quiet machine unless it says otherwise: four builds
 * with a browser each at once, about 16 s (more than twice that beside the rest of the suite).
 */
const longestUsual = 24;

/**
 * The limit, in milliseconds, for work that takes about `seconds` on a quiet machine: `margin`
 * times that, scaled, and never below the limit of a test that names none.
 */
export function hangGuard(seconds: number): number {
  return Math.max(seconds, longestUsual) * margin * 1000 * scale;
}

/** The limit of every test and hook that does not name its own: four minutes, scaled. */
export const testTimeout = hangGuard(0);
