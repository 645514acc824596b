import type { Command } from "commander";
import { ExitCode } from "../../core/errors.js";
import type { CommandContext } from "../context.js";
import { addRecordOptions, type RecordOptions, recordOptions } from "../options.js";

/** `report validate [years…]`: every problem of each year's records, nothing written. */
export function addValidateCommand(
  program: Command,
  { output, cwd, setExit }: CommandContext,
): void {
  addRecordOptions(
    program
      .command("validate")
      .description("check the records of each year and print every problem; writes nothing")
      .argument("[years...]", "four-digit years, such as 2022; none: every year the records keep")
      .option("--json", "print a summary for scripts on stdout: years, issues"),
  ).action(async (yearArguments: string[], options: RecordOptions & { json?: boolean }) => {
    const { parseYear } = await import("../../load/year.js");
    // A year named twice is built once.
    // None named: every year the records folder keeps.
    const years =
      yearArguments.length > 0
        ? [...new Set(yearArguments.map(parseYear))]
        : await (await import("../../project/config.js")).recordedYears(cwd, options.data);
    const { validate } = await import("../../build/index.js");
    const { printResults } = await import("../print.js");
    const results = await validate({
      cwd,
      years,
      ...recordOptions(options),
    });
    printResults(results, output, cwd, "valid");
    if (options.json) {
      const { jsonSummary } = await import("../json.js");
      output.data(jsonSummary("validate", results));
    }
    setExit(results.some((result) => result.errors.length) ? ExitCode.invalidInput : ExitCode.ok);
  });
}
