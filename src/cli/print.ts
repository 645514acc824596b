import chalk from "chalk";
import type { YearResult } from "../build/index.js";
import { type Issue, location } from "../core/issue.js";
import { Exact } from "../figure/exact.js";
import { displayPath } from "../load/year.js";

/** Where the CLI writes: stderr, so that stdout stays free for data. */
export interface Output {
  write(text: string): void;
  /** Whether `write` goes to a terminal: progress is then drawn in place. */
  isTTY?: boolean;
  /** Where data for other programs goes (`--json`): stdout. */
  data?(text: string): void;
}

export function formatIssue(issue: Issue): string {
  const label = issue.severity === "error" ? chalk.red.bold("error") : chalk.yellow.bold("warning");
  const lines = [`${chalk.bold(location(issue))} ${label} ${issue.message}`];
  if (issue.path) lines.push(chalk.dim(`  at ${issue.path}`));
  if (issue.frame) lines.push(issue.frame.replace(/^/gm, "  "));
  if (issue.hint) lines.push(`  ${chalk.cyan("hint:")} ${issue.hint}`);
  return lines.join("\n");
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${Exact.ratio(bytes, 1024).toDigits(1)} kB`;
}

/** Errors first, then warnings apart, then one summary line a year. */
export function printResults(
  results: YearResult[],
  output: Output,
  cwd: string,
  verb: "built" | "valid",
): void {
  for (const result of results) {
    for (const issue of result.errors) output.write(`${formatIssue(issue)}\n\n`);
  }
  for (const result of results) {
    for (const issue of result.warnings) output.write(`${formatIssue(issue)}\n\n`);
  }
  for (const result of results) {
    const time = `${Math.round(result.milliseconds)} ms`;
    const counts = [
      result.errors.length ? chalk.red(plural(result.errors.length, "error")) : "",
      result.warnings.length ? chalk.yellow(plural(result.warnings.length, "warning")) : "",
    ]
      .filter(Boolean)
      .join(", ");
    if (result.errors.length) {
      output.write(
        `${chalk.red("✖")} ${result.year}: ${counts}${verb === "built" ? "; nothing written, previous outputs kept" : ""}\n`,
      );
      continue;
    }
    const files = result.files
      .filter((file) => file.format !== "svg")
      .map((file) => `${displayPath(cwd, file.path)} ${chalk.dim(`(${size(file.bytes)})`)}`)
      .join(", ");
    const what = verb === "built" ? files : "records are valid";
    output.write(
      `${chalk.green("✔")} ${result.year}: ${what}${counts ? `; ${counts}` : ""} ${chalk.dim(`in ${time}`)}\n`,
    );
    // Each chart's drawing for phones (charts/<name>-narrow.svg) goes without saying.
    const charts = result.files.filter(
      (file) => file.format === "svg" && !file.path.endsWith("-narrow.svg"),
    );
    if (charts.length > 0) {
      output.write(
        chalk.dim(
          `  ${plural(charts.length, "chart")}: ${charts.map((file) => displayPath(cwd, file.path)).join(", ")}\n`,
        ),
      );
    }
  }
}

/** The files a project command wrote (+) and those it left as they were (=). */
export function printWritten(output: Output, written: { written: string[]; kept: string[] }): void {
  for (const file of written.written) output.write(`  ${chalk.green("+")} ${file}\n`);
  for (const file of written.kept) output.write(`  ${chalk.dim(`= ${file} (kept)`)}\n`);
}
