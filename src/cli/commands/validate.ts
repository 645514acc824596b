import type { Command } from "commander";
import { ExitCode } from "../../core/errors.js";
import type { CommandContext } from "../context.js";
import { addRecordOptions, type RecordOptions, recordOptions } from "../options.js";

/** `report validate <years…>`: every problem of each year's records, nothing written. */
export function addValidateCommand(
  program: Command,
  { output, cwd, setExit }: CommandContext,
): void {
  addRecordOptions(
    program
      .command("validate")
      .description("check the records of each year and print every problem; writes nothing")
      .argument("<years...>", "four-digit years, such as 2022"),
  ).action(async (yearArguments: string[], options: RecordOptions) => {
    const { parseYear } = await import("../../load/year.js");
    // A year named twice is built once.
    const years = [...new Set(yearArguments.map(parseYear))];
    const { validate } = await import("../../build.js");
    const { printResults } = await import("../print.js");
    const results = await validate({
      cwd,
      years,
      ...recordOptions(options),
    });
    printResults(results, output, cwd, "valid");
    setExit(results.some((result) => result.errors.length) ? ExitCode.invalidInput : ExitCode.ok);
  });
}
