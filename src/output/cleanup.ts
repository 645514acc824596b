import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * What a build leaves behind while it runs: temporary files being written, browsers and their
 * profile folders. A stopped build (Ctrl-C, SIGTERM, SIGHUP) removes them at once with
 * {@link cleanUpNow}; SIGKILL cannot be caught, so the next build removes what a writer that
 * is gone left behind ({@link removeOrphans}).
 */
interface Registry {
  temporaries: Set<string>;
  /** How to kill each running browser with every process it started. */
  browsers: Set<() => void>;
}
// One registry per process, though this module is bundled twice (the CLI and the PDF bundle).
const shared = globalThis as { [key: symbol]: Registry | undefined };
const key = Symbol.for("report.cleanup");
shared[key] ??= { temporaries: new Set(), browsers: new Set() };
const { temporaries, browsers } = shared[key];

export function trackTemporary(file: string): () => void {
  temporaries.add(file);
  return () => temporaries.delete(file);
}

export function trackBrowser(kill: () => void): () => void {
  browsers.add(kill);
  return () => browsers.delete(kill);
}

/** Kills the browsers and removes the temporary files of this process, synchronously. */
export function cleanUpNow(): void {
  const killed = browsers.size > 0;
  for (const kill of browsers) kill();
  browsers.clear();
  // A browser takes a moment to die; until then it may still write into its profile.
  if (killed) pause(100);
  for (const file of temporaries) {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        rmSync(file, { force: true, recursive: true, maxRetries: 2 });
        break;
      } catch {
        pause(50);
      }
    }
  }
  temporaries.clear();
}

/** Blocks this thread for `milliseconds`: only while the process is ending. */
function pause(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** A temporary name that says which process made it: `<name>.<pid>.<random>.tmp`. */
export function temporaryName(file: string, random: string): string {
  return `${file}.${process.pid}.${random}.tmp`;
}

/** Whether a process of this id is running (another build writing the same folder). */
function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes, from `folder`, what `pidOf` recognises as left by a process that is no longer
 * running (a build killed with SIGKILL). What builds still running made is theirs to finish.
 */
function removeLeftBehind(folder: string, pidOf: (name: string) => string | undefined): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = pidOf(name);
    if (pid === undefined || running(Number(pid))) continue;
    rmSync(path.join(folder, name), { force: true, recursive: true });
  }
}

/** Temporary output files in `folder` whose writer is gone: `<file>.<pid>.<random>.tmp`. */
export function removeOrphans(folder: string): void {
  removeLeftBehind(folder, (name) => /\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name)?.[1]);
}

/**
 * A folder of the system's temporary folder for this process: `report-<what>-<pid>-XXXXXX`
 * (a browser's profile, a page being printed), removed if the process is stopped.
 */
export function temporaryFolder(what: string): { folder: string; untrack: () => void } {
  const folder = mkdtempSync(path.join(tmpdir(), `report-${what}-${process.pid}-`));
  return { folder, untrack: trackTemporary(folder) };
}

/** Folders of the system's temporary folder left by builds that were killed. */
export function removeOrphanFolders(): void {
  removeLeftBehind(tmpdir(), (name) => /^report-(browser|print)-(\d+)-/.exec(name)?.[2]);
}
