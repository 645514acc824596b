import chalk from "chalk";
import type { Command } from "commander";
import { ExitCode } from "../../core/errors.js";
import type { CommandContext } from "../context.js";
import { addRecordOptions, type RecordOptions, recordOptions } from "../options.js";

/**
 * `report figures <year>`: every figure printed in the year's report.md and its source, as a
 * listing (or JSON with `--json`) on stdout; problems of the records on stderr, as validate.
 */
export function addFiguresCommand(
  program: Command,
  { output, cwd, setExit }: CommandContext,
): void {
  addRecordOptions(
    program
      .command("figures")
      .description(
        "list every figure of a year's report.md with its source: record file:line, derivation, or typed text",
      )
      .argument("<year>", "a four-digit year, such as 2022")
      .option("--json", "print the list as JSON"),
  ).action(async (yearArgument: string, options: RecordOptions & { json?: boolean }) => {
    const { parseYear } = await import("../../load/year.js");
    const year = parseYear(yearArgument);
    const { figuresOf } = await import("../../audit/index.js");
    const { printResults } = await import("../print.js");
    const { describeSource } = await import("../../audit/describe.js");
    const found = await figuresOf({ cwd, years: [year], ...recordOptions(options) }, year);
    const write = output.data;
    if (!found.figures) {
      printResults([found.result], output, cwd, "valid");
      if (options.json) {
        const { jsonSummary } = await import("../json.js");
        write(jsonSummary("figures", [found.result]));
      }
      setExit(ExitCode.invalidInput);
      return;
    }
    if (options.json) {
      write(
        `${JSON.stringify({ ok: true, exit_code: ExitCode.ok, year, figures: found.figures }, null, 2)}\n`,
      );
    } else {
      let section: string | undefined;
      for (const figure of found.figures) {
        if (figure.section !== section) {
          section = figure.section;
          write(`\n${chalk.bold(section || "(before the first heading)")}\n`);
        }
        const what = [figure.kind, figure.unit].filter(Boolean).join(" ");
        write(
          `  ${chalk.dim(`report.md:${figure.line}`)}  ${figure.text}  ${chalk.cyan(what)}\n` +
            figure.sources.map((source) => `      ← ${describeSource(source)}\n`).join(""),
        );
      }
      const typed = found.figures.filter((figure) => figure.printed_by === null).length;
      output.write(
        `\n${found.figures.length} figures in report.md of ${year}: ${found.figures.length - typed} printed from the records, ${typed} typed as text\n`,
      );
    }
    setExit(ExitCode.ok);
  });
}
