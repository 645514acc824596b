import { rm } from "node:fs/promises";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { EnvironmentError } from "../core/errors.js";
import { removeOrphanFolders, temporaryFolder, trackBrowser } from "../output/cleanup.js";

export interface BrowserManagerOptions {
  executable: string;
  /** How long one print may take before it is ended, in milliseconds. */
  timeout: number;
}

/**
 * One browser for a whole run, shared by every year: launched when the first PDF is wanted,
 * restarted once if it crashes, closed by the caller in `finally`. Its profile is a folder of
 * its own named after this process; a signal kills it and removes that folder (see
 * output/cleanup.ts), and profiles of killed builds are removed when the next browser starts.
 */
export class BrowserManager {
  private browser: Promise<Browser> | undefined;
  private restarted = false;
  private blankTab: Promise<Page | undefined> | undefined;
  readonly options: BrowserManagerOptions;

  constructor(options: BrowserManagerOptions) {
    this.options = options;
  }

  /** Runs `work` on a fresh page, closing the page afterwards; a crash is retried once. */
  async withPage<Result>(work: (page: Page) => Promise<Result>): Promise<Result> {
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

  /** Starts the browser now, so that it is ready when the first page is printed. */
  warmUp(): void {
    this.launch().catch(() => undefined);
  }

  async close(): Promise<void> {
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
    if (!closed) started.process()?.kill("SIGKILL");
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
      this.browser = (async () => {
        const args = [
          "--disable-gpu",
          "--no-first-run",
          "--no-default-browser-check",
          // The machine may have no network at all: no update checks, no background requests.
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-extensions",
          // Text is laid out the same on every machine.
          "--font-render-hinting=none",
        ];
        // Chromium refuses to run as root with its sandbox.
        if (process.getuid?.() === 0) args.push("--no-sandbox");
        removeOrphanFolders();
        const { folder: profile, untrack: untrackProfile } = temporaryFolder("browser");
        // A profile given to puppeteer is the caller's to remove. The browser's helper processes
        // may still be writing into it for a moment after the browser itself has gone (a crash):
        // removal is retried, and a profile that stays is removed by a later build.
        const removeProfile = () =>
          rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
            .catch(() => undefined)
            .finally(untrackProfile);
        try {
          const browser = await puppeteer.launch({
            executablePath: this.options.executable,
            headless: true,
            pipe: true,
            args,
            userDataDir: profile,
            timeout: launchTimeout,
            // The blank tab is taken below when it is there; waiting for it costs ~50 ms.
            waitForInitialPage: false,
            // Signals are the command's to handle: it kills the browser and ends the run.
            handleSIGINT: false,
            handleSIGTERM: false,
            handleSIGHUP: false,
          });
          const child = browser.process();
          if (child) {
            const untrack = trackBrowser(child);
            child.once("exit", () => {
              untrack();
              void removeProfile();
            });
          }
          this.blankTab = browser.pages().then((pages) => pages[0]);
          return browser;
        } catch (error) {
          this.browser = undefined;
          await removeProfile();
          throw new EnvironmentError(
            `cannot start the browser ${this.options.executable}: ${firstLine(error)}`,
            { cause: error },
          );
        }
      })();
    }
    return this.browser;
  }
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

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

function translate(error: unknown, options: BrowserManagerOptions): unknown {
  if (error instanceof Error && error.name === "TimeoutError") {
    return new EnvironmentError(
      `printing took longer than ${options.timeout / 1000} s and was stopped (raise it with --timeout)`,
      { cause: error },
    );
  }
  return error;
}
