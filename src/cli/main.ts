import chalk from "chalk";
import { Command, CommanderError } from "commander";
import {
  ExitCode,
  type ExitCodeValue,
  InputError,
  messageOf,
  ReportError,
} from "../core/errors.js";
import type { Issue } from "../core/issue.js";
import { packageVersion } from "../core/paths.js";
import { TemplateError } from "../render/template-errors.js";
import { addBuildCommand } from "./commands/build.js";
import { addCheckCommand } from "./commands/check.js";
import { addDoctorCommand } from "./commands/doctor.js";
import { addEjectCommand } from "./commands/eject.js";
import { addFiguresCommand } from "./commands/figures.js";
import { addImportCommand } from "./commands/import.js";
import { addInitCommand } from "./commands/init.js";
import { addMigrateCommand } from "./commands/migrate.js";
import { addNewCommand } from "./commands/new.js";
import { addSchemaCommand } from "./commands/schema.js";
import { addServeCommand } from "./commands/serve.js";
import { addValidateCommand } from "./commands/validate.js";
import type { CommandContext } from "./context.js";
import { formatIssue, type Output } from "./print.js";

const exitCodeHelp = `
Exit codes:
  0   success
  1   invalid records or templates (each problem is printed with file and line)
  2   usage: unknown option or format, malformed year, a year without records
  3   environment: no browser for the PDF, fonts missing, a print that failed or
      timed out, an output folder that cannot be written, a port in use
  70  internal error in report itself`;

function createProgram(
  output: CommandContext["output"],
  cwd: string,
  setExit: (code: ExitCodeValue) => void,
  keptBrowser: CommandContext["keptBrowser"],
): Command {
  const program = new Command("report")
    .description("Compile annual work reports from YAML records into Markdown, HTML and PDF.")
    .version(packageVersion(), "-V, --version")
    .showHelpAfterError("(run report --help for usage)")
    .addHelpText("after", exitCodeHelp)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => output.write(text),
      outputError: (text, write) => write(chalk.red(text)),
    });

  const context: CommandContext = { output, cwd, setExit, keptBrowser };
  addBuildCommand(program, context);
  addServeCommand(program, context);
  addDoctorCommand(program, context);
  addValidateCommand(program, context);
  addFiguresCommand(program, context);
  addCheckCommand(program, context);
  addNewCommand(program, context);
  addInitCommand(program, context);
  addEjectCommand(program, context);
  addSchemaCommand(program, context);
  addMigrateCommand(program, context);
  addImportCommand(program, context);

  return program;
}

/**
 * Runs the command line and returns the exit code. The one place that turns errors into
 * messages and codes; nothing below it calls process.exit or prints a stack trace. A caller
 * that runs it again and again may keep one browser for every build's PDF (`keptBrowser`).
 */
export async function run(
  argv: string[],
  output: Output = {
    write: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    data: (text) => process.stdout.write(text),
  },
  cwd = process.cwd(),
  options: { keptBrowser?: CommandContext["keptBrowser"] } = {},
): Promise<ExitCodeValue> {
  let exitCode: ExitCodeValue = ExitCode.ok;
  // With --json a script gets exactly one document on stdout, whatever happens.
  const wantsJson = argv.slice(0, argv.indexOf("--") + 1 || undefined).includes("--json");
  const data = output.data ?? ((text: string) => process.stdout.write(text));
  let documented = false;
  const program = createProgram(
    {
      ...output,
      data: (text) => {
        documented = true;
        data(text);
      },
    },
    cwd,
    (code) => {
      exitCode = code;
    },
    options.keptBrowser,
  );
  let failure: Failure | undefined;
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    failure = reportError(error, output);
    exitCode = failure.code;
  }
  if (wantsJson && !documented && exitCode !== ExitCode.ok) {
    const command = program.commands.find((each) => each.name() === argv[0])?.name() ?? null;
    const { jsonFailure } = await import("./json.js");
    data(jsonFailure(command, exitCode, failure?.message ?? "the command failed", failure?.issues));
  }
  return exitCode;
}

interface Failure {
  code: ExitCodeValue;
  message: string;
  issues?: Issue[];
}

/** Prints an error for eyes on stderr; returns its exit code and what a script is told. */
function reportError(error: unknown, output: Output): Failure {
  if (error instanceof CommanderError) {
    // Commander has printed its message already; --help and --version end here too.
    return {
      code: error.exitCode === 0 ? ExitCode.ok : ExitCode.usage,
      message: error.message.replace(/^error: /, ""),
    };
  }
  const debug = Boolean(process.env.DEBUG);
  if (error instanceof TemplateError) {
    output.write(`${formatIssue(error.issue)}\n`);
    return { code: ExitCode.invalidInput, message: error.issue.message, issues: [error.issue] };
  }
  if (error instanceof InputError) {
    for (const issue of error.issues) output.write(`${formatIssue(issue)}\n\n`);
    output.write(`${chalk.red("✖")} ${error.message}\n`);
    return { code: error.exitCode, message: error.message, issues: error.issues };
  }
  if (error instanceof ReportError) {
    output.write(`${chalk.red("error")} ${error.message}\n`);
    if (debug) output.write(`${describeChain(error)}\n`);
    return { code: error.exitCode, message: error.message };
  }
  const message = messageOf(error);
  output.write(
    `${chalk.red("internal error")} ${message}\n` +
      "This is a bug in report. Please report it with the command you ran and the output of the same command with DEBUG=1.\n",
  );
  if (debug) output.write(`${describeChain(error)}\n`);
  return { code: ExitCode.internal, message };
}

/** The stack of an error and of each error it was caused by, for DEBUG output. */
function describeChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current !== undefined && parts.length < 5) {
    parts.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join("\ncaused by: ");
}
