import chalk from "chalk";
import { type Command, Option } from "commander";
import { displayPath } from "../../core/paths.js";
import { type ProjectLanguage, projectLanguages } from "../../project/regions.js";
import type { CommandContext } from "../context.js";
import { printWritten } from "../print.js";

/** `report new <dir>`: a project that builds at once. */
export function addNewCommand(program: Command, { output, cwd }: CommandContext): void {
  program
    .command("new")
    .description(
      "create a project in <dir>: config, this year's sample records, schemas, package.json, README, CI",
    )
    .argument("<dir>", "a new or empty folder")
    .option("--organisation <name>", "the organisation the reports are for")
    .option("--short-name <name>", "the short name the prose uses (default: the organisation)")
    .addOption(
      new Option(
        "--language <language>",
        "the language of the reports, and with a region its currency, calendar, quotation marks and paper: zh-TW (TWD, ROC years, 「」), zh-HK (HKD, 「」), zh-CN or zh-Hans (CNY), zh-Hant, en-GB or en (GBP, A4), en-US (USD, Letter)",
      )
        .choices(projectLanguages)
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
          language: ProjectLanguage;
          preset: "committee" | "charity" | "blank";
          ci: "github" | "gitlab" | "none";
          year?: string;
        },
      ) => {
        const { parseYear } = await import("../../load/year.js");
        const year = options.year ? parseYear(options.year) : new Date().getFullYear();
        const { newProject } = await import("../../project/new.js");
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
        printWritten(output, result);
        output.write(
          `${chalk.green("✔")} project created in ${displayPath(cwd, result.root)}; next: ${result.next}\n`,
        );
      },
    );
}
