import chalk from "chalk";
import type { StageEvent, YearResult } from "../build.js";
import type { Issue } from "../core/issue.js";
import type { Output } from "./print.js";

/**
 * A line of progress per stage (load, validate, render, print, write) with its time. On a
 * terminal the year's line grows in place as the stages end; elsewhere (CI logs) each stage is
 * a plain line of its own.
 */
export function stageProgress(output: Output): {
  progress: (event: StageEvent) => void;
  finish: () => void;
} {
  const lines = new Map<number, string[]>();
  let drawn = false;
  return {
    progress(event) {
      const entry = `${event.stage} ${Math.round(event.milliseconds)} ms`;
      if (!output.isTTY) {
        output.write(chalk.dim(`  ${event.year} ${entry}\n`));
        return;
      }
      const parts = lines.get(event.year) ?? [];
      parts.push(entry);
      lines.set(event.year, parts);
      output.write(`\r\x1b[2K${chalk.dim(`  ${event.year} ${parts.join(" · ")}`)}`);
      drawn = true;
    },
    finish() {
      if (drawn) output.write("\n");
      drawn = false;
      lines.clear();
    },
  };
}

/** An issue for machines: where and what, without the code frame meant for eyes. */
function plainIssue(issue: Issue) {
  const { frame: _frame, ...rest } = issue;
  return rest;
}

/** The summary `--json` prints on stdout, for CI scripts. */
export function jsonSummary(command: string, results: YearResult[]): string {
  return `${JSON.stringify(
    {
      command,
      ok: results.every((result) => result.errors.length === 0),
      years: results.map((result) => ({
        year: result.year,
        ok: result.errors.length === 0,
        files: result.files.map((file) => ({
          format: file.format,
          path: file.path,
          bytes: file.bytes,
        })),
        ...(result.pages !== undefined
          ? {
              pdf: {
                pages: result.pages,
                prints: result.prints,
                front_printed: result.frontPrinted ?? false,
              },
            }
          : {}),
        milliseconds: Math.round(result.milliseconds),
        stages: Object.fromEntries(
          Object.entries(result.stages).map(([stage, ms]) => [stage, Math.round(ms ?? 0)]),
        ),
        errors: result.errors.map(plainIssue),
        warnings: result.warnings.map(plainIssue),
      })),
    },
    null,
    2,
  )}\n`;
}
