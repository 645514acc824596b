import chalk from "chalk";
import { type Command, Option } from "commander";
import { ExitCode } from "../../core/errors.js";
import type { CommandContext } from "../context.js";
import { parseTimeout } from "../options.js";

/** `report doctor`: what builds need, checked. */
export function addDoctorCommand(program: Command, { output, cwd, setExit }: CommandContext): void {
  program
    .command("doctor")
    .description("check what builds need: Node, a browser, the fonts, a writable output folder")
    .option("-b, --browser <path>", "Chrome, Chromium or Edge to check instead of the one found")
    .addOption(
      new Option(
        "--timeout <seconds>",
        "longest time the browser may take to answer, then to print a page",
      ).argParser(parseTimeout),
    )
    .action(async (options: { browser?: string; timeout?: number }) => {
      const { doctor } = await import("../../doctor/doctor.js");
      const checks = await doctor({
        cwd,
        ...(options.browser ? { browser: options.browser } : {}),
        ...(options.timeout ? { timeout: options.timeout } : {}),
      });
      for (const check of checks) {
        const mark = check.ok ? chalk.green("✔") : chalk.red("✖");
        output.write(`${mark} ${chalk.bold(check.name)}: ${check.detail}\n`);
        if (check.fix) output.write(`${check.fix.replace(/^/gm, "    ")}\n`);
      }
      const failed = checks.filter((check) => !check.ok).length;
      output.write(
        failed
          ? `${chalk.red(`${failed} problem${failed === 1 ? "" : "s"}`)}\n`
          : `${chalk.green("all good")}\n`,
      );
      setExit(failed ? ExitCode.environment : ExitCode.ok);
    });
}
