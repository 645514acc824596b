import { writeFile } from "node:fs/promises";
import path from "node:path";
import chalk from "chalk";
import type { Command } from "commander";

type BrowserManagerType = import("../../pdf/browser.js").BrowserManager;

import { ExitCode, ReportError } from "../../core/errors.js";
import type { CommandContext } from "../context.js";
import {
  addRecordOptions,
  configuredFormats,
  formatOption,
  type RecordOptions,
  recordOptions,
  timeoutOption,
} from "../options.js";
import { stopCleanlyOnSignals, untilStopped } from "../signals.js";

/** `report build [years…]`: validate each year and write its outputs; with --watch, again on every change. */
export function addBuildCommand(
  program: Command,
  { output, cwd, setExit, keptBrowser }: CommandContext,
): void {
  addRecordOptions(
    program
      .command("build")
      .description(
        "validate the records of each year and write out/<year>/report.md, .html and .pdf",
      )
      .argument("[years...]", "four-digit years, such as 2022; none: every year the records keep")
      .addOption(formatOption())
      .option("-o, --out <dir>", "output folder; each year goes to <dir>/<year>/ (default: out)"),
  )
    .option("-b, --browser <path>", "Chrome, Chromium or Edge to print the PDF with")
    .addOption(timeoutOption())
    .option("-w, --watch", "build again whenever a record, template or the stylesheet changes")
    .option("--json", "print a summary for scripts on stdout: files, sizes, pages, times, issues")
    .option(
      "--trace <file>",
      "write where the time went, step by step, as a trace file (Perfetto, about:tracing)",
    )
    .action(
      async (
        yearArguments: string[],
        options: RecordOptions & {
          format?: Awaited<ReturnType<typeof configuredFormats>>;
          out?: string;
          browser?: string;
          timeout: number;
          watch?: boolean;
          json?: boolean;
          trace?: string;
        },
        command: Command,
      ) => {
        const { parseYear } = await import("../../load/year.js");
        // A year named twice is built once.
        // None named: every year the records folder keeps.
        const years =
          yearArguments.length > 0
            ? [...new Set(yearArguments.map(parseYear))]
            : await (await import("../../project/config.js")).recordedYears(cwd, options.data);
        const formats = options.format ?? (await configuredFormats(cwd));
        const { build, startBrowser, watchTargets } = await import("../../build/index.js");
        const { printResults } = await import("../print.js");
        const { stageProgress } = await import("../progress.js");
        const { jsonSummary } = await import("../json.js");
        const { progress, finish } = stageProgress(output);
        const buildOptions = {
          cwd,
          years,
          formats,
          ...(options.out ? { out: options.out } : {}),
          ...recordOptions(options),
          ...(options.browser ? { browser: options.browser } : {}),
          timeout: options.timeout,
          progress,
        };
        const once = async (manager?: BrowserManagerType) => {
          let results: Awaited<ReturnType<typeof build>>;
          try {
            results = await build({ ...buildOptions, ...(manager ? { manager } : {}) });
          } finally {
            finish();
            if (options.trace) await writeTrace(path.resolve(cwd, options.trace));
          }
          printResults(results, output, cwd, "built");
          if (options.json) output.data(jsonSummary("build", results));
          return results;
        };
        if (!options.watch) {
          const settled = stopCleanlyOnSignals(output);
          let results: Awaited<ReturnType<typeof build>>;
          try {
            // The caller's browser, unless this build names another or a time limit of its own.
            const kept =
              keptBrowser &&
              formats.includes("pdf") &&
              !options.browser &&
              command.getOptionValueSource("timeout") === "default"
                ? await keptBrowser()
                : undefined;
            results = await once(kept);
          } finally {
            settled();
          }
          setExit(
            results.some((result) => result.errors.length) ? ExitCode.invalidInput : ExitCode.ok,
          );
          return;
        }
        const { watchFiles } = await import("../../build/watch.js");
        const manager = formats.includes("pdf") ? await startBrowser(buildOptions) : undefined;
        try {
          await once(manager);
          let queue = Promise.resolve();
          const stop = await watchFiles(await watchTargets(buildOptions, years), (files) => {
            queue = queue.then(async () => {
              const { displayPath } = await import("../../load/year.js");
              output.write(
                chalk.dim(`changed: ${files.map((file) => displayPath(cwd, file)).join(", ")}\n`),
              );
              try {
                await once(manager);
              } catch (error) {
                if (!(error instanceof ReportError)) throw error;
                output.write(`${chalk.red("error")} ${error.message}\n`);
              }
            });
          });
          output.write(chalk.dim("watching the records and templates; Ctrl-C stops\n"));
          await untilStopped();
          stop();
          await queue;
        } finally {
          await manager?.close();
        }
      },
    );
}

/** The steps of the build just run, as a trace file (the Trace Event Format). */
async function writeTrace(file: string): Promise<void> {
  const { takeTrace } = await import("../../core/trace.js");
  await writeFile(file, takeTrace());
}
