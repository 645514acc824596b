import { type Command, InvalidArgumentError, Option } from "commander";
import { defaultFormats, outputFormats } from "../schema/config.js";

/**
 * The options of the commands, each declared once: its flag, its help, and the commander
 * choices or parser that checks it, so that a wrong value is a usage error (exit 2) naming the
 * option before any work starts.
 */

type Format = (typeof outputFormats)[number];

/** `-f md,html`: known formats, each once, at least one. */
export function parseFormats(value: string): Format[] {
  if (value.trim() === "")
    throw new InvalidArgumentError("expected at least one format, such as --format md,html");
  const list = value.split(",").map((entry) => entry.trim());
  if (list.includes("")) {
    throw new InvalidArgumentError(
      `expected formats separated by single commas, such as md,html; found "${value}"`,
    );
  }
  for (const entry of list) {
    if (!(outputFormats as readonly string[]).includes(entry)) {
      throw new InvalidArgumentError(
        `expected formats among ${outputFormats.join(", ")}, found "${entry}"`,
      );
    }
  }
  return [...new Set(list as Format[])];
}

/** The formats of a build that names none: the project's `formats`, else md, html and pdf. */
export async function configuredFormats(cwd: string): Promise<Format[]> {
  const { findProject } = await import("../project/config.js");
  const project = await findProject(cwd);
  return [...(project.config?.formats ?? defaultFormats)];
}

/** The longest --timeout: a day, well inside what a timer can wait (2^31 − 1 ms). */
const maxTimeoutSeconds = 86_400;

/** `--timeout 60` in seconds, as milliseconds. */
export function parseTimeout(value: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > maxTimeoutSeconds) {
    throw new InvalidArgumentError(
      `expected --timeout in seconds from 0.001 to ${maxTimeoutSeconds}, such as 60, found "${value}"`,
    );
  }
  return Math.max(1, Math.round(seconds * 1000));
}

/** `--port 4173`; 0 picks a free one. */
export function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`expected --port from 0 to 65535, found "${value}"`);
  }
  return port;
}

export const formatOption = () =>
  new Option(
    "-f, --format <list>",
    "comma-separated formats: md, html, pdf, docx (default: the config's formats, else md,html,pdf)",
  ).argParser(parseFormats);

export const timeoutOption = () =>
  new Option("--timeout <seconds>", "longest time one PDF may take to print")
    .argParser(parseTimeout)
    .default(60_000, "60");

export const portOption = () =>
  new Option("-p, --port <port>", "port on 127.0.0.1 (0 picks a free one)")
    .argParser(parsePort)
    .default(4173);

/** What the options every command that renders a year takes give: see {@link addRecordOptions}. */
export interface RecordOptions {
  data?: string;
  templates?: string;
  script?: "hant" | "hans";
  theme?: "default" | "official";
}

/** The options every command that renders a year takes: records, templates, script, theme. */
export function addRecordOptions(command: Command): Command {
  return command
    .addOption(
      new Option("-d, --data <dir>", "records folder holding <year>/*.yaml (default: data)"),
    )
    .addOption(
      new Option(
        "-t, --templates <dir>",
        "templates that replace the built-in ones of the same name",
      ),
    )
    .addOption(
      new Option(
        "--script <script>",
        "write the outputs in Traditional (hant) or Simplified (hans) Chinese",
      ).choices(["hant", "hans"]),
    )
    .addOption(
      new Option(
        "--theme <theme>",
        "the layout; official is the GB/T 9704 document layout",
      ).choices(["default", "official"]),
    );
}

/** Those options as the library takes them: only the ones given. */
export function recordOptions(options: RecordOptions): RecordOptions {
  return Object.fromEntries(
    Object.entries({
      data: options.data,
      templates: options.templates,
      script: options.script,
      theme: options.theme,
    }).filter(([, value]) => value),
  ) as RecordOptions;
}
