import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type ExcelJS from "exceljs";
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
import { cli } from "./support.js";

describe("report import", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project();
  });

  it("imports a GBK-encoded CSV ledger with Simplified headers, and the report counts it", async () => {
    const rows = [
      simplifiedHeader,
      ...Array.from({ length: 30 }, (_, index) => simplifiedRow(index + 1)),
    ];
    // As Excel in a mainland office saves "CSV": GBK bytes, CRLF, no byte order mark.
    const bytes = iconv.encode(`${rows.map((row) => row.join(",")).join("\r\n")}\r\n`, "gbk");
    await writeFile(path.join(dir, "台账.csv"), bytes);

    const imported = await importInto(dir, "台账.csv", "proposals");
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain("30 rows imported (read as GB18030 (GBK))");

    const records = parse(await readFile(path.join(dir, "data", year, "proposals.yaml"), "utf8"));
    expect(records.proposals).toHaveLength(30);
    expect(records.proposals[0]).toMatchObject({
      number: 1,
      title: "关于加强第1片区社区养老服务的建议",
      proposers: ["王委员1", "民建支部"],
      category: "社会事业",
      status: "立案",
      key: true,
      lead_unit: "区民政局",
      co_units: ["区财政局", "区卫健局"],
      answered: "2024-02-15",
      outcome: "B",
      satisfaction: "满意",
    });
    expect(records.proposals[29]).toMatchObject({ status: "不予立案转意见", key: false });

    const built = await cli(dir, "build", year, "--format", "md");
    expect(built.code, built.stderr).toBe(0);
    const markdown = await readFile(path.join(dir, "out", year, "report.md"), "utf8");
    expect(markdown).toContain("收到提案30件");
    expect(markdown).toContain("立案29件");
  });

  it("reads a Big5 CSV with Traditional headers by itself", async () => {
    const traditional = await project("zh-Hant");
    const rows = [
      "案號,案由,提案人,類別,是否立案,重點提案,主辦單位",
      "1,關於改善長者照顧服務的建議,陳委員,社會事業,立案,是,社會局",
      "2,關於擴建公共圖書館的建議,林委員,文化,併案,否,文化局",
    ];
    await writeFile(path.join(traditional, "ledger.csv"), iconv.encode(rows.join("\r\n"), "big5"));
    const imported = await importInto(traditional, "ledger.csv", "proposals");
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain("read as Big5");
    const records = parse(
      await readFile(path.join(traditional, "data", year, "proposals.yaml"), "utf8"),
    );
    expect(records.proposals.map((entry: { title: string }) => entry.title)).toEqual([
      "關於改善長者照顧服務的建議",
      "關於擴建公共圖書館的建議",
    ]);
  });

  it("never replaces a records file without --force, and keeps every earlier one with it", async () => {
    const target = path.join(dir, "data", year, "activities.yaml");
    const before = await readFile(target, "utf8");
    await writeFile(
      path.join(dir, "activities.csv"),
      "kind,title,date,count\ninspection,Visit to the food bank,2024-03-02,\nsurvey,Survey of rents,2024-05,2\n",
    );
    const refused = await cli(
      dir,
      "import",
      "activities.csv",
      "--into",
      "activities",
      "--year",
      year,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`data/${year}/activities.yaml exists already`);
    expect(await readFile(target, "utf8")).toBe(before);

    const first = await importInto(dir, "activities.csv", "activities");
    expect(first.code, first.stderr).toBe(0);
    expect(await readFile(`${target}.bak`, "utf8")).toBe(before);
    const imported = await readFile(target, "utf8");
    expect(parse(imported).activities).toEqual([
      { id: "activity_1", kind: "inspection", title: "Visit to the food bank", date: "2024-03-02" },
      { id: "activity_2", kind: "survey", title: "Survey of rents", date: "2024-05", count: 2 },
    ]);

    const second = await importInto(dir, "activities.csv", "activities");
    expect(second.code, second.stderr).toBe(0);
    expect(await readFile(`${target}.bak`, "utf8")).toBe(before);
    expect(await readFile(`${target}.bak.2`, "utf8")).toBe(imported);
    expect(
      (await readdir(path.join(dir, "data", year))).filter((file) => file.endsWith(".tmp")),
    ).toEqual([]);
  });

  it("maps other headers to fields with --map", async () => {
    await writeFile(path.join(dir, "map.yaml"), "提案题目: title\n序: number\n");
    await writeFile(
      path.join(dir, "own.csv"),
      "序,提案题目,承办单位\n7,关于增设公交线路的建议,区交通局\n",
    );
    const imported = await cli(
      dir,
      "import",
      "own.csv",
      "--into",
      "proposals",
      "--year",
      year,
      "--map",
      "map.yaml",
      "--force",
    );
    expect(imported.code, imported.stderr).toBe(0);
    const records = parse(await readFile(path.join(dir, "data", year, "proposals.yaml"), "utf8"));
    expect(records.proposals).toEqual([
      { number: 7, title: "关于增设公交线路的建议", lead_unit: "区交通局" },
    ]);
  });

  it("imports relief lists with amounts to the fen from a workbook", async () => {
    await workbook(path.join(dir, "relief.xlsx"), "救助", [
      ["项目", "日期", "受助人数", "单位", "受助对象", "金额(元)"],
      ["助学金发放", new Date(Date.UTC(2024, 8, 1)), 120, "名", "困难学生", 360000],
      ["大病救助", "2024年11月", 35, "户", "困难家庭", 556869.57],
    ]);
    const imported = await importInto(dir, "relief.xlsx", "relief");
    expect(imported.code, imported.stderr).toBe(0);
    const records = parse(await readFile(path.join(dir, "data", year, "relief.yaml"), "utf8"));
    expect(records.programmes[1]).toEqual({
      id: "programme_2",
      name: "大病救助",
      date: "2024-11",
      amount: 556869.57,
      beneficiaries: [{ count: 35, unit: "户", group: "困难家庭" }],
    });
    expect(records.programmes[0].date).toBe("2024-09-01");
  });

  it("keeps what the sheet does not say, and names funds by their names", async () => {
    const charity = await project("zh-Hans", "charity");
    const reliefFile = path.join(charity, "data", year, "relief.yaml");
    const funds = parse(await readFile(reliefFile, "utf8")).funds as Array<{
      id: string;
      name: string;
    }>;
    const [first, second] = funds;
    if (!first || !second) throw new Error("expected the charity sample to list two funds");
    await writeFile(
      path.join(charity, "relief.csv"),
      `项目,基金,受助人数,受助对象,金额\n助学金,${first.name},12,困难学生,3600.50\n慰问,${second.id},3,困难家庭,900\n`,
    );
    const imported = await importInto(charity, "relief.csv", "relief");
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain("funds kept from the file it replaced");
    const records = parse(await readFile(reliefFile, "utf8"));
    expect(records.funds).toEqual(funds);
    expect(records.programmes.map((programme: { fund: string }) => programme.fund)).toEqual([
      first.id,
      second.id,
    ]);

    await writeFile(path.join(charity, "bad.csv"), "项目,基金,金额\n助学金,不存在的基金,100\n");
    const before = await snapshot(charity);
    const refused = await importInto(charity, "bad.csv", "relief");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `bad.csv!B2 error expected one of the funds of data/${year}/relief.yaml`,
    );
    expect(await snapshot(charity)).toEqual(before);
  });

  it("drops the published totals a ledger replaces, and keeps the session", async () => {
    const committee = await project("zh-Hant");
    const file = path.join(committee, "data", year, "proposals.yaml");
    const earlier = parse(await readFile(file, "utf8"));
    expect(earlier.received).toBeGreaterThan(0);
    await writeFile(path.join(committee, "l.csv"), "案號,案由\n1,關於增設公車路線的建議\n");
    const imported = await importInto(committee, "l.csv", "proposals");
    expect(imported.code, imported.stderr).toBe(0);
    const records = parse(await readFile(file, "utf8"));
    expect(records.session).toBe(earlier.session);
    expect(records.received).toBeUndefined();
    expect(records.proposals).toEqual([{ number: 1, title: "關於增設公車路線的建議" }]);
  });

  describe("a bad spreadsheet is named at its cell, and nothing is written", () => {
    const cases: Array<{
      name: string;
      rows: Array<Array<string | number | Date | null>>;
      shape?: (sheet: ExcelJS.Worksheet) => void;
      where: string;
      says: RegExp;
    }> = [
      {
        name: "a required column missing",
        rows: [
          ["案号", "提案人", "类别"],
          [1, "王委员", "经济建设"],
        ],
        where: "ledger.xlsx!提案",
        says: /expected a column 案由 \(title\), found the columns 案号, 提案人, 类别/,
      },
      {
        name: "a merged header",
        rows: [
          ["案号", "案由", null, "类别"],
          [1, "关于加快旧城改造的建议", "补充说明", "城建"],
        ],
        shape: (sheet) => sheet.mergeCells("B1:C1"),
        where: "ledger.xlsx!提案!B1:C1",
        says: /expected one header per column, found the merged cells B1:C1/,
      },
      {
        name: "an empty sheet",
        rows: [],
        where: "ledger.xlsx!提案",
        says: /found an empty sheet/,
      },
      {
        name: "a number where text belongs",
        rows: [
          ["案号", "案由", "类别"],
          [1, "关于加快旧城改造的建议", "城建"],
          [2, "关于发展夜间经济的建议", "经济"],
          [3, 20240315, "经济"],
        ],
        where: "ledger.xlsx!提案!B4",
        says: /expected a text for 案由, found the number 20240315/,
      },
      {
        name: "a date in Excel's serial form",
        rows: [
          ["案号", "案由", "办复日期"],
          [1, "关于加快旧城改造的建议", "2024-05-20"],
          [2, "关于发展夜间经济的建议", 45473],
        ],
        where: "ledger.xlsx!提案!C3",
        says: /found the number 45473, Excel's serial form of 2024-06-30/,
      },
      {
        name: "a word that is not a status",
        rows: [
          ["案号", "案由", "是否立案"],
          [1, "关于加快旧城改造的建议", "待定"],
        ],
        where: "ledger.xlsx!提案!C2",
        says: /expected 立案, 不予立案轉意見, 併案, 撤案 or 是\/否 for 是否立案, found the text "待定"/,
      },
      {
        name: "a number used twice",
        rows: [
          ["案号", "案由"],
          [1, "关于加快旧城改造的建议"],
          [1, "关于发展夜间经济的建议"],
        ],
        where: "ledger.xlsx!提案!A3",
        says: /expected a unique proposal number, found 1 again \(first in row 2\)/,
      },
    ];

    for (const { name, rows, shape, where, says } of cases) {
      it(name, async () => {
        await workbook(path.join(dir, "ledger.xlsx"), "提案", rows, shape);
        const before = await snapshot(dir);
        const result = await importInto(dir, "ledger.xlsx", "proposals");
        expect(result.code, result.stderr).toBe(1);
        expect(result.stderr).toContain(`${where} `);
        expect(result.stderr).toMatch(says);
        expect(await snapshot(dir)).toEqual(before);
      });
    }

    it("a sheet that is not there, with the sheets that are", async () => {
      await workbook(path.join(dir, "ledger.xlsx"), "提案", [
        ["案号", "案由"],
        [1, "建议"],
      ]);
      const result = await cli(
        dir,
        "import",
        "ledger.xlsx",
        "--sheet",
        "台账",
        "--into",
        "proposals",
        "--year",
        year,
        "--force",
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("has no sheet named 台账; its sheets are 提案");
    });

    it("a file that is no spreadsheet", async () => {
      await writeFile(path.join(dir, "ledger.xlsx"), "not a zip at all");
      const before = await snapshot(dir);
      const result = await importInto(dir, "ledger.xlsx", "proposals");
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("ledger.xlsx: cannot be read as an Excel workbook");
      expect(await snapshot(dir)).toEqual(before);
    });

    it("a year without records", async () => {
      await writeFile(path.join(dir, "ok.csv"), "案号,案由\n1,建议\n");
      const result = await cli(dir, "import", "ok.csv", "--into", "proposals", "--year", "2019");
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("data/2019 does not exist");
    });
  });
});
