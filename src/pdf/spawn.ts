import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { EnvironmentError } from "../core/errors.js";
import { measured } from "../core/trace.js";
import { latin } from "../fonts/faces.js";
import { woffToSfnt } from "../fonts/woff.js";
import { temporaryFolder, trackBrowser } from "../services/cleanup.js";

/**
 * Starting the browser process, without puppeteer: a build starts it as soon as it knows it
 * will print, and puppeteer (launch.ts) connects to it once loaded. The process is the leader
 * of a process group of its own, so that it and every helper it started can be killed
 * together, and a browser that cannot be spawned or exits at once is an error saying why (with
 * what it printed), never an unhandled event.
 *
 * The browser is told to make no network traffic of its own: no background requests, no
 * component updates, no DNS lookups (every host resolves to nothing; the report loads only
 * file: and data: addresses, and every other request is blocked while printing).
 */
export interface SpawnedBrowser {
  executable: string;
  child: ChildProcess;
  /** Kills the browser and every process it started (its process group). */
  kill(): void;
  /** Rejects with the reason when the browser cannot be run or exits. */
  failed: Promise<never>;
  /** The last lines it printed on its standard error. */
  printed(): string;
}

/** Features of Chromium that talk to the network on their own, switched off. */
const quietFeatures = [
  "AutofillServerCommunication",
  "CertificateTransparencyComponentUpdater",
  "DialMediaRouteProvider",
  "InterestFeedContentSuggestions",
  "NetworkTimeServiceQuerying",
  "OptimizationGuideModelDownloading",
  "SafeBrowsingEnhancedProtection",
  "UseDnsHttpsSvcb",
  "AsyncDns",
];

/**
 * The arguments puppeteer-core 24 starts a headless Chrome with (`puppeteer.defaultArgs`),
 * written out so that the browser can start before puppeteer is loaded; a test holds them to
 * puppeteer's own.
 */
export const puppeteerArguments = [
  "--allow-pre-commit-input",
  "--disable-background-networking",
  "--disable-background-timer-throttling",
  "--disable-backgrounding-occluded-windows",
  "--disable-breakpad",
  "--disable-client-side-phishing-detection",
  "--disable-component-extensions-with-background-pages",
  "--disable-crash-reporter",
  "--disable-default-apps",
  "--disable-dev-shm-usage",
  "--disable-hang-monitor",
  "--disable-infobars",
  "--disable-ipc-flooding-protection",
  "--disable-popup-blocking",
  "--disable-prompt-on-repost",
  "--disable-renderer-backgrounding",
  "--disable-search-engine-choice-screen",
  "--disable-sync",
  "--enable-automation",
  "--export-tagged-pdf",
  "--force-color-profile=srgb",
  "--generate-pdf-document-outline",
  "--metrics-recording-only",
  "--no-first-run",
  "--password-store=basic",
  "--use-mock-keychain",
  "--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,WebUIReloadButton,ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes",
  "--enable-features=PdfOopif",
  "--headless=new",
  "--hide-scrollbars",
  "--mute-audio",
  "--disable-extensions",
];

export function browserArguments(profile: string): string[] {
  const args = [...puppeteerArguments, `--user-data-dir=${profile}`];
  // Chromium reads only the last --disable-features: the lists are joined into one.
  const features = args.find((arg) => arg.startsWith("--disable-features="));
  const disabled = [
    ...(features?.slice("--disable-features=".length).split(",") ?? []),
    ...quietFeatures,
  ];
  return [
    ...args.filter((arg) => !arg.startsWith("--disable-features=") && arg !== "about:blank"),
    `--disable-features=${[...new Set(disabled)].join(",")}`,
    "--remote-debugging-pipe",
    "--disable-gpu",
    "--no-default-browser-check",
    // The machine may have no network at all: nothing is looked up or fetched in the background.
    "--disable-component-update",
    "--disable-domain-reliability",
    "--no-pings",
    "--dns-prefetch-disable",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
    // Text is laid out the same on every machine.
    "--font-render-hinting=none",
    // Chromium refuses to run as root with its sandbox.
    ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
    "about:blank",
  ];
}

/**
 * The browser's own fontconfig, in its profile: one font of the packages' (Noto Sans, as a
 * TrueType file, since Chromium takes no system font that is not one) and fixed rendering
 * settings. The machine's fonts and its fontconfig settings (hinting, subpixel order) then take
 * no part in a PDF: with them, the same records printed other glyph positions on a machine with
 * other settings, and nothing on a machine with no font at all. Every character printed is
 * checked against the report's fonts before printing (coverage.ts), so no character needs one.
 */
