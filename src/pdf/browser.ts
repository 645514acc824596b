import type { ChildProcess } from "node:child_process";
import { rm } from "node:fs/promises";
import type { Browser, Page } from "puppeteer-core";
import { EnvironmentError } from "../core/errors.js";
import { traced } from "../core/trace.js";
import { removeSocketFolder, temporaryFolder } from "../services/cleanup.js";
import { launchBrowser } from "./launch.js";
import { type StartedBrowser, spawnBrowser } from "./spawn.js";

export interface BrowserManagerOptions {
  executable: string;
  /** How long one print may take before it is ended, in milliseconds. */
  timeout: number;
  /** The browser already started (spawn.ts), for the first launch. */
  started?: StartedBrowser;
}

/**
 * One browser for a whole run, shared by every year: launched when the first PDF is wanted,
 * restarted once if it crashes, closed by the caller in `finally`. Its profile is a folder of
 * its own named after this process; a signal kills it and removes that folder (see
 * services/cleanup.ts), and profiles of killed builds are removed when the next browser starts.
 */
export class BrowserManager {
  private browser: Promise<Browser> | undefined;
  private restarted = false;
  private blankTab: Promise<Page | undefined> | undefined;
  /** Kills the browser's whole process group. */
  private kill: (() => void) | undefined;
  private process: ChildProcess | undefined;
  private startFailure: unknown;
  /** Whether a browser is being started and has not answered yet. */
  private starting = false;
  readonly options: BrowserManagerOptions;

  /** The browser started before this manager, until the first launch takes it. */
  private started: StartedBrowser | undefined;

  constructor(options: BrowserManagerOptions) {
    this.options = options;
    this.started = options.started;
  }

  /**
   * Runs `work` on a fresh page, closing the page afterwards; a crash is retried once. The
   * browser's start, the connection and the work together take at most the timeout: then the
   * browser and every process it started are killed.
   */
  async withPage<Result>(work: (page: Page) => Promise<Result>): Promise<Result> {
    return this.bounded(() => this.attempt(work));
  }

