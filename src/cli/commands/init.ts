import chalk from "chalk";
import type { Command } from "commander";
import type { CommandContext } from "../context.js";
import { printWritten } from "../print.js";

/** `report init <year>`: a new year carried over from the latest earlier one. */
export function addInitCommand(program: Command, { output, cwd }: CommandContext): void {
  program
    .command("init")
    .description(
      "start <year> from the latest earlier year: figures and dates marked TODO, prose kept as a draft",
    )
    .argument("<year>", "the new year, such as 2023")
    .option("-d, --data <dir>", "records folder holding <year>/*.yaml (default: data)")
    .action(async (yearArgument: string, options: { data?: string }) => {
      const { parseYear } = await import("../../load/year.js");
      const year = parseYear(yearArgument);
      const { initYear } = await import("../../project/commands.js");
      const result = await initYear({ cwd, year, ...(options.data ? { data: options.data } : {}) });
      printWritten(output, result);
      output.write(
        `${chalk.green("✔")} ${year} started from ${result.from}; report validate ${year} lists every TODO left\n`,
      );
    });
}
