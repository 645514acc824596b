import { performance } from "node:perf_hooks";

/**
 * Where a build's time goes: each step it takes is a measure on Node's performance timeline
 * (shared by every bundle of the package), and `report build --trace FILE` writes them in the
 * Trace Event Format that Chromium's about:tracing, Perfetto and speedscope open.
 */

const prefix = "report:";

/** Runs `work` as one named step of the trace. */
export async function traced<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    performance.measure(`${prefix}${name}`, { start, end: performance.now() });
  }
}

/** The steps measured since the last call, as a trace file's text; the timeline is cleared. */
export function takeTrace(): string {
  const events = performance
    .getEntriesByType("measure")
    .filter((entry) => entry.name.startsWith(prefix))
    .map((entry) => ({
      name: entry.name.slice(prefix.length),
      cat: "report",
      ph: "X",
      // Microseconds since the process started.
      ts: Math.round(entry.startTime * 1000),
      dur: Math.round(entry.duration * 1000),
      pid: process.pid,
      tid: 1,
    }));
  clearTrace();
  return `${JSON.stringify({ traceEvents: events, displayTimeUnit: "ms" }, null, 1)}\n`;
}

/** Forgets the steps measured so far: a long-running preview keeps no timeline. */
export function clearTrace(): void {
  for (const entry of performance.getEntriesByType("measure")) {
    if (entry.name.startsWith(prefix)) performance.clearMeasures(entry.name);
  }
}

/** Adds a step that began at `start` (performance.now()) and ends now. */
export function measured(name: string, start: number, end = performance.now()): void {
  performance.measure(`${prefix}${name}`, { start, end });
}
