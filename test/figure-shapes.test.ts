import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, report, yearProject } from "./support.js";

/**
 * Shapes of figures that real reports publish and records now say: tables of several measures,
 * the same quantity in two records, money written the way a region writes it, numbers in words,
 * rates per period. Every expected figure is worked out by hand.
 */

/** A project with one year, 2024, of the files given; report.yaml gets `extra` lines. */
async function project(
  files: Record<string, string>,
  extra = "",
): Promise<{ dir: string; run: (...args: string[]) => ReturnType<typeof cli> }> {
  const dir = await yearProject("organisation: 測試協會\n", {
    "report.yaml": `organisation: 測試協會\nyear: 2024\ntitle: 2024年工作概述\n${extra}`,
    ...files,
  });
  return { dir, run: (command, ...args) => cli(dir, command ?? "build", "2024", ...args) };
}

const narrative = (paragraph: string) => `sections:
  - id: work
    heading: [工作]
    paragraphs:
      - |-
        ${paragraph}
`;

const markdown = (dir: string) => readFile(path.join(dir, "out/2024/report.md"), "utf8");

describe("a table of several measures", () => {
  const figures = `breakdowns:
  - id: sessions
    title: 各類講座
    label: 對象
    columns:
      - { name: 場次, unit: 場 }
      - { name: 出席, unit: 人次 }
    rows:
      - { label: 長者, values: [12, 340] }
      - { label: 青少年, values: [8, 215] }
`;

  it("adds each column on its own and never a row's sessions to its attendance", async () => {
    const { dir, run } = await project({
      "figures.yaml": figures,
      "narrative.yaml": narrative("{{table breakdowns.sessions}}"),
    });
    const built = await run("build", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    const text = await markdown(dir);
    expect(text).toContain("| 對象 | 場次 | 出席 |\n| :-- | --: | --: |");
    expect(text).toContain("| 長者 | 12場 | 340人次 |");
    expect(text).toContain("| 青少年 | 8場 | 215人次 |");
    expect(text).toContain("| 合計 | 20場 | 555人次 |");
    expect(text).not.toContain("352");
  });

  it("keeps the column totals when the rows' are left out, and can leave out all", async () => {
    const { dir, run } = await project({
      "figures.yaml": figures
        .replace("{ name: 場次, unit: 場 }", "場次")
        .replace("{ name: 出席, unit: 人次 }", "出席")
        .replace("columns:", "unit: 人\n    columns:"),
      "narrative.yaml": narrative(
        '{{table breakdowns.sessions totals="columns"}}\n\n        {{table breakdowns.sessions totals=false}}',
      ),
    });
    const built = await run("build", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    const text = await markdown(dir);
    expect(text).toContain(
      "| 長者 | 12人 | 340人 |\n| 青少年 | 8人 | 215人 |\n| 合計 | 20人 | 555人 |",
    );
    expect(text).toMatch(/\| 長者 \| 12人 \| 340人 \|\n\| 青少年 \| 8人 \| 215人 \|\n*$/);
    expect(text).not.toContain("575人");
  });

  it("refuses a published total of unlike measures, and row totals asked of them", async () => {
    const totalled = await project({
      "figures.yaml": `${figures}    total: 575\n`,
      "narrative.yaml": narrative("工作。"),
    });
    const refused = await totalled.run("validate");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /figures\.yaml:11:\d+ error expected no total: the columns measure different things \(場次 in 場, 出席 in 人次\)/,
    );
    const rows = await project({
      "figures.yaml": figures,
      "narrative.yaml": narrative('{{table breakdowns.sessions totals="rows"}}'),
    });
    const built = await rows.run("build", "-f", "md");
    expect(built.code).toBe(1);
    expect(built.stderr).toContain(
      'the rows of "各類講座" do not add up: its columns measure different things (場次, 出席); write totals="columns"',
    );
  });
});

describe("the same quantity in two records", () => {
  const relief = `programmes:
  - id: food
    name: 食物銀行
    beneficiaries:
      - { count: 1280, unit: 戶, group: 低收入家庭 }
    amount: 64000
`;
  const figures = (total: number, reference = "relief.programmes.food.beneficiaries.低收入家庭") =>
    `breakdowns:
  - id: households
    title: 各區受助家庭
    unit: 戶
    same_as: ${reference}
    rows:
      - { label: 東區, value: 700 }
      - { label: 西區, value: ${total - 700} }
`;

  /** `report validate` of a year with both records, the table's total and its same_as given. */
  const validated = async (total: number, reference?: string) => {
    const { run } = await project({
      "relief.yaml": relief,
      "figures.yaml": figures(total, reference),
      "narrative.yaml": narrative("工作。"),
    });
    return run("validate");
  };

  it("passes when the table's total is the count of the other record", async () => {
    const checked = await validated(1280);
    expect(checked.code, checked.stderr).toBe(0);
  });

  it("names both lines when they disagree", async () => {
    const checked = await validated(1290);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(
      "data/2024/figures.yaml:2:5 error expected 1280 (the same as relief.programmes.food.beneficiaries.低收入家庭 at data/2024/relief.yaml:5 (programmes[0].beneficiaries[0].count)), found 1290",
    );
  });

  it("refuses a quantity of another measure, and a name that is not there", async () => {
    const unlike = await validated(64000, "relief.programmes.food.amount");
    expect(unlike.code).toBe(1);
    expect(unlike.stderr).toContain(
      "data/2024/figures.yaml:5:14 error expected the same measure as relief.programmes.food.amount at data/2024/relief.yaml:6 (programmes[0].amount) (money), found 戶",
    );
    const unknown = await validated(1280, "relief.programmes.clothes.amount");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      'data/2024/figures.yaml:5:14 error expected a quantity of the records, found "relief.programmes.clothes.amount": relief.yaml has no "clothes" in programmes',
    );
  });
});

