import { execFile } from "node:child_process";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  importInto,
  project,
  simplifiedHeader,
  simplifiedRow,
  snapshot,
  workbook,
  year,
} from "./import-support.js";

const exec = promisify(execFile);

/** A CSV file of rows, as Excel saves "CSV UTF-8". */
function csv(rows: string[][]): string {
  return `\uFEFF${rows.map((row) => row.join(",")).join("\r\n")}\r\n`;
}

describe("report import on a bad day", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project();
    await writeFile(
      path.join(dir, "ledger.csv"),
      csv([simplifiedHeader, simplifiedRow(1), simplifiedRow(2)]),
    );
  });

  it("exits 3 when the records folder cannot be written, and leaves it as it was", async () => {
    const folder = path.join(dir, "data", year);
    const before = await snapshot(dir);
    await exec("chattr", ["+i", folder]);
    try {
      const refused = await importInto(dir, "ledger.csv");
      expect(refused.code, refused.stderr).toBe(3);
      expect(refused.stderr).toContain(
        `error cannot write data/${year}/proposals.yaml (EPERM); nothing was changed`,
      );
      expect(refused.stderr).not.toContain("internal error");
    } finally {
      await exec("chattr", ["-i", folder]);
    }
    expect(await snapshot(dir)).toEqual(before);
  });

  it("exits 3 on a full disk and leaves no temporary file in the records folder", async () => {
    const full = await project();
    const folder = path.join(full, "data", year);
    const saved = `${folder}.saved`;
    await cp(folder, saved, { recursive: true });
    await rm(folder, { recursive: true });
    await mkdir(folder);
    await exec("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", folder]);
    try {
      await cp(saved, folder, { recursive: true });
      const before = await snapshot(full);
      // The rest of the disk taken by a file of another program.
      await exec("sh", ["-c", `cat /dev/zero > '${folder}/filler' 2>/dev/null; true`]);
      const rows = Array.from({ length: 200 }, (_, index) => simplifiedRow(index + 1));
      await writeFile(path.join(full, "ledger.csv"), csv([simplifiedHeader, ...rows]));
      const refused = await importInto(full, "ledger.csv");
      expect(refused.code, refused.stderr).toBe(3);
      expect(refused.stderr).toContain(
        `error cannot write data/${year}/proposals.yaml (ENOSPC); nothing was changed`,
      );
      await rm(path.join(folder, "filler"));
      expect(await snapshot(full)).toEqual(before);
      expect((await readdir(folder)).filter((name) => name.includes(".tmp"))).toEqual([]);
    } finally {
      await exec("umount", [folder]);
    }
  });

  it("refuses two columns for one field, naming both cells", async () => {
    const header = ["案号", "案由", "类别", "题目"];
    await writeFile(
      path.join(dir, "twice.csv"),
      csv([header, ["1", "关于养老服务的建议", "社会事业", "养老服务"]]),
    );
    const before = await snapshot(dir);
    const refused = await importInto(dir, "twice.csv");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "twice.csv!D1 error expected one column for title, found two: 案由 (B1) and 题目 (D1)",
    );
    // The same through a mapping that sends a header of one's own to a field already there.
    await writeFile(path.join(dir, "map.yaml"), "类别: title\n");
    const mapped = await importInto(dir, "twice.csv", "proposals", "--map", "map.yaml");
    expect(mapped.code).toBe(1);
    expect(mapped.stderr).toContain(
      "twice.csv!C1 error expected one column for title, found two: 案由 (B1) and 类别 (C1)",
    );
    expect(await snapshot(dir)).toEqual(before);
  });

  it("reports every problem of the sheet in one run: types, impossible dates, the schema's", async () => {
    const rows = [1, 2, 3, 4].map((number) => simplifiedRow(number));
    (rows[0] as string[])[8] = "2024/2/30";
    (rows[1] as string[])[8] = "2024年13月";
    (rows[2] as string[])[10] = "很好";
    (rows[3] as string[])[0] = "1";
    await writeFile(path.join(dir, "mixed.csv"), csv([simplifiedHeader, ...rows]));
    const refused = await importInto(dir, "mixed.csv");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("mixed.csv!K4 error expected 滿意, 基本滿意 or 不滿意");
    expect(refused.stderr).toContain("mixed.csv!I2 error expected a day that the month has");
    expect(refused.stderr).toContain("mixed.csv!I3 error expected a date written");
    expect(refused.stderr).toContain(
      "mixed.csv!A5 error expected a unique proposal number, found 1 again (first in row 2)",
    );
    expect(refused.stderr).toContain("mixed.csv: 4 problems; nothing was written");
  });

  it("names the cell of an amount out of range and a count without a group", async () => {
    const relief = [
      ["项目", "受助人数", "受助对象", "金额"],
      ["助学", 1, null, 1e308],
      ["助医", 2, "困难家庭", 1e-7],
    ];
    await workbook(path.join(dir, "relief.xlsx"), "救助", relief);
    const refused = await importInto(dir, "relief.xlsx", "relief");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("relief.xlsx!救助!D2 error expected an amount of at most");
    expect(refused.stderr).toContain(
      "relief.xlsx!救助!D3 error expected an amount with at most two decimals",
    );
    expect(refused.stderr).toContain(
      "relief.xlsx!救助!C2 error expected group in row 2, found an empty cell",
    );
    expect(refused.stderr).not.toContain("non-empty text (count)");
  });

  it("reads the first visible sheet, saying which hidden ones it skipped", async () => {
    const book = new ExcelJS.Workbook();
    const old = book.addWorksheet("旧台账", { state: "hidden" });
    old.addRow(["不是台账"]);
    const ledger = book.addWorksheet("台账");
    for (const row of [simplifiedHeader, simplifiedRow(1), simplifiedRow(2)]) ledger.addRow(row);
    await book.xlsx.writeFile(path.join(dir, "hidden.xlsx"));
    const imported = await importInto(dir, "hidden.xlsx");
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain(
      "! read hidden.xlsx!台账, the first visible sheet; skipped the hidden 旧台账 (name one with --sheet to read it)",
    );
    const records = parse(await readFile(path.join(dir, "data", year, "proposals.yaml"), "utf8"));
    expect(records.proposals).toHaveLength(2);
  });

  it("names the line where a CSV file's encoding changes", async () => {
    // Rows in GBK pasted under a UTF-8 header and first row.
    const utf8 = Buffer.from(`${simplifiedHeader.join(",")}\r\n${simplifiedRow(1).join(",")}\r\n`);
    const gbk = iconv.encode(
      `${simplifiedRow(2).join(",")}\r\n${simplifiedRow(3).join(",")}\r\n`,
      "gbk",
    );
    await writeFile(path.join(dir, "pasted.csv"), Buffer.concat([utf8, gbk]));
    const before = await snapshot(dir);
    const refused = await importInto(dir, "pasted.csv");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "pasted.csv:3 error expected one encoding throughout, found UTF-8 text up to line 2 and other bytes from line 3 (it reads as GB18030 (GBK): «2,关于加强第2片区社区养老服务的建议,王委员2、民建支部,经济建设,立案,是,»)",
    );
    expect(await snapshot(dir)).toEqual(before);
  });

  it("refuses a sheet of more rows than a records file holds, at the row past the bound", async () => {
    const rows = Array.from({ length: 50_001 }, (_, index) => [String(index + 1), "题"]);
    await writeFile(path.join(dir, "long.csv"), csv([["案号", "案由"], ...rows]));
    const refused = await importInto(dir, "long.csv");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "long.csv:50002 error expected at most 50,000 rows under the header, found more: row 50002 is past the bound",
    );
  });

  it("refuses rows that would make a records file larger than the build reads", async () => {
    // 10,000 titles of 300 characters: 9 MB of YAML, past the 8 MB a records file may be.
    const title = "关于改善社区养老服务的建议".repeat(25);
    const rows = Array.from({ length: 10_000 }, (_, index) => [String(index + 1), title]);
    await writeFile(path.join(dir, "wide.csv"), csv([["案号", "案由"], ...rows]));
    const before = await snapshot(dir);
    const refused = await importInto(dir, "wide.csv");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /wide\.csv error expected rows that fit in a records file \(at most 8\.0 MB, what report build reads\), found 9\.\d MB of records: the file passes the bound at about row \d{4}/,
    );
    expect(await snapshot(dir)).toEqual(before);
  });

  it("refuses a workbook that unpacks to more than a ledger, before opening it", async () => {
    // A file of some hundred kilobytes whose shared strings unpack to 40 MB.
    const text = "很".repeat(9_000);
    const rows = Array.from({ length: 1_500 }, (_, index) => [index + 1, `${text}${index}`]);
    await workbook(path.join(dir, "bomb.xlsx"), "台账", [["案号", "案由"], ...rows]);
    const refused = await importInto(dir, "bomb.xlsx");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "bomb.xlsx error expected a workbook of at most 32 MB once unpacked, found more (xl/sharedStrings.xml alone goes past it)",
    );
  });
});
