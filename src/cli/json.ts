import type { YearResult } from "../build/index.js";
import { ExitCode, type ExitCodeValue } from "../core/errors.js";
import type { Issue } from "../core/issue.js";

/**
 * What `--json` prints on stdout: always exactly one document, whether the command succeeded,
 * found invalid records, was called wrongly or met a machine that cannot do the work. Every
 * document carries `ok` and `exit_code`; a failure carries `error` with its `kind`.
 */

/** The kind of failure an exit code stands for, as a script reads it. */
const kinds: Record<ExitCodeValue, string> = {
  [ExitCode.ok]: "none",
  [ExitCode.invalidInput]: "invalid-input",
  [ExitCode.usage]: "usage",
  [ExitCode.environment]: "environment",
  [ExitCode.internal]: "internal",
};

/** An issue for machines: where and what, without the code frame meant for eyes. */
export function plainIssue(issue: Issue) {
  const { frame: _frame, ...rest } = issue;
  return rest;
}

/** The document of a command that ended in an error before it had results to give. */
export function jsonFailure(
  command: string | null,
  exitCode: ExitCodeValue,
  message: string,
  issues: Issue[] = [],
): string {
  return `${JSON.stringify(
    {
      command,
      ok: false,
      exit_code: exitCode,
      error: { kind: kinds[exitCode], message, issues: issues.map(plainIssue) },
    },
    null,
    2,
  )}\n`;
}

/** The summary of `build --json` and `validate --json`, for CI scripts. */
export function jsonSummary(command: string, results: YearResult[]): string {
  const ok = results.every((result) => result.errors.length === 0);
  return `${JSON.stringify(
    {
      command,
      ok,
      exit_code: ok ? ExitCode.ok : ExitCode.invalidInput,
      ...(ok
        ? {}
        : {
            error: {
              kind: kinds[ExitCode.invalidInput],
              message: `invalid records in ${results
                .filter((result) => result.errors.length)
                .map((result) => result.year)
                .join(", ")}`,
            },
          }),
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
