import type { Issue } from "../core/issue.js";
import { HelperError } from "./helpers.js";

/** A mistake in a template (or in narrative prose, which is a template too), with its place. */
export class TemplateError extends Error {
  readonly issue: Issue;
  constructor(issue: Issue, options?: { cause?: unknown }) {
    super(`${issue.file}:${issue.line ?? 1}:${issue.column ?? 1} ${issue.message}`, options);
    this.name = "TemplateError";
    this.issue = issue;
  }
}

/** Reads line, column and a plain message out of whatever Handlebars or a helper threw. */
export function describeError(
  cause: unknown,
  explainMissing: (
    name: string,
    line: number,
    column: number,
  ) => { message: string; hint?: string },
): { line: number; column: number; message: string; hint?: string } {
  const error = cause as {
    message?: string;
    lineNumber?: number;
    column?: number;
    loc?: hbs.AST.SourceLocation;
    hint?: string;
  };
  if (cause instanceof HelperError || error.loc) {
    const loc = (cause instanceof HelperError ? cause.loc : error.loc) as
      | hbs.AST.SourceLocation
      | undefined;
    return {
      line: loc?.start.line ?? 1,
      column: (loc?.start.column ?? 0) + 1,
      message: error.message ?? String(cause),
      ...(error.hint ? { hint: error.hint } : {}),
    };
  }
  const raw = error.message ?? String(cause);
  const missing = /^"(.+)" not defined in .*? - \d+:\d+$/s.exec(raw);
  if (missing?.[1]) {
    const line = error.lineNumber ?? 1;
    const column = (error.column ?? 0) + 1;
    return { line, column, ...explainMissing(missing[1], line, column) };
  }
  const parse = /^Parse error on line (\d+):\n(.*)\n(-*)\^\n(.*)$/s.exec(raw);
  if (parse) {
    return {
      line: Number(parse[1]),
      column: (parse[3]?.length ?? 0) + 1,
      message: `cannot parse the template: unexpected ${describeToken(/got '([^']+)'/.exec(parse[4] ?? "")?.[1])}`,
    };
  }
  const located = /^(.*) - (\d+):(\d+)$/s.exec(raw);
  if (located) {
    return { line: Number(located[2]), column: Number(located[3]) + 1, message: located[1] ?? raw };
  }
  return { line: error.lineNumber ?? 1, column: (error.column ?? 0) + 1, message: raw };
}

function describeToken(token: string | undefined): string {
  if (token === "EOF") return "end of template (a block or mustache is not closed)";
  if (token === "INVALID") return "characters (a mustache is not closed with }})";
  return token ? token.toLowerCase().replace(/_/g, " ") : "input";
}
