import chalk from "chalk";
import { Command, CommanderError, Option } from "commander";
import {
  ExitCode,
  type ExitCodeValue,
  InputError,
  ReportError,
  UsageError,
} from "../core/errors.js";
import { packageVersion } from "../core/paths.js";
import {
  configuredFormats,
  parseFormats,
  parseTimeout,
  recordOption,
  recordOptions,
} from "./options.js";
import { formatIssue, type Output } from "./print.js";
import { addProjectCommands } from "./project-commands.js";
import { stopCleanlyOnSignals, untilStopped } from "./signals.js";

const exitCodeHelp = `
Exit codes:
  0   success
  1   invalid records or templates (each problem is printed with file and line)
  2   usage: unknown option, malformed year, a year without records
  3   environment: no browser for the PDF, fonts missing, a print that failed or
      timed out, an output folder that cannot be written
  70  internal error in report itself`;

function createProgram(
  output: Output,
  cwd: string,
  setExit: (code: ExitCodeValue) => void,
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

  program
    .command("build")
    .description("validate the records of each year and write out/<year>/report.md, .html and .pdf")
    .argument("<years...>", "four-digit years, such as 2022")
    .addOption(
      new Option(
        "-f, --format <list>",
        "comma-separated formats: md, html, pdf, docx (default: the config's formats, else md,html,pdf)",
      ),
    )
    .option("-o, --out <dir>", "output folder; each year goes to <dir>/<year>/ (default: out)")
    .addOption(recordOption("data"))
    .addOption(recordOption("templates"))
    .addOption(recordOption("script"))
    .addOption(recordOption("theme"))
    .option("-b, --browser <path>", "Chrome, Chromium or Edge to print the PDF with")
    .option("--timeout <seconds>", "longest time one PDF may take to print", "60")
    .option("-w, --watch", "build again whenever a record, template or the stylesheet changes")
    .option("--json", "print a summary for scripts on stdout: files, sizes, pages, times, issues")
    .action(
      async (
        yearArguments: string[],
        options: {
          format?: string;
          out?: string;
          data?: string;
          templates?: string;
          browser?: string;
          timeout: string;
          watch?: boolean;
          json?: boolean;
          script?: string;
          theme?: string;
        },
      ) => {
        const { parseYear } = await import("../load/year.js");
        // A year named twice is built once.
        const years = [...new Set(yearArguments.map(parseYear))];
        const formats = options.format
          ? (parseFormats(options.format) as Awaited<ReturnType<typeof configuredFormats>>)
          : await configuredFormats(cwd);
        const timeout = parseTimeout(options.timeout);
        const { build, startBrowser, watchTargets } = await import("../build.js");
        const { printResults } = await import("./print.js");
        const { jsonSummary, stageProgress } = await import("./progress.js");
        const { progress, finish } = stageProgress(output);
        const buildOptions = {
          cwd,
          years,
          formats,
          ...(options.out ? { out: options.out } : {}),
          ...recordOptions(options),
          ...(options.browser ? { browser: options.browser } : {}),
          timeout,
          progress,
        };
        const once = async (manager?: BrowserManagerType) => {
          let results: Awaited<ReturnType<typeof build>>;
          try {
            results = await build({ ...buildOptions, ...(manager ? { manager } : {}) });
          } finally {
            finish();
          }
          printResults(results, output, cwd, "built");
          if (options.json)
            (output.data ?? ((text) => process.stdout.write(text)))(jsonSummary("build", results));
          return results;
        };
        if (!options.watch) {
          const settled = stopCleanlyOnSignals(output);
          let results: Awaited<ReturnType<typeof build>>;
          try {
            results = await once();
          } finally {
            settled();
          }
          setExit(
            results.some((result) => result.errors.length) ? ExitCode.invalidInput : ExitCode.ok,
          );
          return;
        }
        const { watchFiles } = await import("../watch.js");
        const manager = formats.includes("pdf") ? await startBrowser(buildOptions) : undefined;
        try {
          await once(manager);
          let queue = Promise.resolve();
          const stop = await watchFiles(await watchTargets(buildOptions, years), (files) => {
            queue = queue.then(async () => {
              const { displayPath } = await import("../load/year.js");
              output.write(
                chalk.dim(`changed: ${files.map((file) => displayPath(cwd, file)).join(", ")}\n`),
              );
              try {
                await once(manager);
              } catch (error) {
                if (!(error instanceof ReportError)) throw error;
                output.write(`${chalk.red("error")} ${error.message}\n`);
              }
            });
          });
          output.write(chalk.dim("watching the records and templates; Ctrl-C stops\n"));
          await untilStopped();
          stop();
          await queue;
        } finally {
          await manager?.close();
        }
      },
    );

  program
    .command("serve")
    .description("preview a year's report in the browser, rebuilt and reloaded as files change")
    .argument("<year>", "a four-digit year, such as 2022")
    .option("-p, --port <port>", "port on 127.0.0.1 (0 picks a free one)", "4173")
    .addOption(recordOption("data"))
    .addOption(recordOption("templates"))
    .addOption(recordOption("script"))
    .addOption(recordOption("theme"))
    .option("-b, --browser <path>", "Chrome, Chromium or Edge to print /report.pdf with")
    .action(
      async (
        yearArgument: string,
        options: {
          port: string;
          data?: string;
          templates?: string;
          browser?: string;
          script?: string;
          theme?: string;
        },
      ) => {
        const { parseYear } = await import("../load/year.js");
        const year = parseYear(yearArgument);
        const port = /^\d{1,5}$/.test(options.port) ? Number(options.port) : Number.NaN;
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          throw new UsageError(`expected --port from 0 to 65535, found "${options.port}"`);
        }
        const { startPreview } = await import("../serve/server.js");
        const preview = await startPreview({
          cwd,
          years: [year],
          year,
          port,
          ...recordOptions(options),
          ...(options.browser ? { browser: options.browser } : {}),
          onRebuild: ({ milliseconds, errors, warnings }) => {
            const state = errors
              ? chalk.red(`${errors} error${errors === 1 ? "" : "s"} (shown in the page)`)
              : chalk.green("ok");
            output.write(
              `${chalk.dim(new Date().toTimeString().slice(0, 8))} ${year} ${state}${warnings ? chalk.yellow(`, ${warnings} warnings`) : ""} ${chalk.dim(`in ${Math.round(milliseconds)} ms`)}\n`,
            );
          },
        });
        output.write(
          `${chalk.green("✔")} preview of ${year} on ${chalk.bold(preview.url)} (PDF: ${preview.url}report.pdf); Ctrl-C stops\n`,
        );
        await untilStopped();
        await preview.close();
      },
    );

  program
    .command("doctor")
    .description("check what builds need: Node, a browser, the fonts, a writable output folder")
    .option("-b, --browser <path>", "Chrome, Chromium or Edge to check instead of the one found")
    .action(async (options: { browser?: string }) => {
      const { doctor } = await import("../doctor.js");
      const checks = await doctor({
        cwd,
        ...(options.browser ? { browser: options.browser } : {}),
      });
      for (const check of checks) {
        const mark = check.ok ? chalk.green("✔") : chalk.red("✖");
        output.write(`${mark} ${chalk.bold(check.name)}: ${check.detail}\n`);
        if (check.fix) output.write(`${check.fix.replace(/^/gm, "    ")}\n`);
      }
      const failed = checks.filter((check) => !check.ok).length;
      output.write(
        failed
          ? `${chalk.red(`${failed} problem${failed === 1 ? "" : "s"}`)}\n`
          : `${chalk.green("all good")}\n`,
      );
      setExit(failed ? ExitCode.environment : ExitCode.ok);
    });

  program
    .command("validate")
    .description("check the records of each year and print every problem; writes nothing")
    .argument("<years...>", "four-digit years, such as 2022")
    .addOption(recordOption("data"))
    .addOption(recordOption("templates"))
    .addOption(recordOption("script"))
    .addOption(recordOption("theme"))
    .action(
      async (
        yearArguments: string[],
        options: { data?: string; templates?: string; script?: string; theme?: string },
      ) => {
        const { parseYear } = await import("../load/year.js");
        // A year named twice is built once.
        const years = [...new Set(yearArguments.map(parseYear))];
        const { validate } = await import("../build.js");
        const { printResults } = await import("./print.js");
        const results = await validate({
          cwd,
          years,
          ...recordOptions(options),
        });
        printResults(results, output, cwd, "valid");
        setExit(
          results.some((result) => result.errors.length) ? ExitCode.invalidInput : ExitCode.ok,
        );
      },
    );

  addProjectCommands(program, output, cwd, setExit);

  return program;
}

type BrowserManagerType = import("../pdf/browser.js").BrowserManager;

/**
 * Runs the command line and returns the exit code. The one place that turns errors into
 * messages and codes; nothing below it calls process.exit or prints a stack trace.
 */
export async function run(
  argv: string[],
  output: Output = {
    write: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    data: (text) => process.stdout.write(text),
  },
  cwd = process.cwd(),
): Promise<ExitCodeValue> {
  let exitCode: ExitCodeValue = ExitCode.ok;
  const program = createProgram(output, cwd, (code) => {
    exitCode = code;
  });
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
  if (error instanceof Error && error.name === "TemplateError" && "issue" in error) {
    output.write(`${formatIssue((error as { issue: Parameters<typeof formatIssue>[0] }).issue)}\n`);
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
