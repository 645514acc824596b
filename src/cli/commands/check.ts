import chalk from "chalk";
import { type Command, Option } from "commander";
import { ExitCode } from "../../core/errors.js";
import type { CommandContext } from "../context.js";
import { addRecordOptions, type RecordOptions, recordOptions } from "../options.js";

interface CheckCommandOptions extends RecordOptions {
  year?: string;
  json?: boolean;
  html?: string | false;
  encoding?: "gb18030" | "big5";
  writeNarrative?: boolean;
  force?: boolean;
}

const marks = {
  agrees: chalk.green("✔ agrees   "),
  disagrees: chalk.red("✖ disagrees"),
  unknown: chalk.yellow("? unknown  "),
  ambiguous: chalk.magenta("~ ambiguous"),
};

/**
 * `report check <draft>`: every figure of a draft written by hand (Word, Markdown, HTML, text)
 * against the year's records: agrees, disagrees, unknown or ambiguous, each with the draft's
 * place and the record's file:line. Exit 1 when a figure disagrees, so CI can hold a draft.
 */
export function addCheckCommand(program: Command, { output, cwd, setExit }: CommandContext): void {
  addRecordOptions(
    program
      .command("check")
      .description(
        "check the figures of a draft written by hand (.docx, .md, .txt, .html) against a year's records",
      )
      .argument("<draft>", "the draft, such as 2024年度工作報告.docx")
      .option("--year <year>", "the year whose records to check against (default: the latest)")
      .option("--json", "print every figure and its verdict as JSON")
      .option(
        "--html <file>",
        "where to write the draft with each figure marked (default: out/<year>/<draft>.check.html)",
      )
      .option("--no-html", "write no HTML page")
      .addOption(
        new Option(
          "--encoding <encoding>",
          "how a text draft is encoded when it is not UTF-8 or UTF-16",
        ).choices(["gb18030", "big5"]),
      )
      .option(
        "--write-narrative",
        "write data/<year>/narrative.yaml from the draft, its agreeing figures as the references that print them",
      )
      .option("--force", "replace narrative.yaml if there is one (the old one is kept as .bak)"),
  ).action(async (draft: string, options: CheckCommandOptions) => {
    const { parseYear } = await import("../../load/year.js");
    const { findProject, recordsFolder } = await import("../../project/config.js");
    const { latestYear } = await import("../../project/commands.js");
    const { UsageError } = await import("../../core/errors.js");
    const records = recordOptions(options);
    let year: number;
    if (options.year) year = parseYear(options.year);
    else {
      const project = await findProject(cwd);
      const latest = await latestYear(recordsFolder(project, { cwd, ...records }));
      if (latest === undefined)
        throw new UsageError("no year folder of records to check against; name one with --year");
      year = latest;
    }
    const check = await import("../../check/index.js");
    const checked = await check.checkDraft(
      {
        cwd,
        years: [year],
        draft,
        ...records,
        ...(options.encoding ? { encoding: options.encoding } : {}),
      },
      year,
    );
    if (!checked.judged || !checked.draft || !checked.counts) {
      const { printResults } = await import("../print.js");
      printResults([checked.result], output, cwd, "valid");
      if (options.json) {
        const { jsonSummary } = await import("../json.js");
        output.data(jsonSummary("check", [checked.result]));
      }
      setExit(ExitCode.invalidInput);
      return;
    }
    const { judged, counts } = checked;
    const drafted = checked.draft;
    let page: string | undefined;
    if (options.html !== false) {
      const { writeCheckPage } = await import("../../check/page.js");
      page = await writeCheckPage(
        { cwd, ...records },
        year,
        drafted,
        judged,
        checked.language ?? "en",
        options.html,
      );
    }
    let narrative: { file: string; backup?: string } | undefined;
    if (options.writeNarrative) {
      const { writeNarrative } = await import("../../check/narrative.js");
      narrative = await writeNarrative(
        { cwd, ...records },
        year,
        drafted,
        judged,
        Boolean(options.force),
      );
    }
    if (options.json) {
      output.data(
        `${JSON.stringify(
          {
            ok: counts.disagrees === 0,
            exit_code: counts.disagrees > 0 ? ExitCode.invalidInput : ExitCode.ok,
            year,
            draft: drafted.file,
            counts,
            figures: judged.map((entry) => check.judgedJson(drafted, entry)),
            ...(page ? { page } : {}),
            ...(narrative ? { narrative } : {}),
          },
          null,
          2,
        )}\n`,
      );
    } else {
      const { describeSource } = await import("../../audit/describe.js");
      const write = output.data;
      for (const entry of judged) {
        const { figure, known } = entry;
        write(
          `${marks[entry.verdict]}  ${chalk.dim(check.placeOf(drafted, figure))}  ${figure.text}\n`,
        );
        if (entry.verdict === "disagrees" && known) {
          write(`      the records give ${chalk.bold(known.text)} (report.md:${known.line})\n`);
        }
        for (const source of known?.sources ?? []) write(`      ← ${describeSource(source)}\n`);
        for (const candidate of entry.candidates ?? []) {
          write(
            `      or ${candidate.text} ← ${candidate.sources.map(describeSource).join("; ")}\n`,
          );
        }
        const json = entry.verdict === "unknown" ? check.judgedJson(drafted, entry).yaml : null;
        if (json)
          write(
            `${chalk.dim(`      figures.yaml could hold it as:\n${json.replace(/^/gm, "        ")}`)}\n`,
          );
      }
      output.write(
        `\n${judged.length} figures in ${drafted.file} checked against the records of ${year}: ${counts.agrees} agree, ${counts.disagrees} disagree, ${counts.unknown} unknown, ${counts.ambiguous} ambiguous\n`,
      );
      if (page) output.write(`  ${chalk.green("+")} ${page}\n`);
      if (narrative?.backup)
        output.write(`  ${chalk.dim(`~ ${narrative.backup} (the file it replaced)`)}\n`);
      if (narrative) output.write(`  ${chalk.green("+")} ${narrative.file}\n`);
    }
    setExit(counts.disagrees > 0 ? ExitCode.invalidInput : ExitCode.ok);
  });
}
