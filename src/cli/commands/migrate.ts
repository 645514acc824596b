import chalk from "chalk";
import type { Command } from "commander";
import type { CommandContext } from "../context.js";

/** `report migrate`: what records and templates of an earlier release should change. */
export function addMigrateCommand(program: Command, { output, cwd }: CommandContext): void {
  program
    .command("migrate")
    .description(
      "show what records and templates made with an earlier release should change; --write changes them",
    )
    .option("-d, --data <dir>", "records folder holding <year>/*.yaml (default: data)")
    .option("--write", "make the changes (without it nothing is written)")
    .action(async (options: { data?: string; write?: boolean }) => {
      const { planMigration } = await import("../../project/migrate.js");
      const steps = await planMigration({ cwd, ...(options.data ? { data: options.data } : {}) });
      if (steps.length === 0) {
        output.write(
          `${chalk.green("✔")} nothing to migrate: the project is as this release reads it\n`,
        );
        return;
      }
      for (const step of steps) {
        if (options.write) await step.apply();
        output.write(
          `  ${options.write ? chalk.green("~") : chalk.yellow("?")} ${step.file}: ${step.change}\n`,
        );
      }
      output.write(
        options.write
          ? `${chalk.green("✔")} ${steps.length} change${steps.length === 1 ? "" : "s"} made\n`
          : `${steps.length} change${steps.length === 1 ? "" : "s"} to make; nothing was written. Run report migrate --write to make ${steps.length === 1 ? "it" : "them"}.\n`,
      );
    });
}
