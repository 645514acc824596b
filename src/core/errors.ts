import type { Issue } from "./issue.js";

/**
 * The exit codes of the `report` command, written down once. The CLI is the only place that
 * turns an error into one of these; the library throws `ReportError`s carrying the code.
 */
export const ExitCode = {
  ok: 0,
  /** Records or templates are invalid: fix the input and build again. */
  invalidInput: 1,
  /** The command line itself is wrong: an unknown option, a malformed year. */
  usage: 2,
  /** The machine is missing something: a folder cannot be written, a browser is absent. */
  environment: 3,
  /** A bug in `report` itself. */
  internal: 70,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** What an error says, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ReportError extends Error {
  readonly exitCode: ExitCodeValue;

  constructor(message: string, exitCode: ExitCodeValue, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ReportError";
    this.exitCode = exitCode;
  }
}

/** Input the user must fix, with every problem found: a config file, records, templates. */
export class InputError extends ReportError {
  readonly issues: Issue[];

  constructor(message: string, issues: Issue[]) {
    super(message, ExitCode.invalidInput);
    this.name = "InputError";
    this.issues = issues;
  }
}

export class UsageError extends ReportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.usage, options);
    this.name = "UsageError";
  }
}

export class EnvironmentError extends ReportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.environment, options);
    this.name = "EnvironmentError";
  }
}
