import type { ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import puppeteer, { type Browser, type ConnectionTransport } from "puppeteer-core";
import { EnvironmentError } from "../core/errors.js";
import { lastLines, type SpawnedBrowser, spawnBrowser } from "./spawn.js";

/**
 * Connecting to the browser spawn.ts started (or starting it now), over its pipe: the whole
 * start is bounded by a time.
 */
export interface LaunchedBrowser {
  browser: Browser;
  child: ChildProcess;
  /** Kills the browser and every process it started (its process group). */
  kill(): void;
}

/**
 * Connects to the browser over its pipe, within `timeout` milliseconds; `protocolTimeout`
 * bounds each command sent to it afterwards. `spawned` is a browser already started with
 * `profile`; without it, `executable` is started now.
 */
export async function launchBrowser(options: {
  executable: string;
  profile: string;
  timeout: number;
  protocolTimeout: number;
  spawned?: Promise<SpawnedBrowser>;
}): Promise<LaunchedBrowser> {
  const { child, kill, failed, printed } = options.spawned
    ? await options.spawned
    : spawnBrowser({ executable: options.executable, profile: options.profile });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new EnvironmentError(
            `the browser ${options.executable} did not answer within ${options.timeout / 1000} s and was stopped (raise it with --timeout)${lastLines(printed())}`,
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
          `cannot start the browser ${options.executable}: ${(error as Error).message}${lastLines(printed())}`,
          { cause: error },
        );
  } finally {
    clearTimeout(timer);
  }
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
