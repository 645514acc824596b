import chalk from "chalk";
import { displayPath } from "../core/paths.js";
import { cleanUpNow, replacedFolders } from "../services/cleanup.js";
import type { Output } from "./print.js";

const signalCodes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * For the length of a build: a signal kills the browser and removes the files being written,
 * then ends the process with 128 + the signal's number. The previous outputs stay as they were
 * (each is replaced whole by a rename, never written in place). Returns the uninstaller.
 */
export function stopCleanlyOnSignals(output: Output): () => void {
  const stop = (signal: keyof typeof signalCodes) => {
    cleanUpNow();
    // A year's files are replaced in one synchronous step, never half: each year was replaced
    // whole before the signal, or not at all.
    const replaced = replacedFolders().map((folder) => displayPath(process.cwd(), folder));
    output.write(
      `${chalk.red("✖")} stopped by ${signal}: the browser was closed and unfinished files removed; ${
        replaced.length === 0
          ? "earlier reports are as they were"
          : `${replaced.join(", ")} had been written whole before it; every other report is as it was`
      }\n`,
    );
    process.exit(signalCodes[signal]);
  };
  const signals = Object.keys(signalCodes) as Array<keyof typeof signalCodes>;
  for (const signal of signals) process.on(signal, stop);
  return () => {
    for (const signal of signals) process.off(signal, stop);
  };
}

/** Resolves on Ctrl-C or SIGTERM: long-running commands then close what they opened. */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
