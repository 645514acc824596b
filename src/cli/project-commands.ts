import chalk from "chalk";
import { type Command, Option } from "commander";
import { ExitCode, type ExitCodeValue } from "../core/errors.js";
import { displayPath } from "../core/paths.js";
import type { Output } from "./print.js";

/**
 * The commands that make and change a project rather than build it: new, init, eject, schema,
 * migrate and import.
 */
export function addProjectCommands(
  program: Command,
  output: Output,
  cwd: string,
  setExit: (code: ExitCodeValue) => void,
): void {
  const printWritten = (written: { written: string[]; kept: string[] }) => {
    for (const file of written.written) output.write(`  ${chalk.green("+")} ${file}\n`);
    for (const file of written.kept) output.write(`  ${chalk.dim(`= ${file} (kept)`)}\n`);
  };

  program
    .command("new")
    .description(
      "create a project in <dir>: config, this year's sample records, schemas, package.json, README, CI",
    )
    .argument("<dir>", "a new or empty folder")
    .option("--organisation <name>", "the organisation the reports are for")
    .option("--short-name <name>", "the short name the prose uses (default: the organisation)")
    .addOption(
      new Option("--language <language>", "the language of the reports")
        .choices(["zh-Hant", "zh-Hans", "en"])
        .default("zh-Hant"),
    )
    .addOption(
      new Option(
        "--preset <preset>",
        "what to start from: a committee's records (proposals, social conditions), a charity's (income and spending, relief, volunteers), or a blank year",
      )
        .choices(["committee", "charity", "blank"])
        .default("committee"),
    )
    .addOption(
      new Option("--ci <service>", "CI that validates every push and builds the PDF on a tag")
        .choices(["github", "gitlab", "none"])
        .default("github"),
    )
    .option("--year <year>", "the first year of records (default: this year)")
    .action(
      async (
        dir: string,
        options: {
          organisation?: string;
          shortName?: string;
          language: "zh-Hant" | "zh-Hans" | "en";
          preset: "committee" | "charity" | "blank";
          ci: "github" | "gitlab" | "none";
          year?: string;
        },
      ) => {
        const { parseYear } = await import("../load/year.js");
        const year = options.year ? parseYear(options.year) : new Date().getFullYear();
        const { newProject } = await import("../project/new.js");
        const result = await newProject({
          cwd,
          dir,
          year,
          language: options.language,
          preset: options.preset,
          ci: options.ci,
          ...(options.organisation ? { organisation: options.organisation } : {}),
          ...(options.shortName ? { shortName: options.shortName } : {}),
        });
        printWritten(result);
        output.write(
          `${chalk.green("✔")} project created in ${displayPath(cwd, result.root)}; next: ${result.next}\n`,
        );
      },
    );

  program
    .command("init")
    .description(
      "start <year> from the latest earlier year: figures and dates marked TODO, prose kept as a draft",
    )
    .argument("<year>", "the new year, such as 2023")
    .option("-d, --data <dir>", "records folder holding <year>/*.yaml (default: data)")
    .action(async (yearArgument: string, options: { data?: string }) => {
      const { parseYear } = await import("../load/year.js");
      const year = parseYear(yearArgument);
      const { initYear } = await import("../project/commands.js");
      const result = await initYear({ cwd, year, ...(options.data ? { data: options.data } : {}) });
      printWritten(result);
      output.write(
        `${chalk.green("✔")} ${year} started from ${result.from}; report validate ${year} lists every TODO left\n`,
      );
    });

  program
    .command("eject")
    .description("copy the built-in templates and stylesheet into templates/ to change them")
    .option("--force", "overwrite templates already in templates/")
    .action(async (options: { force?: boolean }) => {
      const { ejectTemplates } = await import("../project/commands.js");
      const result = await ejectTemplates({ cwd, force: Boolean(options.force) });
      printWritten(result);
      output.write(
        `${chalk.green("✔")} ${result.written.length} templates in templates/; each replaces the built-in one of the same name\n`,
      );
    });

  program
    .command("schema")
    .description(
      "write JSON Schemas for editors into schemas/ and point each record file at its own",
    )
    .option("-d, --data <dir>", "records folder holding <year>/*.yaml (default: data)")
    .action(async (options: { data?: string }) => {
      const { schemaCommand } = await import("../project/commands.js");
      const result = await schemaCommand({ cwd, ...(options.data ? { data: options.data } : {}) });
      printWritten(result);
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

  program
    .command("migrate")
    .description(
      "show what records and templates made with an earlier release should change; --write changes them",
    )
    .option("-d, --data <dir>", "records folder holding <year>/*.yaml (default: data)")
    .option("--write", "make the changes (without it nothing is written)")
    .action(async (options: { data?: string; write?: boolean }) => {
      const { planMigration } = await import("../project/migrate.js");
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
    .option("--sheet <name>", "the sheet of a workbook (default: the first)")
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
        const { parseYear } = await import("../load/year.js");
        const year = parseYear(options.year);
        const { importRecords } = await import("../import/index.js");
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
