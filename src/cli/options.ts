import { Option } from "commander";
import { UsageError } from "../core/errors.js";
import { defaultFormats, outputFormats } from "../schema/config.js";

/** The options of the commands that render a year, read and checked. */

const formatNames: readonly string[] = outputFormats;

export function parseFormats(value: string): string[] {
  const list = value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of list) {
    if (!formatNames.includes(entry)) {
      throw new UsageError(`expected formats among ${formatNames.join(", ")}, found "${entry}"`);
    }
  }
  if (list.length === 0)
    throw new UsageError("expected at least one format, such as --format md,html");
  return [...new Set(list)];
}

type Format = (typeof outputFormats)[number];

/** The formats of a build that names none: the project's `formats`, else md, html and pdf. */
export async function configuredFormats(cwd: string): Promise<Format[]> {
  const { findProject } = await import("../project/config.js");
  const project = await findProject(cwd);
  return [...(project.config?.formats ?? defaultFormats)];
}

export function parseScript(value: string | undefined): { script?: "hant" | "hans" } {
  if (value === undefined) return {};
  if (value !== "hant" && value !== "hans") {
    throw new UsageError(`expected --script hant or hans, found "${value}"`);
  }
  return { script: value };
}

export function parseTheme(value: string | undefined): { theme?: "default" | "official" } {
  if (value === undefined) return {};
  if (value !== "default" && value !== "official") {
    throw new UsageError(`expected --theme default or official, found "${value}"`);
  }
  return { theme: value };
}

/** The options every command that renders a year takes. */
export function recordOption(name: "data" | "templates" | "script" | "theme"): Option {
  switch (name) {
    case "data":
      return new Option("-d, --data <dir>", "records folder holding <year>/*.yaml (default: data)");
    case "templates":
      return new Option(
        "-t, --templates <dir>",
        "templates that replace the built-in ones of the same name",
      );
    case "script":
      return new Option(
        "--script <script>",
        "write the outputs in hant (Traditional) or hans (Simplified) Chinese",
      );
    case "theme":
      return new Option("--theme <theme>", "default, or official (the GB/T 9704 document layout)");
  }
}

export interface RecordOptions {
  data?: string;
  templates?: string;
  script?: string;
  theme?: string;
}

/** Those options as the library takes them, checked. */
export function recordOptions(options: RecordOptions) {
  return {
    ...(options.data ? { data: options.data } : {}),
    ...(options.templates ? { templates: options.templates } : {}),
    ...parseScript(options.script),
    ...parseTheme(options.theme),
  };
}

/** The longest --timeout: a day, well inside what a timer can wait (2^31 − 1 ms). */
const maxTimeoutSeconds = 86_400;

export function parseTimeout(value: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > maxTimeoutSeconds) {
    throw new UsageError(
      `expected --timeout in seconds from 0.001 to ${maxTimeoutSeconds}, such as 60, found "${value}"`,
    );
  }
  return Math.max(1, Math.round(seconds * 1000));
}
