import { traced } from "../core/trace.js";
import type { BrowserManager } from "../pdf/browser.js";
import { findBrowser } from "../pdf/find-browser.js";
import { startBrowserProcess } from "../pdf/spawn.js";

/**
 * The browser of a run: found (--browser, the environment, the machine) and started in the
 * background while the records are read. The printing code is in pdf/, loaded only when a PDF
 * is made.
 */

/** The browser `--browser`, the environment or the machine names: an error when there is none. */
export function findBrowserFor(options: {
  browser?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<string> {
  return traced("browser: find", () =>
    findBrowser({
      ...(options.browser ? { explicit: options.browser } : {}),
      env: options.env ?? process.env,
    }),
  );
}

/**
 * The browser of a build, found before anything else so that a build that cannot print says
 * so first; it starts while the records are read and rendered. `stopIfNoBrowser` throws once a
 * browser that exits as it starts (a wrong --browser) has done so: the build checks it before
 * each year instead of finding out at the print.
 */
export async function browserForBuild(
  options: { browser?: string; timeout?: number; env?: NodeJS.ProcessEnv },
  shared: BrowserManager | undefined,
): Promise<{ starting: Promise<BrowserManager>; stopIfNoBrowser: () => void }> {
  const starting = shared
    ? Promise.resolve(shared)
    : startBrowser(options, await findBrowserFor(options));
  let started: BrowserManager | undefined;
  let failure: { error: unknown } | undefined;
  starting.then(
    (manager) => {
      started = manager;
    },
    (error: unknown) => {
      failure = { error };
    },
  );
  return {
    starting,
    stopIfNoBrowser() {
      if (failure) throw failure.error;
      if (started?.failedToStart) throw started.failedToStart;
    },
  };
}

/** How long one PDF may take to print when --timeout does not say. */
export const defaultTimeout = 60_000;

/** Finds the browser and starts it in the background; the caller closes it. */
export async function startBrowser(
  options: {
    browser?: string;
    timeout?: number;
    env?: NodeJS.ProcessEnv;
  },
  found?: string,
): Promise<BrowserManager> {
  const executable = found ?? (await findBrowserFor(options));
  // The browser starts now, while the code that prints with it loads.
  const started = startBrowserProcess(executable);
  try {
    const { BrowserManager } = await traced(
      "browser: load the printing code",
      () => import("../pdf/index.js"),
    );
    const manager = new BrowserManager({
      executable,
      timeout: options.timeout ?? defaultTimeout,
      started,
    });
    manager.warmUp();
    return manager;
  } catch (error) {
    (await started.spawned.catch(() => undefined))?.kill();
    throw error;
  }
}
