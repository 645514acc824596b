import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import iconv from "iconv-lite";
import { InputError } from "../core/errors.js";
import { readRegularFile, UnreadableFile } from "../core/read.js";
import { decodeBytes, encodingName, type LegacyEncoding, legacyEncodings } from "../load/decode.js";
import { inflatedSize } from "../load/zip-size.js";

/** A cell's value as the spreadsheet holds it: text, a number, true or false, a date. */
export type CellValue = string | number | boolean | Date | null;

export interface Cell {
  /** Where it is, as a spreadsheet names it: C7. */
  ref: string;
  value: CellValue;
}

export interface Row {
  /** The row's number in the sheet (1-based). */
  number: number;
  cells: Cell[];
}

export interface Sheet {
  /** How problems name it: `ledger.xlsx!提案`, or `ledger.csv`. */
  name: string;
  header: Row;
  rows: Row[];
  /** How a CSV file was read, to say so. */
  encoding?: string;
  /** The hidden sheets of a workbook before the one read, to say so. */
  hidden?: string[];
}

/** A spreadsheet is a few megabytes; far more is not a ledger. */
const maxSheetBytes = 64 * 1024 * 1024;
/** What a workbook may unpack to: a ledger of 5,000 rows is 3 MB of XML. */
const maxInflatedBytes = 32 * 1024 * 1024;
/**
 * Rows a sheet may hold under its header: more could not be written into a records file the
 * build accepts (8 MB), and would only be read to be refused.
 */
export const maxRows = 50_000;
const tooManyRows =
  "a records file holds a year's ledger; split the sheet, or import the year's rows alone";

export function columnName(index: number): string {
  let name = "";
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  }
  return name;
}

function problem(file: string, message: string, hint?: string): InputError {
  return new InputError(`${file}: ${message}`, [
    { severity: "error", file, message, ...(hint ? { hint } : {}) },
  ]);
}

/** The first sheet (or the one named) of an .xlsx workbook, or a .csv file, as rows of cells. */
export async function readSheet(
  file: string,
  display: string,
  options: {
    sheet?: string;
    encoding?: LegacyEncoding | "utf-8";
    /** Which of several lossless readings of a CSV file's bytes is meant. */
    choose?: (readings: Sheet[]) => Sheet;
  } = {},
): Promise<Sheet> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, maxSheetBytes);
  } catch (error) {
    if (error instanceof UnreadableFile) throw problem(display, error.message);
    throw error;
  }
  const extension = path.extname(file).toLowerCase();
  if (extension === ".csv" || extension === ".txt") {
    return csvSheet(
      bytes,
      display,
      options.encoding,
      options.choose ?? ((readings) => readings[0] as Sheet),
    );
  }
  if (extension === ".xlsx") return xlsxSheet(bytes, display, options.sheet);
  throw problem(
    display,
    `expected a spreadsheet saved as .xlsx or .csv, found a file ending ${extension || "in nothing"}`,
    "in Excel or WPS: File → Save As → Excel Workbook (.xlsx) or CSV",
  );
}

/**
 * A CSV file: UTF-8 or UTF-16 as they are. Any other bytes are what Excel writes in Chinese
 * offices, GB18030 (GBK) on the mainland and Big5 in Taiwan and Hong Kong: `encoding` says
 * which; else each reading that decodes without loss is a candidate and `choose` takes one.
 */
function csvSheet(
  bytes: Buffer,
  display: string,
  encoding: LegacyEncoding | "utf-8" | undefined,
  choose: (readings: Sheet[]) => Sheet,
): Sheet {
  if (encoding && encoding !== "utf-8") {
    const text = iconv.decode(bytes, encoding);
    if (text.includes("\uFFFD") || !iconv.encode(text, encoding).equals(bytes)) {
      throw problem(
        display,
        `expected ${encodingName(encoding)} text (--encoding ${encoding}), found bytes that are not`,
        "leave --encoding out to let report import recognise the encoding",
      );
    }
    return csvText(text, display, encodingName(encoding));
  }
  const decoded = decodeBytes(bytes);
  if ("text" in decoded) return csvText(decoded.text, display, encodingName(decoded.encoding));
  if (encoding === "utf-8") throw problem(display, decoded.message, decoded.hint);
  const changed = encodingChange(bytes);
  if (changed) {
    throw problem(
      `${display}:${changed.line}`,
      `expected one encoding throughout, found UTF-8 text up to line ${changed.line - 1} and other bytes from line ${changed.line}${changed.reads ? ` (${changed.reads})` : ""}`,
      "rows pasted in from another file keep their encoding: save the whole file again as CSV UTF-8",
    );
  }
  const readings = legacyEncodings.flatMap((candidate) => {
    const text = iconv.decode(bytes, candidate);
    if (text.includes("\uFFFD") || !iconv.encode(text, candidate).equals(bytes)) return [];
    try {
      return [csvText(text, display, encodingName(candidate))];
    } catch {
      return [];
    }
  });
  if (readings.length === 0) throw problem(display, decoded.message, decoded.hint);
  return readings.length === 1 ? (readings[0] as Sheet) : choose(readings);
}

/**
 * Where a file whose first lines are UTF-8 with Chinese in them goes on in another encoding
 * (GBK rows pasted under UTF-8 ones): a legacy encoding would read the UTF-8 lines as other
 * characters without a loss, so the change is looked for before any is tried. Whole lines of
 * GBK or Big5 are valid UTF-8 by accident hardly ever.
 */
