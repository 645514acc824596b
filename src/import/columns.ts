import { InputError } from "../core/errors.js";
import type { Issue } from "../core/issue.js";
import { encodingName } from "../load/decode.js";
import type { ProjectConfig } from "../schema/config.js";
import { type Field, headerKey } from "./fields.js";
import type { Cell, Sheet } from "./sheet.js";

/** The field a header stands for: by the mapping file, else by the headers report knows. */
export function fieldOf(
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
export function chooseReading(
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

export interface RowRecord {
  values: Record<string, unknown>;
  /** Where each value came from, to report a problem at its cell. */
  cells: Record<string, string>;
  row: number;
}

export function rowsToRecords(
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
    if (!field) return;
    const twice = [...columns].find(([, taken]) => taken === field)?.[0];
    if (twice === undefined) {
      columns.set(index, field);
      return;
    }
    // Which of two columns holds the field is not for report to guess.
    const first = sheet.header.cells[twice] as Cell;
    problems.push({
      severity: "error",
      file: `${sheet.name}!${cell.ref}`,
      message: `expected one column for ${field.key}, found two: ${String(first.value)} (${first.ref}) and ${String(cell.value)} (${cell.ref})`,
      hint: "delete or rename one of them, or send one to another field with --map",
    });
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