function writeFontconfig(profile: string): string {
  const folder = path.join(profile, "fontconfig");
  mkdirSync(path.join(folder, "fonts"), { recursive: true });
  writeFileSync(
    path.join(folder, "fonts", "NotoSans-Regular.ttf"),
    woffToSfnt(readFileSync(browserFontFile())),
  );
  const file = path.join(folder, "fonts.conf");
  const setting = (name: string, value: string) =>
    `    <edit name="${name}" mode="assign">${value}</edit>`;
  writeFileSync(
    file,
    [
      `<?xml version="1.0"?>`,
      `<!DOCTYPE fontconfig SYSTEM "fonts.dtd">`,
      `<fontconfig>`,
      `  <dir>${escapeXml(path.join(folder, "fonts"))}</dir>`,
      `  <cachedir>${escapeXml(path.join(folder, "cache"))}</cachedir>`,
      `  <match target="font">`,
      setting("antialias", "<bool>true</bool>"),
      setting("hinting", "<bool>false</bool>"),
      setting("hintstyle", "<const>hintnone</const>"),
      setting("autohint", "<bool>false</bool>"),
      setting("rgba", "<const>none</const>"),
      setting("lcdfilter", "<const>lcdnone</const>"),
      setting("embeddedbitmap", "<bool>false</bool>"),
      `  </match>`,
      `</fontconfig>`,
      ``,
    ].join("\n"),
  );
  return file;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The one font the browser's fontconfig holds: Noto Sans, regular, Latin. */
export function browserFontFile(): string {
  const [, sans] = latin;
  try {
    const cssFile = createRequire(import.meta.url).resolve(`${sans.name}/400.css`);
    return path.join(path.dirname(cssFile), "files", "noto-sans-latin-400-normal.woff");
  } catch (error) {
    throw new EnvironmentError(
      `the font package ${sans.name} is not installed (run npm ci); the browser needs it`,
      { cause: error },
    );
  }
}

/**
 * Starts `executable` with the given profile, its DevTools pipe open on fds 3 and 4. All of it
 * at once (the fontconfig is two small files), so that the browser is starting before anything
 * else the run does next.
 */
export function spawnBrowser(options: { executable: string; profile: string }): SpawnedBrowser {
  const start = performance.now();
  const fontconfig = writeFontconfig(options.profile);
  const child = spawn(options.executable, browserArguments(options.profile), {
    // stdin, stdout, stderr, then the two ends of the DevTools pipe (fds 3 and 4).
    stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"],
    detached: true,
    env: { ...process.env, FONTCONFIG_FILE: fontconfig },
  });
  const kill = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  };
  // Known to the clean-up from its first moment: a signal while it starts kills it too.
  const untrack = trackBrowser(kill);
  child.once("exit", untrack);
  let printed = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    printed = (printed + chunk.toString("utf8")).slice(-4000);
  });
  const failed = new Promise<never>((_, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new EnvironmentError(
          `cannot start the browser ${options.executable}: ${
            error.code === "ENOENT"
              ? "the file is there but cannot be run (ENOENT): the program its first line (#!) names is missing"
              : error.code === "EACCES"
                ? "it may not be run (EACCES)"
                : error.message
          }`,
          { cause: error },
        ),
      ),
    );
    child.once("exit", (code, signal) => {
      // What it printed may still be on its way: the message waits for the end of it, briefly.
      const settle = () =>
        reject(
          new EnvironmentError(
            `the browser ${options.executable} exited as it started (${signal ?? `exit code ${code}`})${lastLines(printed)}`,
          ),
        );
      const stderr = child.stderr;
      if (!stderr || stderr.readableEnded) settle();
      else {
        const timer = setTimeout(settle, 500);
        stderr.once("end", () => {
          clearTimeout(timer);
          settle();
        });
      }
    });
  });
  failed.catch(() => undefined);
  measured("browser: spawn", start);
  return { executable: options.executable, child, kill, failed, printed: () => printed };
}

/** The last lines the browser printed, to say why it did not start. */
export function lastLines(printed: string): string {
  const lines = printed.trim().split("\n").filter(Boolean).slice(-3);
  return lines.length ? `; it printed:\n  ${lines.join("\n  ")}` : "";
}

/** A browser started ahead of the code that prints with it, in a profile of its own. */
export interface StartedBrowser {
  profile: string;
  /** Forgets the profile in the clean-up's list, once it is removed. */
  untrackProfile(): void;
  spawned: Promise<SpawnedBrowser>;
}

/** Starts `executable` now, in a fresh profile: BrowserManager connects to it later. */
export function startBrowserProcess(executable: string): StartedBrowser {
  const { folder: profile, untrack: untrackProfile } = temporaryFolder("browser");
  let spawned: Promise<SpawnedBrowser>;
  try {
    spawned = Promise.resolve(spawnBrowser({ executable, profile }));
  } catch (error) {
    spawned = Promise.reject(error);
    spawned.catch(() => undefined);
  }
  return { profile, untrackProfile, spawned };
}
