import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { html, markdown, narrative, project, report } from "./year-records.js";

/**
 * The records of organisations unlike the reference committee: proposal ledgers, money to the
 * 分, finances, named figures and breakdowns, periods, calendars, nested sections. Each case is
 * a small year written inline; expected values are worked out by hand.
 */

describe("named figures and breakdowns", () => {
  const figures = `figures:
  - { id: members, label: 委員, value: 230, unit: 名, previous: 200 }
  - { id: parcels, label: 食物包, value: { about: 2500, wording: nearly }, unit: 份 }
  - { id: weekly, label: 每週食物包, value: 48, unit: 份, per: week }
  - { id: won, label: 追回的補助, amount: 109000 }
  - { id: children, label: 兒童, value: 1140, unit: 人 }
  - { id: helped, label: 受助者, value: 3000, unit: 人 }
  - { id: child_share, label: 兒童佔比, percent: 38, part: children, of: helped }
breakdowns:
  - id: students
    title: 各縣市受助學生
    label: 縣市
    unit: 人
    columns: [國小, 國中]
    rows:
      - { label: 臺北市, values: [120, 80] }
      - { label: 新北市, values: [150, 90] }
    total: 440
`;

  it("puts every figure in the prose by name, and a breakdown in a table and a chart", async () => {
    const { dir, build } = await project({
      "figures.yaml": figures,
      "narrative.yaml": narrative(
        '{{figure figures.members}}{{figures.members.label}}，{{change figures.members.change}}；{{figure figures.parcels}}，{{figure figures.weekly}}；{{figure figures.won}}；兒童佔{{figure figures.child_share}}。\n\n        {{table breakdowns.students}}\n\n        {{chart "students"}}',
      ),
    });
    const built = await build();
    expect(built.code, built.stderr).toBe(0);
    const text = await markdown(dir);
    expect(text).toContain("230名委員，比上年增長15%；近2500份，每週48份；10.9萬元；兒童佔38%。");
    expect(text).toContain("| 縣市 | 國小 | 國中 | 合計 |");
    expect(text).toContain("| 臺北市 | 120人 | 80人 | 200人 |");
    expect(text).toContain("| 合計 | 270人 | 170人 | 440人 |");
    const svg = await readFile(path.join(dir, "out/2024/charts/students.svg"), "utf8");
    expect(svg).toContain("臺北市 200人");
  });

  it.each([
    {
      name: "a share that disagrees with its part and base",
      from: "percent: 38,",
      to: "percent: 40,",
      message:
        /figures\.yaml:8:\d+ error expected about 38 \(children 1140 of helped 3000\), found 40/,
    },
    {
      name: "a row with fewer values than columns",
      from: "values: [150, 90]",
      to: "values: [150]",
      message:
        /figures\.yaml:\d+:\d+ error expected 2 values for "新北市" \(one for each column: 國小, 國中\), found 1/,
    },
    {
      name: "a total that is not the sum",
      from: "total: 440",
      to: "total: 450",
      message:
        /figures\.yaml:\d+:\d+ error expected 440 \(the sum of the table's values\), found 450/,
    },
    {
      name: "a breakdown named like a built-in chart",
      from: "id: students",
      to: "id: relief",
      message: /figures\.yaml:\d+:\d+ error expected an id other than the built-in charts'/,
    },
  ])("refuses $name", async ({ from, to, message }) => {
    const { build } = await project({
      "figures.yaml": figures.replace(from, to),
      "narrative.yaml": narrative("工作。"),
    });
    const built = await build();
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(message);
  });
});

describe("dates and periods", () => {
  it("reads a bare year written as a number as that year", async () => {
    const { dir, build } = await project({
      "activities.yaml":
        "activities:\n  - { id: meeting, kind: meeting, title: 年會, date: 2024 }\n",
      "narrative.yaml": narrative(
        "{{date activities.meeting.date}}召開{{activities.meeting.title}}。",
      ),
    });
    const built = await build();
    expect(built.code, built.stderr).toBe(0);
    expect(await markdown(dir)).toContain("2024年召開年會。");
  });

  it("takes a financial year, refuses a date outside it, and lets a dated context through", async () => {
    const files = {
      "report.yaml": report('period: { start: "2024-04", end: "2025-03" }'),
      "activities.yaml": `activities:
  - { id: fair, kind: event, title: 義賣, date: "2025-02" }
  - { id: plan, kind: meeting, title: 規劃會, date: "2024-03" }
`,
      "narrative.yaml": narrative("{{period}}，{{date activities.fair.date}}舉辦義賣。"),
    };
    const outside = await project(files);
    const refused = await outside.build();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "activities.yaml:3:50 error expected a date in the period 2024-04 to 2025-03, found 2024-03",
    );
    expect(refused.stderr).toContain("outside_period: true");

    const context = await project({
      ...files,
      "activities.yaml": files["activities.yaml"].replace(
        'date: "2024-03" }',
        'date: "2024-03", outside_period: true }',
      ),
    });
    const built = await context.build();
    expect(built.code, built.stderr).toBe(0);
    expect(await markdown(context.dir)).toContain("2024年4月至2025年3月，2025年2月舉辦義賣。");
  });

  it("takes approximate wording in English in a Chinese report", async () => {
    const { dir, build } = await project({
      "relief.yaml": `programmes:
  - id: food
    name: 食物包
    items:
      - { name: 食物包, quantity: { about: 2500, wording: nearly }, unit: 份 }
`,
      "narrative.yaml": narrative("發放{{items relief.programmes.food.items}}。", "people"),
    });
    const built = await build();
    expect(built.code, built.stderr).toBe(0);
    const text = await markdown(dir);
    expect(text).toContain("發放食物包近2500份。");
    // A programme that gives only goods: no relief chart, and the section still builds.
    expect(text).not.toContain("charts/relief.svg");
  });
});

