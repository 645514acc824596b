import { createHash } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { isScalar, parseDocument, Scalar, visit } from "yaml";
import { builtinTemplates } from "../core/paths.js";
import { filesUnder } from "../core/read.js";
import { displayPath } from "../load/year.js";
import { dateFieldNames } from "../schema/common.js";
import { recordFileNames } from "../schema/index.js";
import { findProject, recordsFolder, yearFolders } from "./config.js";
import { earlierBuiltins } from "./earlier-templates.js";
import { readTextFile, writeTextFile } from "./text-files.js";

/**
 * `report migrate`: what a project made with an earlier release should change to read as this
 * release reads it. Nothing is changed unless asked (`write`); each change says what it does.
 *
 * - Dates written bare (`date: 2022-03`) are quoted: YAML 1.2, which report reads, takes them as
 *   texts either way, but YAML 1.1 tools (PyYAML, js-yaml, ajv-cli) read 2022-03-15 as a
 *   timestamp, so the schema would not hold for them.
 * - A template in the project's templates/ that is an unchanged copy of an earlier release's
 *   built-in file (made by `report eject`) is removed, so that the current built-in file, which
 *   has changed since, is used. A copy the project has edited is never touched.
 */
export interface MigrationStep {
  /** The file as shown to the user. */
  file: string;
  change: string;
  apply(): Promise<void>;
}

const bareDate = /^\d{4}-\d{2}(-\d{2})?$/;

export async function planMigration(options: {
  cwd: string;
  data?: string;
}): Promise<MigrationStep[]> {
  const project = await findProject(options.cwd);
  const show = (file: string) => displayPath(options.cwd, file);
  const steps: MigrationStep[] = [];
  const dataDir = recordsFolder(project, options);
  const years = (await yearFolders(dataDir)).map((year) => String(year).padStart(4, "0"));
  for (const year of years) {
    for (const name of recordFileNames) {
      const file = path.join(dataDir, year, name);
      const read = await readTextFile(file, project.config?.encoding);
      // A file that cannot be read back exactly is left to `report validate` to explain.
      if ("problem" in read) continue;
      const quoted = quoteBareDates(read.text);
      if (quoted.count === 0) continue;
      steps.push({
        file: show(file),
        change: `quote ${quoted.count} date${quoted.count === 1 ? "" : "s"} (${quoted.examples.join(", ")}${quoted.count > quoted.examples.length ? ", …" : ""}), so that YAML 1.1 tools read ${quoted.count === 1 ? "it as a text" : "them as texts"}`,
        apply: () => writeTextFile(file, quoted.text, read),
      });
    }
  }
  for (const copy of await staleTemplateCopies(project.templatesDir)) {
    steps.push({
      file: show(copy.file),
      change: `remove: an unchanged copy of the built-in ${copy.name} of an earlier release; the built-in one has changed since and is used instead`,
      apply: () => rm(copy.file),
    });
  }
  return steps;
}

/** The text with every bare date of a date field in double quotes; the rest byte for byte. */
export function quoteBareDates(source: string): {
  text: string;
  count: number;
  examples: string[];
} {
  // A byte order mark stays where it is; the offsets are those of the text after it.
  const mark = source.startsWith("\uFEFF") ? "\uFEFF" : "";
  const text = source.slice(mark.length);
  const document = parseDocument(text, { version: "1.2" });
  if (document.errors.length > 0) return { text: source, count: 0, examples: [] };
  const ranges: Array<[number, number, string]> = [];
  visit(document, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || !dateFieldNames.has(String(pair.key.value))) return;
      const value = pair.value;
      if (
        isScalar(value) &&
        value.type === Scalar.PLAIN &&
        typeof value.value === "string" &&
        bareDate.test(value.value) &&
        value.range
      ) {
        ranges.push([value.range[0], value.range[1], value.value]);
      }
    },
  });
  let result = text;
  for (const [start, end, value] of [...ranges].sort((a, b) => b[0] - a[0])) {
    result = `${result.slice(0, start)}"${value}"${result.slice(end)}`;
  }
  return {
    text: mark + result,
    count: ranges.length,
    examples: ranges.slice(0, 3).map(([, , value]) => value),
  };
}

/**
 * The files of a project's templates folder that are unchanged copies of a built-in file as an
 * earlier release shipped it, where the built-in file has changed since.
 */
export async function staleTemplateCopies(
  templatesDir: string,
): Promise<Array<{ file: string; name: string }>> {
  if (path.resolve(templatesDir) === path.resolve(builtinTemplates)) return [];
  const stale: Array<{ file: string; name: string }> = [];
  for (const name of await filesUnder(templatesDir, { regularOnly: true }).catch(() => [])) {
    const earlier = earlierBuiltins[name];
    if (!earlier) continue;
    const file = path.join(templatesDir, name);
    const hash = await hashOf(file);
    const current = await hashOf(path.join(builtinTemplates, name));
    if (hash && earlier.includes(hash) && hash !== current) stale.push({ file, name });
  }
  return stale;
}

async function hashOf(file: string): Promise<string | undefined> {
  const bytes = await readFile(file).catch(() => undefined);
  return bytes && createHash("sha256").update(bytes).digest("hex").slice(0, 16);
}
