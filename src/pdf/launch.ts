import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import puppeteer, { type Browser, type ConnectionTransport } from "puppeteer-core";
import { EnvironmentError } from "../core/errors.js";
import { traced } from "../core/trace.js";
import { woffToSfnt } from "../fonts/woff.js";
import { trackBrowser } from "../output/cleanup.js";
import { browserFontFile } from "./fonts.js";

/**
 * Starting the browser ourselves rather than through `puppeteer.launch`: the process is the
 * leader of a process group of its own, so that it and every helper it started can be killed
 * together; a browser that cannot be spawned or exits at once is an error saying why (with what
 * it printed), never an unhandled event; and the whole start is bounded by a time.
 *
 * The browser is told to make no network traffic of its own: no background requests, no
 * component updates, no DNS lookups (every host resolves to nothing; the report loads only
 * file: and data: addresses, and every other request is blocked while printing).
 */
export interface LaunchedBrowser {
  browser: Browser;
  child: ChildProcess;
  /** Kills the browser and every process it started (its process group). */
  kill(): void;
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

export function browserArguments(profile: string): string[] {
  const args = puppeteer.defaultArgs({ headless: true, userDataDir: profile });
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
async function writeFontconfig(profile: string): Promise<string> {
  const folder = path.join(profile, "fontconfig");
  await mkdir(path.join(folder, "fonts"), { recursive: true });
  await writeFile(
    path.join(folder, "fonts", "NotoSans-Regular.ttf"),
    woffToSfnt(await readFile(browserFontFile())),
  );
  const file = path.join(folder, "fonts.conf");
  const setting = (name: string, value: string) =>
    `    <edit name="${name}" mode="assign">${value}</edit>`;
  await writeFile(
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

/**
 * Starts `executable` with the given profile and connects to it over a pipe, within
 * `timeout` milliseconds; `protocolTimeout` bounds each command sent to it afterwards.
 */
export async function launchBrowser(options: {
  executable: string;
  profile: string;
  timeout: number;
  protocolTimeout: number;
}): Promise<LaunchedBrowser> {
  const fontconfig = await traced("browser: its fontconfig", () =>
    writeFontconfig(options.profile),
  );
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
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new EnvironmentError(
            `the browser ${options.executable} did not answer within ${options.timeout / 1000} s and was stopped${lastLines(printed)}`,
          ),
        ),
      options.timeout,
    );
  });
  try {
    const browser = await Promise.race([
      puppeteer.connect({
        transport: pipeTransport(child.stdio[3] as Writable, child.stdio[4] as Readable),
        defaultViewport: null,
        protocolTimeout: options.protocolTimeout,
      }),
      failed,
      timedOut,
    ]);
    failed.catch(() => undefined);
    return { browser, child, kill };
  } catch (error) {
    failed.catch(() => undefined);
    // The pipe can close before the exit is seen: a browser that exited is said to have, with
    // what it printed, rather than by the closed pipe.
    if (!(error instanceof EnvironmentError)) {
      const exited = await Promise.race([
        failed.catch((reason: unknown) => reason),
        delay(1000).then(() => undefined),
      ]);
      if (exited instanceof EnvironmentError) {
        kill();
        throw exited;
      }
    }
    kill();
    throw error instanceof EnvironmentError
      ? error
      : new EnvironmentError(
          `cannot start the browser ${options.executable}: ${(error as Error).message}${lastLines(printed)}`,
          { cause: error },
        );
  } finally {
    clearTimeout(timer);
  }
}

/** The last lines the browser printed, to say why it did not start. */
function lastLines(printed: string): string {
  const lines = printed.trim().split("\n").filter(Boolean).slice(-3);
  return lines.length ? `; it printed:\n  ${lines.join("\n  ")}` : "";
}

/** The DevTools protocol over the browser's pipe: messages end with a NUL byte each way. */
function pipeTransport(toBrowser: Writable, fromBrowser: Readable): ConnectionTransport {
  let pending = "";
  const transport: ConnectionTransport = {
    send(message) {
      toBrowser.write(`${message}\0`);
    },
    close() {
      toBrowser.end();
      fromBrowser.destroy();
    },
  };
  fromBrowser.setEncoding("utf8");
  fromBrowser.on("data", (chunk: string) => {
    const parts = (pending + chunk).split("\0");
    pending = parts.pop() ?? "";
    for (const part of parts) transport.onmessage?.(part);
  });
  fromBrowser.on("close", () => transport.onclose?.());
  // A browser that went away leaves a broken pipe: the connection closes, nothing throws.
  toBrowser.on("error", () => undefined);
  fromBrowser.on("error", () => undefined);
  return transport;
}
