import { constants } from "node:fs";
import { copyFile, lstat, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import { InputError, UsageError } from "../core/errors.js";
import type { Issue } from "../core/issue.js";
import { displayPath } from "../core/paths.js";
import { encodingName, type LegacyEncoding } from "../load/decode.js";
import { readYamlFile } from "../load/yaml-file.js";
import { findProject, isDirectory, isFile, recordsFolder } from "../project/config.js";
import { quoteBareDates } from "../project/migrate.js";
import type { ProjectConfig } from "../schema/config.js";
import { recordFiles } from "../schema/index.js";
import { schemaComment } from "../schema/json-schema.js";
import { totalKeys } from "../schema/proposals.js";
import { type Field, fields, headerKey, type Target } from "./fields.js";
import { type Cell, readSheet, type Sheet } from "./sheet.js";

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
}

const fileOf: Record<
  Target,
  "proposals.yaml" | "relief.yaml" | "activities.yaml" | "figures.yaml"
> = {
  proposals: "proposals.yaml",
  relief: "relief.yaml",
  activities: "activities.yaml",
  figures: "figures.yaml",
};

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
  if (options.into === "relief" && problems.length === 0) {
    problems.push(...fundProblems(records, kept.funds, sheet, show(target)));
  }
  const value = { ...kept, ...assemble(options.into, records, options.session) };
  if (problems.length === 0) problems.push(...schemaProblems(options.into, value, records, sheet));
  if (problems.length > 0) {
    throw new InputError(
      `${sheet.name}: ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was written`,
      problems,
    );
  }
  const text = quoteBareDates(
    `${schemaComment(target, project.schemasDir)}\n# Imported from ${path.basename(source)} by report import.\n${stringify(value, { lineWidth: 0 })}`,
  ).text;
  // The new file is written whole beside the old one, the old one copied to a backup that
  // takes no earlier backup's place, and only then the new one renamed over it.
  const temporary = `${target}.import-${process.pid}.tmp`;
  await writeFile(temporary, text, { flag: "wx" });
  let backup: string | undefined;
  try {
    if (await isFile(target)) {
      backup = await freeName(`${target}.bak`);
      await copyFile(target, backup, constants.COPYFILE_EXCL);
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return {
    file: show(target),
    rows: records.length,
    ...(backup ? { backup: show(backup) } : {}),
    ...(sheet.encoding ? { encoding: sheet.encoding } : {}),
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

/** The list a sheet's rows become in each records file. */
const listKey = {
  proposals: "proposals",
  relief: "programmes",
  activities: "activities",
  figures: "figures",
} as const satisfies Record<Target, string>;

/**
 * What of the file being replaced is not the sheet's to say, and stays: the session, categories
 * and outcome classes of the proposals (not their totals: the ledger now counts them), the funds
 * of the relief programmes, the tables of figures.
 */
function keptEntries(
  into: Target,
  earlier: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (!earlier) return {};
  const dropped = new Set<string>([listKey[into], ...(into === "proposals" ? totalKeys : [])]);
  return Object.fromEntries(Object.entries(earlier).filter(([key]) => !dropped.has(key)));
}

/**
 * A programme's fund, written in the sheet by its name or its id, as the id of one of the funds
 * the relief file lists.
 */
function fundProblems(
  records: RowRecord[],
  funds: unknown,
  sheet: Sheet,
  reliefFile: string,
): Issue[] {
  const listed = Array.isArray(funds) ? (funds as Array<{ id?: unknown; name?: unknown }>) : [];
  const problems: Issue[] = [];
  for (const record of records) {
    const written = record.values.fund;
    if (written === undefined) continue;
    const fund = listed.find((candidate) => candidate.id === written || candidate.name === written);
    if (fund && typeof fund.id === "string") {
      record.values.fund = fund.id;
      continue;
    }
    problems.push({
      severity: "error",
      file: `${sheet.name}!${record.cells.fund}`,
      message:
        listed.length === 0
          ? `expected no fund: ${reliefFile} lists none, found ${JSON.stringify(written)}`
          : `expected one of the funds of ${reliefFile} (${listed
              .map((candidate) => String(candidate.name ?? candidate.id))
              .join(", ")}), found ${JSON.stringify(written)}`,
      hint: "list the fund under funds: in the relief file first, or leave the cell empty",
    });
  }
  return problems;
}

/** `name`, or `name.2`, `name.3` … when it is taken. */
async function freeName(name: string): Promise<string> {
  for (let suffix = 1; ; suffix++) {
    const candidate = suffix === 1 ? name : `${name}.${suffix}`;
    try {
      await lstat(candidate);
    } catch {
      return candidate;
    }
  }
}

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

/** The field a header stands for: by the mapping file, else by the headers report knows. */
function fieldOf(
  header: string,
  known: Field[],
  mapping: Record<string, string>,
): { field?: Field; mapped?: string } {
  const key = headerKey(header);
  const mapped = mapping[key];
  if (mapped) {
    const field = known.find((candidate) => candidate.key === mapped);
    return { mapped, ...(field ? { field } : {}) };
  }
  const field = known.find((candidate) =>
    candidate.headers.some((name) => headerKey(name) === key),
  );
  return field ? { field } : {};
}

/**
 * A CSV file that is neither UTF-8 nor UTF-16 reads losslessly both as GB18030 and as Big5
 * more often than not. The reading whose header names more known columns is meant; when they
 * tie, the project's encoding, then its locale, decides; else the user is asked, shown both.
 */
function chooseReading(
  readings: Sheet[],
  known: Field[],
  mapping: Record<string, string>,
  config: ProjectConfig | undefined,
): Sheet {
  const scored = readings.map((reading) => ({
    reading,
    score: reading.header.cells.filter(
      (cell) => cell.value !== null && fieldOf(String(cell.value), known, mapping).field,
    ).length,
  }));
  const best = Math.max(...scored.map(({ score }) => score));
  const top = scored.filter(({ score }) => score === best).map(({ reading }) => reading);
  if (top.length === 1) return top[0] as Sheet;
  const byLocale = { "zh-Hans": "gb18030", "zh-Hant": "big5" } as const;
  const locale = config?.locale;
  const preferred = config?.encoding ?? (locale && locale !== "en" ? byLocale[locale] : undefined);
  const chosen = preferred && top.find((reading) => reading.encoding === encodingName(preferred));
  if (chosen) return chosen;
  const first = top[0] as Sheet;
  throw new InputError(`${first.name}: which encoding?`, [
    {
      severity: "error",
      file: first.name,
      message: `expected UTF-8 text or headers report knows, found bytes whose first row reads ${top
        .map(
          (reading) =>
            `as ${reading.encoding} «${reading.header.cells
              .map((cell) => cell.value ?? "")
              .join(",")
              .slice(0, 60)}»`,
        )
        .join(", or ")}`,
      hint: "say which with --encoding gb18030 (GBK, mainland China) or --encoding big5 (Taiwan, Hong Kong), or save the file as CSV UTF-8",
    },
  ]);
}

interface RowRecord {
  values: Record<string, unknown>;
  /** Where each value came from, to report a problem at its cell. */
  cells: Record<string, string>;
  row: number;
}

function rowsToRecords(
  sheet: Sheet,
  known: Field[],
  mapping: Record<string, string>,
): { records: RowRecord[]; problems: Issue[] } {
  const problems: Issue[] = [];
  const columns = new Map<number, Field>();
  sheet.header.cells.forEach((cell, index) => {
    if (cell.value === null) return;
    const { field, mapped } = fieldOf(String(cell.value), known, mapping);
    if (mapped && !field) {
      problems.push({
        severity: "error",
        file: `${sheet.name}!${cell.ref}`,
        message: `the mapping sends ${String(cell.value)} to "${mapped}", which is not a field here; expected one of ${known.map((candidate) => candidate.key).join(", ")}`,
      });
    }
    if (field && ![...columns.values()].includes(field)) columns.set(index, field);
  });
  for (const field of known.filter((candidate) => candidate.required)) {
    if (![...columns.values()].includes(field)) {
      problems.push({
        severity: "error",
        file: sheet.name,
        message: `expected a column ${field.headers[0]} (${field.key}), found the columns ${sheet.header.cells
          .flatMap((cell) => (cell.value === null ? [] : [String(cell.value)]))
          .join(", ")}`,
        hint: `name a column ${field.headers.slice(0, 3).join(" or ")}, or map your own header to ${field.key} with --map`,
      });
    }
  }
  if (problems.length > 0) return { records: [], problems };
  const records: RowRecord[] = [];
  for (const row of sheet.rows) {
    const record: RowRecord = { values: {}, cells: {}, row: row.number };
    for (const [index, field] of columns) {
      const cell: Cell = row.cells[index] ?? { ref: "", value: null };
      const header = String(sheet.header.cells[index]?.value ?? field.key);
      const read = field.read(cell, header);
      record.cells[field.key] = cell.ref;
      if (read === undefined) continue;
      if ("problem" in read) {
        problems.push({
          severity: "error",
          file: `${sheet.name}!${cell.ref}`,
          message: read.problem,
          ...(read.hint ? { hint: read.hint } : {}),
        });
      } else record.values[field.key] = read.value;
    }
    for (const field of known.filter((candidate) => candidate.required)) {
      if (
        record.values[field.key] === undefined &&
        !problems.some((problem) => problem.file.endsWith(`!${record.cells[field.key]}`))
      ) {
        problems.push({
          severity: "error",
          file: `${sheet.name}!${record.cells[field.key] ?? `row ${row.number}`}`,
          message: `expected ${field.headers[0]} (${field.key}) in row ${row.number}, found an empty cell`,
        });
      }
    }
    records.push(record);
  }
  if (records.length === 0 && problems.length === 0) {
    problems.push({
      severity: "error",
      file: sheet.name,
      message: "expected rows of records under the header, found none",
    });
  }
  return { records, problems };
}

/** The records file's content from the rows. */
function assemble(into: Target, records: RowRecord[], session?: string): Record<string, unknown> {
  const rows = records.map((record) => record.values);
  switch (into) {
    case "proposals": {
      const sessions = new Set(
        rows.map((row) => row.session).filter((value) => value !== undefined),
      );
      const shared = session ?? (sessions.size === 1 ? ([...sessions][0] as string) : undefined);
      return {
        ...(shared ? { session: shared } : {}),
        proposals: rows.map((row) => {
          const { session: own, ...rest } = row;
          return own !== undefined && own !== shared ? { ...rest, session: own } : rest;
        }),
      };
    }
    case "relief":
      return {
        programmes: rows.map((row, index) => {
          const { id, count, unit, group, ...rest } = row;
          return {
            id: id ?? `programme_${index + 1}`,
            ...rest,
            ...(group !== undefined || count !== undefined
              ? {
                  beneficiaries: [
                    {
                      ...(count !== undefined ? { count } : {}),
                      ...(unit !== undefined ? { unit } : {}),
                      group: group ?? "",
                    },
                  ],
                }
              : {}),
          };
        }),
      };
    case "activities":
      return {
        activities: rows.map((row, index) => ({ id: row.id ?? `activity_${index + 1}`, ...row })),
      };
    case "figures":
      return {
        figures: rows.map((row, index) => ({ id: row.id ?? `figure_${index + 1}`, ...row })),
      };
  }
}

/**
 * The file's own schema, checked before anything is written: a problem is reported at the cell
 * its value came from. Proposal numbers used twice are found here too.
 */
function schemaProblems(
  into: Target,
  value: Record<string, unknown>,
  records: RowRecord[],
  sheet: Sheet,
): Issue[] {
  const schema = recordFiles[fileOf[into]];
  const result = schema.safeParse(value);
  const problems: Issue[] = [];
  for (const issue of result.success ? [] : result.error.issues) {
    const [list, index, key] = issue.path;
    const record = list === listKey[into] && typeof index === "number" ? records[index] : undefined;
    const field = typeof key === "string" ? (key === "beneficiaries" ? "count" : key) : undefined;
    const ref = record && field ? record.cells[field] : undefined;
    problems.push({
      severity: "error",
      file: ref ? `${sheet.name}!${ref}` : record ? `${sheet.name} row ${record.row}` : sheet.name,
      message: `expected ${issue.message}${field ? ` (${field})` : ""}`,
    });
  }
  if (into === "proposals") {
    const seen = new Map<string, RowRecord>();
    for (const record of records) {
      const number = record.values.number;
      if (number === undefined) continue;
      const first = seen.get(String(number));
      if (first) {
        problems.push({
          severity: "error",
          file: `${sheet.name}!${record.cells.number}`,
          message: `expected a unique proposal number, found ${String(number)} again (first in row ${first.row})`,
        });
      } else seen.set(String(number), record);
    }
  }
  return problems;
}
