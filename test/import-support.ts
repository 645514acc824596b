import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { expect } from "vitest";
import { cli } from "./support.js";

/** What the import tests share: a new project, its records folder's bytes, sheets to import. */

export const year = "2024";

/** A new project (a Simplified Chinese committee's unless told), made as a user makes one. */
export async function project(language = "zh-Hans", preset = "committee"): Promise<string> {
  const parent = await mkdtemp(path.join(tmpdir(), "report-import-"));
  const made = await cli(
    parent,
    "new",
    "p",
    "--language",
    language,
    "--preset",
    preset,
    "--year",
    year,
    "--ci",
    "none",
  );
  expect(made.code, made.stderr).toBe(0);
  return path.join(parent, "p");
}

/** Everything in the year's records folder, byte for byte: to see that nothing was written. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const folder = path.join(dir, "data", year);
  const files = (await readdir(folder)).sort();
  return Object.fromEntries(
    await Promise.all(
      files.map(async (file) => [file, (await readFile(path.join(folder, file))).toString("hex")]),
    ),
  );
}

export const simplifiedHeader = [
  "案号",
  "案由",
  "提案人",
  "类别",
  "是否立案",
  "重点提案",
  "主办单位",
  "协办单位",
  "办复日期",
  "办理结果",
  "满意度",
];

export function simplifiedRow(number: number): string[] {
  return [
    String(number),
    `关于加强第${number}片区社区养老服务的建议`,
    `王委员${number}、民建支部`,
    number % 2 ? "社会事业" : "经济建设",
    number === 30 ? "不予立案转意见" : "立案",
    number <= 3 ? "是" : "否",
    "区民政局",
    "区财政局、区卫健局",
    `2024-0${(number % 9) + 1}-15`,
    "ABC"[number % 3] as string,
    number % 5 ? "满意" : "基本满意",
  ];
}

/** A workbook with one sheet, as Excel saves it. */
export async function workbook(
  file: string,
  sheetName: string,
  rows: Array<Array<string | number | Date | null>>,
  shape?: (sheet: ExcelJS.Worksheet) => void,
): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  shape?.(sheet);
  await book.xlsx.writeFile(file);
}

/** `report import <file> --into <into> --year 2024 --force …`, in the project `dir`. */
export function importInto(dir: string, file: string, into = "proposals", ...more: string[]) {
  return cli(dir, "import", file, "--into", into, "--year", year, "--force", ...more);
}