  /** `work` within the timeout: past it, the browser and every process it started are killed. */
  async bounded<Result>(work: () => Promise<Result>): Promise<Result> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // A browser that has not answered yet is stopped by its own start's limit, of the same
        // length: whichever fires first, the message says what happened.
        const unanswered = this.starting;
        this.kill?.();
        this.browser = undefined;
        reject(
          new EnvironmentError(
            unanswered
              ? `the browser ${this.options.executable} did not answer within ${this.options.timeout / 1000} s and was stopped (raise it with --timeout)`
              : `printing took longer than ${this.options.timeout / 1000} s and was stopped (raise it with --timeout)`,
          ),
        );
      }, this.options.timeout);
    });
    try {
      return await Promise.race([work(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async attempt<Result>(work: (page: Page) => Promise<Result>): Promise<Result> {
    try {
      return await this.onPage(work);
    } catch (error) {
      if (error instanceof EnvironmentError) throw error;
      if (!(await this.crashed()) || this.restarted) throw translate(error, this.options);
      this.restarted = true;
      this.browser = undefined;
      try {
        return await this.onPage(work);
      } catch (second) {
        throw (await this.crashed())
          ? new EnvironmentError(
              `the browser ${this.options.executable} crashed twice while printing`,
              {
                cause: second,
              },
            )
          : translate(second, this.options);
      }
    }
  }

  /**
   * A page that stays open until the caller closes it: the preview server's printer keeps one.
   * A browser that has crashed is started again first.
   */
  async openPage(): Promise<Page> {
    if (await this.crashed()) this.browser = undefined;
    const browser = await this.launch();
    const blank = this.blankTab;
    this.blankTab = undefined;
    return (await blank) ?? (await browser.newPage());
  }

  /** The running browser's process id, for tools that watch it (and tests that crash it). */
  get pid(): number | undefined {
    return this.process?.exitCode === null ? this.process.pid : undefined;
  }

  /** Starts the browser now, so that it is ready when the first page is printed. */
  warmUp(): void {
    this.launch().catch((error: unknown) => {
      this.startFailure = error;
    });
  }

  /** Why the browser warmUp started did not start (it exited at once), once that is known. */
  get failedToStart(): unknown {
    return this.startFailure;
  }

  async close(): Promise<void> {
    // A browser started for this manager that it never connected to is stopped too.
    const unused = this.started;
    this.started = undefined;
    if (unused) {
      (await unused.spawned.catch(() => undefined))?.kill();
      await removeProfile(unused);
    }
    const browser = this.browser;
    this.browser = undefined;
    if (!browser) return;
    let started: Browser;
    try {
      started = await browser;
    } catch {
      return; // It never started: nothing to close.
    }
    // A browser busy with an aborted print can take its time to close; it is killed then.
    const closed = await withinTime(
      started.close().then(() => true),
      closeTimeout,
    ).catch(() => true);
    if (!closed) this.kill?.();
  }

  private async onPage<Result>(work: (page: Page) => Promise<Result>): Promise<Result> {
    const browser = await this.launch();
    // The browser opens with one blank tab: the first print uses it rather than open another.
    const blank = this.blankTab;
    this.blankTab = undefined;
    const page = (await blank) ?? (await browser.newPage());
    try {
      return await work(page);
    } finally {
      // A page whose load or print was stopped may not answer: the browser is closed anyway.
      await withinTime(page.close(), closeTimeout).catch(() => undefined);
    }
  }

  private async crashed(): Promise<boolean> {
    if (!this.browser) return false;
    try {
      return !(await this.browser).connected;
    } catch {
      return true;
    }
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      const started = this.started;
      this.started = undefined;
      this.browser = (async () => {
        const folder = started ?? freshProfile();
        const { profile } = folder;
        const removeThisProfile = () => removeProfile(folder);
        const spawned =
          started?.spawned ??
          Promise.resolve().then(() =>
            spawnBrowser({ executable: this.options.executable, profile }),
          );
        // Until it answers, a time limit that passes kills what has been started.
        this.kill = () =>
          void spawned.then(
            (browser) => browser.kill(),
            () => undefined,
          );
        this.starting = true;
        try {
          const launched = await traced("browser: launch", () =>
            launchBrowser({
              executable: this.options.executable,
              profile,
              timeout: Math.min(this.options.timeout, launchTimeout),
              protocolTimeout: this.options.timeout,
              spawned,
            }),
          );
          this.kill = launched.kill;
          this.process = launched.child;
          launched.child.once("exit", () => {
            // Helpers of a browser that went away are not left running.
            launched.kill();
            void removeThisProfile();
          });
          this.blankTab = launched.browser.pages().then((pages) => pages[0]);
          return launched.browser;
        } catch (error) {
          this.browser = undefined;
          await removeThisProfile();
          throw error;
        } finally {
          this.starting = false;
        }
      })();
    }
    return this.browser;
  }
}

/**
 * Removes a browser's profile. Its helper processes may still be writing into it for a moment
 * after the browser itself has gone (a crash): removal is retried, and a profile that stays is
 * removed by a later build.
 */
async function removeProfile(started: {
  profile: string;
  untrackProfile: () => void;
}): Promise<void> {
  removeSocketFolder(started.profile);
  await rm(started.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
    .catch(() => undefined)
    .finally(started.untrackProfile);
}

/** A profile folder of its own for a browser started now. */
function freshProfile(): { profile: string; untrackProfile: () => void } {
  const { folder, untrack } = temporaryFolder("browser");
  return { profile: folder, untrackProfile: untrack };
}

/** How long closing a page or the browser may take before it is given up or killed. */
const closeTimeout = 5_000;

/** The promise's value, or `false` when it has not settled within `milliseconds`. */
function withinTime<Value>(promise: Promise<Value>, milliseconds: number): Promise<Value | false> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), milliseconds);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Starting the browser is not printing: a slow print timeout does not slow its start. */
const launchTimeout = 30_000;

function translate(error: unknown, options: BrowserManagerOptions): unknown {
  if (error instanceof Error && error.name === "TimeoutError") {
    return new EnvironmentError(
      `printing took longer than ${options.timeout / 1000} s and was stopped (raise it with --timeout)`,
      { cause: error },
    );
  }
  return error;
}
