import { randomBytes } from "node:crypto";
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * What a build leaves behind while it runs: temporary files being written, browsers and their
 * profile folders. A stopped build (Ctrl-C, SIGTERM, SIGHUP) removes them at once with
 * {@link cleanUpNow}; SIGKILL cannot be caught, so a later build removes what a run that is gone
 * left behind ({@link removeLeftBehind}).
 *
 * Whose a file is, is decided by the run that made it, not by a process id: builds in other
 * containers sharing the folder have process ids of their own, and a number that is free here
 * may be a running build there. Every name a run gives carries its run id, and while it runs it
 * keeps a lock file in each folder it writes to (`.report-run-<id>.lock`), touched every few
 * seconds. A file whose run has no fresh lock beside it belongs to a run that is gone.
 */
interface Registry {
  runId: string;
  temporaries: Set<string>;
  /** How to kill each running browser with every process it started. */
  browsers: Set<() => void>;
  /** The lock files of this run, touched while it runs. */
  locks: Set<string>;
  /** The output folders whose files this run has replaced, all of them, so far. */
  replaced: string[];
  heartbeat: NodeJS.Timeout | undefined;
}
// One registry per process: the CLI and the PDF bundle share this module (dist/cleanup.cjs).
const registry: Registry = {
  runId: randomBytes(6).toString("hex"),
  temporaries: new Set(),
  browsers: new Set(),
  locks: new Set(),
  replaced: [],
  heartbeat: undefined,
};
const { temporaries, browsers, locks } = registry;

/** This run's id, in the names of everything it writes while it runs. */
export const runId = registry.runId;

/** How often a running build touches its locks, and when one untouched is taken as gone. */
const heartbeatMilliseconds = 5_000;
const staleMilliseconds = 30_000;

export function trackTemporary(file: string): () => void {
  temporaries.add(file);
  return () => temporaries.delete(file);
}

export function trackBrowser(kill: () => void): () => void {
  browsers.add(kill);
  return () => browsers.delete(kill);
}

function lockName(id: string, hidden: boolean): string {
  return `${hidden ? "." : ""}report-run-${id}.lock`;
}

/**
 * Marks `folder` as one this run is writing to: its lock file is made there and kept fresh
 * until the run ends. What a run that is gone left in the folder is removed first.
 */
export function claimFolder(folder: string, hidden = true): void {
  const lock = path.join(folder, lockName(runId, hidden));
  if (locks.has(lock)) return;
  removeLeftBehind(folder, hidden);
  writeFileSync(lock, JSON.stringify(identity()));
  locks.add(lock);
  if (!registry.heartbeat) process.once("exit", releaseFolders);
  registry.heartbeat ??= setInterval(() => {
    const now = new Date();
    for (const file of locks) {
      try {
        utimesSync(file, now, now);
      } catch {
        // Its folder was removed: nothing of this run is left there to claim.
      }
    }
  }, heartbeatMilliseconds).unref();
}

/** Ends this run's claim on `folder` once nothing of the run is left in it. */
export function releaseFolder(folder: string, hidden = true): void {
  const lock = path.join(folder, lockName(runId, hidden));
  if (!locks.delete(lock)) return;
  rmSync(lock, { force: true });
}

/** Notes that a folder's outputs were all replaced: a stop after it must not say otherwise. */
export function noteReplaced(folder: string): void {
  registry.replaced.push(folder);
}

/** The output folders this run has replaced so far. */
export function replacedFolders(): readonly string[] {
  return registry.replaced;
}

/** Ends this run's claims: its lock files go. */
export function releaseFolders(): void {
  clearInterval(registry.heartbeat);
  registry.heartbeat = undefined;
  for (const lock of locks) rmSync(lock, { force: true });
  locks.clear();
}

