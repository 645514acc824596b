import chalk from "chalk";
import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import type { CommandContext } from "../context.js";
import { recordOption, recordOptions } from "../options.js";
import { untilStopped } from "../signals.js";

/** `report serve <year>`: the preview server, rebuilt and reloaded as files change. */
export function addServeCommand(program: Command, { output, cwd }: CommandContext): void {
  program
    .command("serve")
    .description("preview a year's report in the browser, rebuilt and reloaded as files change")
    .argument("<year>", "a four-digit year, such as 2022")
    .option("-p, --port <port>", "port on 127.0.0.1 (0 picks a free one)", "4173")
    .addOption(recordOption("data"))
    .addOption(recordOption("templates"))
    .addOption(recordOption("script"))
    .addOption(recordOption("theme"))
    .option("-b, --browser <path>", "Chrome, Chromium or Edge to print /report.pdf with")
    .action(
      async (
        yearArgument: string,
        options: {
          port: string;
          data?: string;
          templates?: string;
          browser?: string;
          script?: string;
          theme?: string;
        },
      ) => {
        const { parseYear } = await import("../../load/year.js");
        const year = parseYear(yearArgument);
        const port = /^\d{1,5}$/.test(options.port) ? Number(options.port) : Number.NaN;
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          throw new UsageError(`expected --port from 0 to 65535, found "${options.port}"`);
        }
        const { startPreview } = await import("../../serve/server.js");
        const preview = await startPreview({
          cwd,
          years: [year],
          year,
          port,
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
