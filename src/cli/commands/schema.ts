import chalk from "chalk";
import type { Command } from "commander";
import { ExitCode } from "../../core/errors.js";
import type { CommandContext } from "../context.js";
import { printWritten } from "../print.js";

/** `report schema`: JSON Schemas for editors, linked from each record file. */
export function addSchemaCommand(program: Command, { output, cwd, setExit }: CommandContext): void {
  program
    .command("schema")
    .description(
      "write JSON Schemas for editors into schemas/ and point each record file at its own",
    )
    .option("-d, --data <dir>", "records folder holding <year>/*.yaml (default: data)")
    .action(async (options: { data?: string }) => {
      const { schemaCommand } = await import("../../project/commands.js");
      const result = await schemaCommand({ cwd, ...(options.data ? { data: options.data } : {}) });
      printWritten(output, result);
      for (const { file, problem } of result.refused) {
        output.write(`${file} ${chalk.red("error")} ${problem}\n`);
      }
      if (result.refused.length > 0) {
        output.write(
          `${chalk.red("✖")} schemas written; ${result.refused.length} record file${result.refused.length === 1 ? "" : "s"} left as ${result.refused.length === 1 ? "it was" : "they were"}\n`,
        );
        setExit(ExitCode.invalidInput);
        return;
      }
      output.write(`${chalk.green("✔")} schemas written\n`);
    });
}