/** Kills the browsers and removes the temporary files of this process, synchronously. */
export function cleanUpNow(): void {
  const killed = browsers.size > 0;
  for (const kill of browsers) kill();
  browsers.clear();
  // A browser takes a moment to die; until then it may still write into its profile.
  if (killed) pause(100);
  for (const file of temporaries) {
    removeSocketFolder(file);
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
  releaseFolders();
}

/**
 * Chromium keeps the socket of a running browser in a folder of its own in the system's
 * temporary folder (`org.chromium.Chromium.XXXXXX`, linked from the profile as
 * `SingletonSocket`), and removes it only when it closes normally. A browser killed with its run
 * leaves it: it is removed with the profile, when the cookie beside it is the profile's (it is
 * that browser's). Nothing happens for a folder that is not a browser's profile.
 */
export function removeSocketFolder(profile: string): void {
  try {
    const socket = readlinkSync(path.join(profile, "SingletonSocket"));
    const folder = path.dirname(socket);
    if (path.basename(socket) !== "SingletonSocket" || !path.isAbsolute(folder)) return;
    const cookie = readlinkSync(path.join(profile, "SingletonCookie"));
    if (readlinkSync(path.join(folder, "SingletonCookie")) !== cookie) return;
    rmSync(folder, { force: true, recursive: true });
  } catch {
    // Not a profile, or one whose browser has removed its socket folder itself.
  }
}

/** Blocks this thread for `milliseconds`: only while the process is ending. */
function pause(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** The name of a file being written for `file` by this run: `<file>.report-<run>.tmp`. */
export function temporaryName(file: string): string {
  return `${file}.report-${runId}.tmp`;
}

/** Names a run gives: whose they are. */
const owned = [
  /\.report-([0-9a-f]{12})\.(tmp|old)$/,
  /^\.report-commit-([0-9a-f]{12})\.json$/,
  /^report-(?:browser|print)-([0-9a-f]{12})-/,
  /^\.?report-run-([0-9a-f]{12})\.lock$/,
];
/** Names earlier releases gave, with a process id: taken as gone once an hour old. */
const earlier = [/\.\d+\.[0-9a-f]+\.tmp$/, /^report-(?:browser|print)-\d+-/];
const hourMilliseconds = 3_600_000;

function ownerOf(name: string): string | undefined {
  for (const pattern of owned) {
    const match = pattern.exec(name);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * Which process holds a lock: its id, its PID namespace and when it started. A lock of this
 * namespace whose process is gone (or is another process with the same id) belongs to a run
 * that is gone at once; a lock of another namespace (another container) is judged by its age.
 */
interface Holder {
  pid: number;
  namespace?: string;
  started?: string;
}

function identity(): Holder {
  const namespace = pidNamespace();
  const started = startOf(process.pid);
  return {
    pid: process.pid,
    ...(namespace ? { namespace } : {}),
    ...(started ? { started } : {}),
  };
}

function pidNamespace(): string | undefined {
  try {
    return readlinkSync("/proc/self/ns/pid");
  } catch {
    return undefined;
  }
}

/**
 * When a process started, in clock ticks since boot (Linux), to tell a reused id apart; none
 * for a process that has ended and waits to be reaped (a zombie: killed, its parent gone too).
 */
function startOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[0] === "Z" || fields[0] === "X" ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

/** Whether the run `id` still holds a lock in `folder`. */
export function runIsAlive(folder: string, id: string, hidden = true): boolean {
  if (id === runId) return true;
  const lock = path.join(folder, lockName(id, hidden));
  let age: number;
  let holder: Partial<Holder> = {};
  try {
    age = Date.now() - statSync(lock).mtimeMs;
  } catch {
    return false;
  }
  try {
    holder = JSON.parse(readFileSync(lock, "utf8") || "{}") as Partial<Holder>;
  } catch {
    // A lock being written, or one of another make: its age decides.
  }
  const here = pidNamespace();
  if (here !== undefined && holder.namespace === here && typeof holder.pid === "number") {
    return holder.started !== undefined && startOf(holder.pid) === holder.started;
  }
  return age < staleMilliseconds;
}

/**
 * Removes from `folder` what runs that are gone left there: files being written, old outputs
 * moved aside, profile and print folders, stale locks. Unfinished commits of such runs are the
 * caller's to recover first (see commit.ts), so that their moved-aside outputs go back.
 */
export function removeLeftBehind(folder: string, hidden = true): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const owner = ownerOf(name);
    const file = path.join(folder, name);
    let gone: boolean;
    if (owner !== undefined) {
      // A commit journal is recovered, not removed, by whoever finds it (commit.ts).
      if (name.startsWith(".report-commit-")) continue;
      gone = !runIsAlive(folder, owner, hidden);
    } else if (earlier.some((pattern) => pattern.test(name))) {
      gone = ageOf(file) > hourMilliseconds;
    } else continue;
    if (!gone) continue;
    removeSocketFolder(file);
    try {
      rmSync(file, { force: true, recursive: true });
    } catch {
      // Still being written (the helpers of a browser that has just gone may write to its
      // profile for a moment): a later run removes it.
    }
  }
}

function ageOf(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** What runs that are gone left in the system's temporary folder: every build removes it. */
export function removeLeftInTemporaryFolder(): void {
  removeLeftBehind(tmpdir(), false);
}

/**
 * A folder of the system's temporary folder for this run: `report-<what>-<run>-XXXXXX` (a
 * browser's profile, a page being printed), removed if the run is stopped.
 */
export function temporaryFolder(what: string): { folder: string; untrack: () => void } {
  claimFolder(tmpdir(), false);
  const folder = mkdtempSync(path.join(tmpdir(), `report-${what}-${runId}-`));
  return { folder, untrack: trackTemporary(folder) };
}
