import chalk from "chalk";
import { Command, CommanderError } from "commander";
import { ExitCode, type ExitCodeValue, InputError, ReportError } from "../core/errors.js";
import { packageVersion } from "../core/paths.js";
import { TemplateError } from "../render/template-errors.js";
import { addBuildCommand } from "./commands/build.js";
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
  output: Output,
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
  const program = createProgram(
    output,
    cwd,
    (code) => {
      exitCode = code;
    },
    options.keptBrowser,
  );
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    return reportError(error, output);
  }
}

function reportError(error: unknown, output: Output): ExitCodeValue {
  if (error instanceof CommanderError) {
    // Commander has printed its message already; --help and --version end here too.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  const debug = Boolean(process.env.DEBUG);
  if (error instanceof TemplateError) {
    output.write(`${formatIssue(error.issue)}\n`);
    return ExitCode.invalidInput;
  }
  if (error instanceof InputError) {
    for (const issue of error.issues) output.write(`${formatIssue(issue)}\n\n`);
    output.write(`${chalk.red("✖")} ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof ReportError) {
    output.write(`${chalk.red("error")} ${error.message}\n`);
    if (debug) output.write(`${describeChain(error)}\n`);
    return error.exitCode;
  }
  output.write(
    `${chalk.red("internal error")} ${error instanceof Error ? error.message : String(error)}\n` +
      "This is a bug in report. Please report it with the command you ran and the output of the same command with DEBUG=1.\n",
  );
  if (debug) output.write(`${describeChain(error)}\n`);
  return ExitCode.internal;
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
