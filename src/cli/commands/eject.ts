import chalk from "chalk";
import type { Command } from "commander";
import type { CommandContext } from "../context.js";
import { printWritten } from "../print.js";

/** `report eject`: the built-in templates copied into the project to change. */
export function addEjectCommand(program: Command, { output, cwd }: CommandContext): void {
  program
    .command("eject")
    .description("copy the built-in templates and stylesheet into templates/ to change them")
    .option("--force", "overwrite templates already in templates/")
    .action(async (options: { force?: boolean }) => {
      const { ejectTemplates } = await import("../../project/commands.js");
      const result = await ejectTemplates({ cwd, force: Boolean(options.force) });
      printWritten(output, result);
      output.write(
        `${chalk.green("✔")} ${result.written.length} templates in templates/; each replaces the built-in one of the same name\n`,
      );
    });
}