describe("typed figures", () => {
  it("reports every figure of a paragraph, in both scripts and English, at its own column", async () => {
    const { build } = await project({
      "narrative.yaml": narrative(
        '全年收到提案12件，资金43.1万元；第3次會議於2024年3月召開，依{{plain "第12號"}}文件。We made 63 visits and packed 2,500 parcels in 2024, on 5 March.',
      ),
    });
    const built = await build();
    expect(built.code).toBe(0);
    const warnings = built.stderr.split("\n").filter((line) => line.includes(" warning "));
    expect(warnings.map((line) => /"([^"]+)" is typed/.exec(line)?.[1])).toEqual([
      "12件",
      "43.1万元",
      "63 visits",
      "2,500 parcels",
    ]);
    expect(warnings[0]).toMatch(/narrative\.yaml:6:15 warning/);
    expect(warnings[1]).toMatch(/narrative\.yaml:6:21 warning/);
  });
});

describe("sections with subsections", () => {
  const nested = `sections:
  - id: work
    heading: [提案工作]
    paragraphs: [概述。]
    sections:
      - heading: [重點提案]
        paragraphs: [督辦。]
        sections:
          - heading: [辦理]
            paragraphs: [辦理。]
      - id: replies
        heading: [答覆]
        paragraphs: [答覆。]
  - id: other
    heading: [其他, 工作]
    paragraphs: [其他。]
`;

  it("numbers them, nests the contents to the depth asked, and keeps anchors apart", async () => {
    const { dir, build } = await project(
      { "narrative.yaml": nested },
      "numbering: chinese\ncontents: true\ncontents_depth: 2\n",
    );
    const built = await build();
    expect(built.code, built.stderr).toBe(0);
    const text = await markdown(dir);
    expect(text).toContain("## 一、提案工作");
    expect(text).toContain("### （一）重點提案");
    expect(text).toContain("#### 1.辦理");
    expect(text).toContain("### （二）答覆");
    expect(text).toContain("## 二、其他　工作");
    const page = await html(dir);
    expect(page).toContain('<h3 id="work_1">');
    expect(page).toContain('<h3 id="replies">');
    expect(page).toMatch(/<ol>\s*<li><a href="#work_1">/);
    expect(page).not.toContain('href="#work_1_1"');
  });

  it("refuses a fifth level", async () => {
    const deep = `sections:
  - id: a
    heading: [一]
    sections:
      - heading: [二]
        sections:
          - heading: [三]
            sections:
              - heading: [四]
                sections:
                  - heading: [五]
                    paragraphs: [太深。]
`;
    const { build } = await project({ "narrative.yaml": deep });
    const built = await build();
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(
      /narrative\.yaml:\d+:\d+ error expected at most 4 levels of sections .*, found a section at level 5/,
    );
  });
});

describe("only what the organisation keeps", () => {
  it("builds every built-in section from a year of report.yaml and narrative.yaml alone", async () => {
    const sections = [
      "people",
      "consultation",
      "supervision",
      "unity",
      "self_building",
      "finances",
      "proposals",
      "volunteering",
    ]
      .map((id) => `  - id: ${id}\n    heading: [${id}]\n    paragraphs: [文字。]`)
      .join("\n");
    const { dir, build } = await project({ "narrative.yaml": `sections:\n${sections}\n` });
    const built = await build();
    expect(built.code, built.stderr).toBe(0);
    const text = await markdown(dir);
    expect(text).not.toContain("charts/");
    expect(text).not.toContain("|");
  });

  it("draws volunteers without hours as people, never as 0 hours", async () => {
    const { dir, build } = await project({
      "volunteers.yaml":
        "teams:\n  - { id: a, name: 甲隊, people: 12 }\n  - { id: b, name: 乙隊, people: 8, hours: 40 }\n",
      "narrative.yaml": narrative("工作。", "volunteering"),
    });
    const built = await build();
    expect(built.code, built.stderr).toBe(0);
    const svg = await readFile(path.join(dir, "out/2024/charts/volunteers.svg"), "utf8");
    expect(svg).toContain("甲隊 12名");
    expect(svg).not.toContain("0小時");
  });
});
