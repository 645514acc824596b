import chalk from "chalk";
import type { Command } from "commander";
import type { CommandContext } from "../context.js";
import { addRecordOptions, portOption, type RecordOptions, recordOptions } from "../options.js";
import { untilStopped } from "../signals.js";

/** `report serve <year>`: the preview server, rebuilt and reloaded as files change. */
export function addServeCommand(program: Command, { output, cwd }: CommandContext): void {
  addRecordOptions(
    program
      .command("serve")
      .description("preview a year's report in the browser, rebuilt and reloaded as files change")
      .argument("<year>", "a four-digit year, such as 2022")
      .addOption(portOption()),
  )
    .option("-b, --browser <path>", "Chrome, Chromium or Edge to print /report.pdf with")
    .action(
      async (yearArgument: string, options: RecordOptions & { port: number; browser?: string }) => {
        const { parseYear } = await import("../../load/year.js");
        const year = parseYear(yearArgument);
        const { startPreview } = await import("../../serve/server.js");
        const preview = await startPreview({
          cwd,
          years: [year],
          year,
          port: options.port,
          ...recordOptions(options),
          ...(options.browser ? { browser: options.browser } : {}),
          onRebuild: ({ milliseconds, errors, warnings }) => {
            const state = errors
              ? chalk.red(`${errors} error${errors === 1 ? "" : "s"} (shown in the page)`)
              : chalk.green("ok");
            output.write(
              `${chalk.dim(new Date().toTimeString().slice(0, 8))} ${year} ${state}${warnings ? chalk.yellow(`, ${warnings} warnings`) : ""} ${chalk.dim(`in ${Math.round(milliseconds)} ms`)}\n`,
            );
          },
        });
        output.write(
          `${chalk.green("✔")} preview of ${year} on ${chalk.bold(preview.url)} (PDF: ${preview.url}report.pdf); Ctrl-C stops\n`,
        );
        await untilStopped();
        await preview.close();
      },
    );
}
