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

/** Ten times the work's usual time: a machine kept busy by another build stays well inside it. */
const margin = 10;

/**
 * The limit, in milliseconds, for work that takes about `seconds` on a quiet machine: `margin`
 * times that, scaled, and never below the limit of a test that says nothing.
 */
export function hangGuard(seconds: number): number {
  return Math.max(seconds * margin, 120) * 1000 * scale;
}

/** The limit of every test and hook that does not name its own: two minutes, scaled. */
export const testTimeout = hangGuard(0);
