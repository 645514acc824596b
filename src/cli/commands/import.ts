import chalk from "chalk";
import { type Command, Option } from "commander";
import type { CommandContext } from "../context.js";

/** `report import <file>`: a spreadsheet into a year's records. */
export function addImportCommand(program: Command, { output, cwd }: CommandContext): void {
  program
    .command("import")
    .description(
      "turn a spreadsheet (.xlsx or .csv) into <year>'s proposals, relief, activities or figures records",
    )
    .argument("<file>", "the workbook or CSV file, such as 提案台賬.xlsx")
    .addOption(
      new Option("--into <records>", "which records the rows are")
        .choices(["proposals", "relief", "activities", "figures"])
        .makeOptionMandatory(),
    )
    .requiredOption("--year <year>", "the year whose records they are, such as 2024")
    .option("-d, --data <dir>", "records folder holding <year>/*.yaml (default: data)")
    .option("--sheet <name>", "the sheet of a workbook (default: the first visible one)")
    .option("--map <file>", "a YAML file naming the field of each of your headers: 提案標題: title")
    .addOption(
      new Option("--encoding <encoding>", "how a CSV file is encoded when it is not UTF-8").choices(
        ["utf-8", "gb18030", "big5"],
      ),
    )
    .option("--session <name>", "the session the proposals were put to, when no column says")
    .option("--force", "replace the records file if there is one (the old one is kept as .bak)")
    .action(
      async (
        file: string,
        options: {
          into: "proposals" | "relief" | "activities" | "figures";
          year: string;
          data?: string;
          sheet?: string;
          map?: string;
          encoding?: "utf-8" | "gb18030" | "big5";
          session?: string;
          force?: boolean;
        },
      ) => {
        const { parseYear } = await import("../../load/year.js");
        const year = parseYear(options.year);
        const { importRecords } = await import("../../import/index.js");
        const result = await importRecords({
          cwd,
          file,
          year,
          into: options.into,
          force: Boolean(options.force),
          ...(options.data ? { data: options.data } : {}),
          ...(options.sheet ? { sheet: options.sheet } : {}),
          ...(options.map ? { map: options.map } : {}),
          ...(options.encoding ? { encoding: options.encoding } : {}),
          ...(options.session ? { session: options.session } : {}),
        });
        if (result.sheet)
          output.write(
            `  ${chalk.yellow("!")} read ${result.sheet.name}, the first visible sheet; skipped the hidden ${result.sheet.hidden.join(", ")} (name one with --sheet to read it)\n`,
          );
        if (result.backup)
          output.write(`  ${chalk.dim(`~ ${result.backup} (the file it replaced)`)}\n`);
        output.write(
          `  ${chalk.green("+")} ${result.file}${
            result.kept.length > 0
              ? chalk.dim(` (${result.kept.join(", ")} kept from the file it replaced)`)
              : ""
          }\n`,
        );
        output.write(
          `${chalk.green("✔")} ${result.rows} row${result.rows === 1 ? "" : "s"} imported${
            result.encoding ? ` (read as ${result.encoding})` : ""
          }; report validate ${year} checks them with the rest of the year\n`,
        );
      },
    );
}