describe("money, numbers in words and rates as the report asks", () => {
  const figures = `figures:
  - { id: grant, label: 助學金, amount: 2500, per: month, each: 名學生 }
  - { id: fund, label: 基金, amount: 12345000 }
  - { id: towns, label: 鄉鎮, value: 2, unit: 個 }
  - { id: pupils, label: 學生, value: 12840, unit: 名 }
`;
  const prose =
    "助學金{{figure figures.grant}}；基金{{figure figures.fund}}；遍及{{figure figures.towns words=true}}鄉鎮、{{figure figures.pupils}}。";

  it("writes Taiwanese money with its sign by default and with 元 alone when asked", async () => {
    const taiwan = "language: zh-TW\ncurrency: TWD\n";
    const signed = await project(
      { "figures.yaml": figures, "narrative.yaml": narrative(prose) },
      taiwan,
    );
    expect((await signed.run("build", "-f", "md")).code).toBe(0);
    expect(await markdown(signed.dir)).toContain(
      "助學金每名學生每月NT$2,500元；基金NT$1,234萬5,000元；遍及兩個鄉鎮、12,840名。",
    );
    const plain = await project(
      { "figures.yaml": figures, "narrative.yaml": narrative(prose) },
      `${taiwan}money: { display: unit }\ngrouping: false\n`,
    );
    const built = await plain.run("build", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    expect(await markdown(plain.dir)).toContain(
      "助學金每名學生每月2500元；基金1234萬5000元；遍及兩個鄉鎮、12840名。",
    );
  });

  it("lists a number written in words among the report's figures", async () => {
    const { dir } = await project(
      { "figures.yaml": figures, "narrative.yaml": narrative(prose) },
      "language: zh-TW\ncurrency: TWD\n",
    );
    const listed = await report(dir, "figures", "2024", "--json");
    expect(listed.code, listed.stderr).toBe(0);
    const { figures: all } = JSON.parse(listed.stdout) as {
      figures: Array<{ text: string; sources: unknown[] }>;
    };
    const towns = all.find((figure) => figure.text === "兩個");
    expect(towns?.sources).toEqual([
      { type: "record", file: "data/2024/figures.yaml", line: 4, field: "figures[2].value" },
    ]);
  });

  it("writes English words and rates, and refuses words past 9999 and 元 for pounds", async () => {
    const english = "language: en-GB\ncurrency: GBP\n";
    const { dir, run } = await project(
      {
        "figures.yaml": `figures:
  - { id: grant, label: grant, amount: 750, per: week, each: family }
  - { id: evenings, label: evening sessions, value: 3, unit: evening sessions }
  - { id: meals, label: meals, value: { about: 150, wording: about }, unit: meals, per: day }
`,
        "narrative.yaml": narrative(
          '{{figure figures.grant}}; {{figure figures.evenings words=true}}; {{figure figures.meals}}; {{count 105 "volunteers" words=true}}.',
        ),
      },
      english,
    );
    const built = await run("build", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    expect(await markdown(dir)).toContain(
      "£750 a week per family; three evening sessions; about 150 meals a day; one hundred and five volunteers.",
    );
    const large = await project(
      { "narrative.yaml": narrative('{{count 10000 "volunteers" words=true}}') },
      english,
    );
    const refused = await large.run("build", "-f", "md");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "words are for whole numbers from 0 to 9999, found 10000; write it as a figure",
    );
    const yuan = await project(
      { "narrative.yaml": narrative("Work.") },
      `${english}money: { display: unit }\n`,
    );
    const wrong = await yuan.run("validate");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      "data/2024/report.yaml:6:19 error expected symbol, code or name: GBP has no 元 to write amounts with, found unit",
    );
  });
});
