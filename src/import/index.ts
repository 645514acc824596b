import path from "node:path";
import { stringify } from "yaml";
import { InputError, UsageError } from "../core/errors.js";
import type { Issue } from "../core/issue.js";
import { displayPath } from "../core/paths.js";
import { megabytes } from "../core/read.js";
import type { LegacyEncoding } from "../load/decode.js";
import { maxFileBytes, readYamlFile } from "../load/yaml-file.js";
import { replaceFile } from "../output/replace.js";
import { findProject, isDirectory, isFile, recordsFolder } from "../project/config.js";
import { quoteBareDates } from "../project/migrate.js";
import { schemaComment } from "../schema/json-schema.js";
import { chooseReading, rowsToRecords } from "./columns.js";
import { fields, headerKey, type Target } from "./fields.js";
import { assemble, fileOf, fundProblems, keptEntries, schemaProblems } from "./records.js";
import { readSheet } from "./sheet.js";

export interface ImportOptions {
  cwd: string;
  file: string;
  into: Target;
  year: number;
  data?: string;
  /** The sheet of a workbook; the first when not given. */
  sheet?: string;
  /** A YAML file mapping the sheet's own headers to fields: `提案標題: title`. */
  map?: string;
  /** How a CSV file is encoded when it is not UTF-8 or UTF-16. */
  encoding?: LegacyEncoding | "utf-8";
  /** The session of the proposals, when the sheet does not name one. */
  session?: string;
  /** Replace an existing records file; it is kept beside as .bak. */
  force?: boolean;
}

export interface Imported {
  file: string;
  /** The entries of the replaced file that stay, such as funds or categories. */
  kept: string[];
  rows: number;
  backup?: string;
  /** How a CSV file was read. */
  encoding?: string;
  /** The sheet read, when hidden sheets came before it. */
  sheet?: { name: string; hidden: string[] };
}

/**
 * `report import <sheet> --into <kind> --year <year>`: a spreadsheet the secretariat keeps
 * (a proposal ledger, relief lists, an activity log, figures) turned into a records file.
 * Columns are found by their headers; every problem is reported at its cell
 * (`ledger.xlsx!提案!C7`) and nothing is written while there is any; an existing file is
 * replaced only with `force`, and kept beside it.
 */
export async function importRecords(options: ImportOptions): Promise<Imported> {
  const project = await findProject(options.cwd);
  const show = (file: string) => displayPath(options.cwd, file);
  const source = path.resolve(options.cwd, options.file);
  const folder = path.join(recordsFolder(project, options), String(options.year));
  if (!(await isDirectory(folder))) {
    throw new UsageError(
      `${show(folder)} does not exist; make the year first (report new, or report init ${options.year})`,
    );
  }
  const target = path.join(folder, fileOf[options.into]);
  if ((await isFile(target)) && !options.force) {
    throw new UsageError(
      `${show(target)} exists already; report import replaces it only with --force (it is then kept as ${show(`${target}.bak`)})`,
    );
  }
  const mapping = options.map
    ? await readMapping(path.resolve(options.cwd, options.map), show)
    : {};
  const known = fields[options.into];
  const sheet = await readSheet(source, show(source), {
    ...(options.sheet ? { sheet: options.sheet } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
    choose: (readings) => chooseReading(readings, known, mapping, project.config),
  });
  const { records, problems } = rowsToRecords(sheet, known, mapping);
  const earlier = (await isFile(target))
    ? await readEarlier(target, show(target), project.config?.encoding)
    : undefined;
  const kept = keptEntries(options.into, earlier);
  // Every problem in one run: what the records file's schema finds is added to what the cells
  // said, except at a cell that has its problem already.
  // (A sheet whose header is wrong has no records to check further.)
  const later: Issue[] = [];
  if (options.into === "relief" && records.length > 0) {
    later.push(...fundProblems(records, kept.funds, sheet, show(target)));
  }
  const value = { ...kept, ...assemble(options.into, records, options.session) };
  if (records.length > 0) later.push(...schemaProblems(options.into, value, records, sheet));
  const named = new Set(problems.map((problem) => problem.file));
  problems.push(...later.filter((problem) => !named.has(problem.file)));
  if (problems.length > 0) {
    throw new InputError(
      `${sheet.name}: ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was written`,
      problems,
    );
  }
  const text = quoteBareDates(
    `${schemaComment(target, project.schemasDir)}\n# Imported from ${path.basename(source)} by report import.\n${stringify(value, { lineWidth: 0 })}`,
  ).text;
  // What is written is what the build reads: no larger than a records file may be.
  const size = Buffer.byteLength(text);
  if (size > maxFileBytes) {
    const row = records[Math.floor((records.length * maxFileBytes) / size)]?.row;
    throw new InputError(`${sheet.name}: too many rows for one records file; nothing was written`, [
      {
        severity: "error",
        file: sheet.name,
        message: `expected rows that fit in a records file (at most ${megabytes(maxFileBytes)}, what report build reads), found ${megabytes(size)} of records: the file passes the bound at about row ${row}`,
        hint: "a records file holds a year's ledger; split the sheet, or import the year's rows alone",
      },
    ]);
  }
  const backup = await replaceFile(target, text, show);
  return {
    file: show(target),
    rows: records.length,
    ...(backup ? { backup: show(backup) } : {}),
    ...(sheet.encoding ? { encoding: sheet.encoding } : {}),
    ...(sheet.hidden ? { sheet: { name: sheet.name, hidden: sheet.hidden } } : {}),
    kept: Object.keys(kept),
  };
}

/** The records file being replaced, as far as it reads; undefined when it does not. */
async function readEarlier(
  file: string,
  display: string,
  encoding: LegacyEncoding | undefined,
): Promise<Record<string, unknown> | undefined> {
  const read = await readYamlFile(file, display, { encoding });
  const value = read.value;
  if (read.issues.some((issue) => issue.severity === "error")) return undefined;
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `name`, or `name.2`, `name.3` … when it is taken. */
async function readMapping(
  file: string,
  show: (file: string) => string,
): Promise<Record<string, string>> {
  const read = await readYamlFile(file, show(file));
  if (!read.file || read.issues.some((issue) => issue.severity === "error")) {
    throw new InputError(`${show(file)}: the mapping cannot be read`, read.issues);
  }
  const value = read.value;
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(
      `${show(file)}: expected a mapping of headers to fields, such as 提案標題: title`,
    );
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([header, key]) => [
      headerKey(header),
      String(key),
    ]),
  );
}
