import { accessSync, constants, statSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { EnvironmentError } from "../core/errors.js";

export interface FindBrowserOptions {
  /** `--browser PATH`: used as given, and an error when it is not there. */
  explicit?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

const howToGetOne = `No Chrome, Chromium or Edge was found to print the PDF.
  Debian or Ubuntu:  apt-get install chromium
  Fedora:            dnf install chromium
  macOS:             brew install --cask google-chrome   (or install Chrome from google.com/chrome)
  Windows:           install Chrome or Edge
Or name one with --browser PATH, or CHROME_PATH=/path/to/chrome.`;

/**
 * The browser to print with, in this order: `--browser`; `CHROME_PATH` or
 * `PUPPETEER_EXECUTABLE_PATH`; Chrome, Chromium or Edge on PATH and in the usual install places;
 * a browser puppeteer downloaded into its cache.
 */
export async function findBrowser(options: FindBrowserOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  if (options.explicit) {
    if (isExecutable(options.explicit)) return options.explicit;
    throw new EnvironmentError(
      `the browser given with --browser is not an executable file: ${options.explicit}`,
    );
  }
  for (const variable of ["CHROME_PATH", "PUPPETEER_EXECUTABLE_PATH"]) {
    const value = env[variable];
    if (!value) continue;
    if (isExecutable(value)) return value;
    throw new EnvironmentError(`${variable} names ${value}, which is not an executable file`);
  }
  for (const candidate of [...onPath(env, platform), ...installPlaces(env, platform)]) {
    if (isExecutable(candidate)) return candidate;
  }
  const cached = await inPuppeteerCache(env);
  if (cached) return cached;
  throw new EnvironmentError(howToGetOne);
}

/** A regular file this user may run: a folder or a device is never taken for a browser. */
function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const names =
    platform === "win32"
      ? ["chrome.exe", "msedge.exe", "chromium.exe"]
      : [
          "google-chrome-stable",
          "google-chrome",
          "chromium",
          "chromium-browser",
          "chrome",
          "microsoft-edge",
          "microsoft-edge-stable",
        ];
  const separator = platform === "win32" ? ";" : ":";
  const dirs = (env.PATH ?? env.Path ?? "").split(separator).filter(Boolean);
  return names.flatMap((name) => dirs.map((dir) => path.join(dir, name)));
}

function installPlaces(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform === "darwin") {
    const apps = [
      "Google Chrome.app/Contents/MacOS/Google Chrome",
      "Chromium.app/Contents/MacOS/Chromium",
      "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    ];
    return apps.flatMap((app) => [
      path.join("/Applications", app),
      path.join(homedir(), "Applications", app),
    ]);
  }
  if (platform === "win32") {
    const roots = [env.PROGRAMFILES, env["PROGRAMFILES(X86)"], env.LOCALAPPDATA].filter(
      (root): root is string => Boolean(root),
    );
    const programs = [
      "Google\\Chrome\\Application\\chrome.exe",
      "Microsoft\\Edge\\Application\\msedge.exe",
      "Chromium\\Application\\chrome.exe",
    ];
    return roots.flatMap((root) => programs.map((program) => path.win32.join(root, program)));
  }
  return [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/opt/google/chrome/chrome",
    "/opt/microsoft/msedge/msedge",
    "/snap/bin/chromium",
  ];
}

/** A browser `npx puppeteer browsers install chrome` put in puppeteer's cache, newest first. */
async function inPuppeteerCache(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const cacheDir = env.PUPPETEER_CACHE_DIR ?? path.join(homedir(), ".cache", "puppeteer");
  try {
    // Loaded only here: a browser on the machine is found without it.
    const { getInstalledBrowsers } = await import("@puppeteer/browsers");
    const installed = await getInstalledBrowsers({ cacheDir });
    const usable = installed
      .filter((browser) => browser.browser === "chrome" || browser.browser === "chromium")
      .sort((a, b) => b.buildId.localeCompare(a.buildId, undefined, { numeric: true }));
    return usable.map((browser) => browser.executablePath).find(isExecutable);
  } catch {
    return undefined;
  }
}