function encodingChange(bytes: Buffer): { line: number; reads?: string } | undefined {
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  let wide = false;
  for (let line = 1; start < bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const text = bytes.subarray(start, end === -1 ? bytes.length : end + 1);
    try {
      utf8.decode(text);
    } catch {
      if (!wide) return undefined;
      const reading = legacyEncodings.find((candidate) =>
        iconv.encode(iconv.decode(text, candidate), candidate).equals(text),
      );
      const shown = reading ? iconv.decode(text, reading).trim().slice(0, 40) : undefined;
      return {
        line,
        ...(reading ? { reads: `it reads as ${encodingName(reading)}: «${shown}»` } : {}),
      };
    }
    wide ||= text.some((byte) => byte >= 0x80);
    if (end === -1) break;
    start = end + 1;
  }
  return undefined;
}

function csvText(text: string, display: string, encoding: string): Sheet {
  let records: string[][];
  try {
    // The header and the rows under it, and one more to know that there are too many.
    records = parseCsv(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      to: maxRows + 2,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw problem(
      line ? `${display}:${line}` : display,
      `cannot be read as CSV: ${(error as Error).message}`,
    );
  }
  if (records.length > maxRows + 1) {
    throw problem(
      `${display}:${records.length}`,
      `expected at most ${maxRows.toLocaleString("en")} rows under the header, found more: row ${records.length} is past the bound`,
      tooManyRows,
    );
  }
  const rows: Row[] = records.map((values, index) => ({
    number: index + 1,
    cells: values.map((value, column) => ({
      ref: `${columnName(column)}${index + 1}`,
      value: value.trim() === "" ? null : value.trim(),
    })),
  }));
  return { ...split(rows, display), encoding };
}

async function xlsxSheet(bytes: Buffer, display: string, wanted?: string): Promise<Sheet> {
  const unpacked = inflatedSize(bytes, maxInflatedBytes);
  if ("over" in unpacked) {
    throw problem(
      display,
      `expected a workbook of at most ${maxInflatedBytes / (1024 * 1024)} MB once unpacked, found more (${unpacked.over} alone goes past it)`,
      "a ledger of 5,000 rows unpacks to about 3 MB; is this the right file?",
    );
  }
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw problem(display, `cannot be read as an Excel workbook: ${(error as Error).message}`);
  }
  // The first sheet a user sees in Excel, not a hidden one before it; the choice is said.
  const visible = workbook.worksheets.filter((sheet) => sheet.state === "visible");
  const worksheet = wanted ? workbook.getWorksheet(wanted) : visible[0];
  const hidden = wanted
    ? []
    : workbook.worksheets
        .slice(0, worksheet ? workbook.worksheets.indexOf(worksheet) : undefined)
        .filter((sheet) => sheet.state !== "visible")
        .map((sheet) => sheet.name);
  if (!worksheet) {
    throw problem(
      display,
      wanted
        ? `has no sheet named ${wanted}; its sheets are ${workbook.worksheets.map((sheet) => sheet.name).join(", ")}`
        : hidden.length > 0
          ? `has no visible sheet; its hidden sheets are ${hidden.join(", ")}: name one with --sheet`
          : "has no sheet",
    );
  }
  const name = `${display}!${worksheet.name}`;
  if (worksheet.actualRowCount > maxRows + 1) {
    throw problem(
      name,
      `expected at most ${maxRows.toLocaleString("en")} rows under the header, found ${(worksheet.actualRowCount - 1).toLocaleString("en")}`,
      tooManyRows,
    );
  }
  const rows: Row[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = { ref: `${columnName(column - 1)}${number}`, value: plain(cell.value) };
    });
    for (let index = 0; index < cells.length; index++) {
      cells[index] ??= { ref: `${columnName(index)}${number}`, value: null };
    }
    rows.push({ number, cells });
  });
  const sheet: Sheet = { ...split(rows, name), ...(hidden.length > 0 ? { hidden } : {}) };
  // A header written across merged cells names one column for several.
  const merges = (worksheet.model as { merges?: string[] }).merges ?? [];
  for (const range of merges) {
    const [first = "", last = ""] = range.split(":");
    if (rowOf(first) <= sheet.header.number && rowOf(last) >= sheet.header.number) {
      throw new InputError(`${name}!${range}: a merged header`, [
        {
          severity: "error",
          file: `${name}!${range}`,
          message: `expected one header per column, found the merged cells ${range}`,
          hint: "unmerge them (Home → Merge & Center) and give each column its own header",
        },
      ]);
    }
  }
  return sheet;
}

function rowOf(ref: string): number {
  return Number(/\d+$/.exec(ref)?.[0] ?? 0);
}

/** A cell's value without Excel's wrappings: formulas give their result, rich text its text. */
function plain(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === "number" || typeof value === "boolean")
    return value;
  if (typeof value === "string") return value.trim() === "" ? null : value.trim();
  const object = value as {
    result?: unknown;
    richText?: Array<{ text: string }>;
    text?: unknown;
    error?: unknown;
  };
  if ("result" in object) return plain(object.result);
  if (object.richText) return plain(object.richText.map((part) => part.text).join(""));
  if (typeof object.text === "string") return plain(object.text);
  if (object.error !== undefined) return `#${String(object.error)}`;
  return String(value);
}

/** The header (the first row with anything in it) and the rows under it. */
function split(rows: Row[], name: string): Sheet {
  const filled = rows.filter((row) => row.cells.some((cell) => cell.value !== null));
  const [header, ...rest] = filled;
  if (!header) {
    throw new InputError(`${name}: the sheet is empty`, [
      {
        severity: "error",
        file: name,
        message: "expected a header row and rows of records, found an empty sheet",
      },
    ]);
  }
  return { name, header, rows: rest };
}
