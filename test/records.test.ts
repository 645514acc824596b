import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { html, markdown, narrative, project, report } from "./year-records.js";

/**
 * The records of organisations unlike the reference committee: proposal ledgers, money to the
 * 分, finances, named figures and breakdowns, periods, calendars, nested sections. Each case is
 * a small year written inline; expected values are worked out by hand.
 */

const ledger = `session: 一次會議
categories: [經濟, 社會]
proposals:
  - { number: 1, title: 甲案, category: 經濟, key: true, lead_unit: 發改局, answered: "2024-05-01", outcome: A, satisfaction: 滿意 }
  - { number: 2, title: 乙案, category: 社會, key: true, lead_unit: 教育局, answered: "2024-05-02", outcome: B, satisfaction: 基本滿意 }
  - { number: 3, title: 丙案, category: 社會, lead_unit: 教育局, answered: "2024-05-03", outcome: A, satisfaction: 不滿意 }
  - { number: 4, title: 丁案, category: 經濟, lead_unit: 發改局, outcome: C }
  - { number: 5, title: 戊案, category: 經濟, status: 不予立案轉意見 }
  - { number: 6, title: 己案, category: 社會, status: 併案, lead_unit: 民政局 }
`;

describe("a proposal ledger", () => {
  it("gives the totals, rates and counts by outcome and category to the prose and tables", async () => {
    const { dir, build } = await project({
      "proposals.yaml": ledger,
      "narrative.yaml": narrative(
        '收到{{count proposals.received "件"}}，立案{{count proposals.filed "件"}}，轉意見{{count proposals.letters "件"}}，重點{{count proposals.key_proposals "件"}}，主辦單位{{count proposals.key_lead_units "個"}}，辦復率{{percent proposals.reply_rate}}，滿意率{{percent proposals.satisfaction_rate}}，{{proposals.outcome.A.name}}{{count proposals.outcome.A.count "件"}}佔{{percent proposals.outcome.A.share}}，經濟類{{count proposals.category.經濟.count "件"}}，{{share proposals.key_proposals proposals.filed}}為重點。',
        "proposals",
      ),
    });
    const built = await build();
    expect(built.code, built.stderr).toBe(0);
    const text = await markdown(dir);
    expect(text).toContain(
      "收到6件，立案5件，轉意見1件，重點2件，主辦單位2個，辦復率80%，滿意率66.7%，已解決或採納2件佔50%，經濟類2件，40%為重點。",
    );
    // The built-in section: the totals, the outcomes and the key proposals with their lead units.
    expect(text).toContain("| 6件 | 5件 | 2件 | 2個 | 80% | 66.7% |");
    expect(text).toContain("| A 已解決或採納 | 2件 | 50% |");
    expect(text).toContain("| C 留作參考 | 1件 | 25% |");
    expect(text).toContain("| 1 | 甲案 | 發改局 |");
    expect(text).toContain("| 2 | 乙案 | 教育局 |");
    expect(text).toContain("![提案辦理結果](charts/outcomes.svg)");
  });

  it("says at the published total where it disagrees with the ledger, giving both figures", async () => {
    const { dir, build } = await project({
      "proposals.yaml": ledger.replace(
        "session: 一次會議\n",
        "session: 一次會議\nreceived: 7\nreply_rate: 90\n",
      ),
      "narrative.yaml": narrative("工作。"),
    });
    await mkdir(path.join(dir, "out/2024"), { recursive: true });
    await writeFile(path.join(dir, "out/2024/report.md"), "earlier");
    const built = await build();
    expect(built.code).toBe(1);
    expect(built.stderr).toContain(
      "data/2024/proposals.yaml:2:11 error expected 6 (proposals the ledger lists for 一次會議), found 7",
    );
    expect(built.stderr).toContain(
      "data/2024/proposals.yaml:3:13 error expected 80 (answered of filed, from the ledger for 一次會議), found 90",
    );
    expect(await markdown(dir)).toBe("earlier");
  });

  it.each([
    {
      name: "a number used twice",
      from: "{ number: 3,",
      to: "{ number: 2,",
      message:
        /proposals\.yaml:6:\d+ error expected a unique proposal number, found 2 again \(first at item 2\)/,
    },
    {
      name: "an outcome not in the list",
      from: "outcome: C",
      to: "outcome: D",
      message: /proposals\.yaml:7:\d+ error expected one of the outcomes "A", "B", "C", found "D"/,
    },
    {
      name: "a category not in the list",
      from: "title: 丁案, category: 經濟",
      to: "title: 丁案, category: 經計",
      message:
        /proposals\.yaml:7:\d+ error expected one of the categories "經濟", "社會", found "經計"/,
    },
    {
      name: "a key proposal that was not filed",
      from: "status: 不予立案轉意見",
      to: "status: 不予立案轉意見, key: true",
      message: /proposals\.yaml:8:\d+ error expected a key proposal to be filed/,
    },
  ])("refuses $name at its line", async ({ from, to, message }) => {
    const { build } = await project({
      "proposals.yaml": ledger.replace(from, to),
      "narrative.yaml": narrative("工作。"),
    });
    const built = await build();
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(message);
  });

  it("keeps totals-only files valid, and leaves out what a committee does not report", async () => {
    const { dir, build } = await project({
      "proposals.yaml": "session: 一次會議\nreceived: 40\nfiled: 38\n",
      "narrative.yaml": narrative("工作。", "supervision"),
    });
    const built = await build();
    expect(built.code, built.stderr).toBe(0);
    const text = await markdown(dir);
    expect(text).toContain("| 收到提案 | 立案 |");
    expect(text).toContain("| 40件 | 38件 |");
    // No key proposals were reported: no bar says 0.
    expect(text).not.toContain("重點提案");
    const svg = await readFile(path.join(dir, "out/2024/charts/proposals.svg"), "utf8");
    expect(svg).not.toMatch(/重點提案|>0件</);
  });
});

describe("honest built-in sections", () => {
  it("counts inspections in the record's own unit, in full-width brackets in Chinese", async () => {
    const { dir, build } = await project({
      "activities.yaml": `activities:
  - { id: reports, kind: inspection, title: 專項視察報告, count: 5, unit: 份, date: "2024-03" }
  - { id: visits, kind: inspection, title: 農村道路視察, count: 3 }
`,
      "narrative.yaml": narrative("工作。", "supervision"),
    });
    const built = await build();
    expect(built.code, built.stderr).toBe(0);
    const text = await markdown(dir);
    expect(text).toContain("- 專項視察報告（5份）（2024年3月）");
    // Without a unit, the kind's own: 次.
    expect(text).toContain("- 農村道路視察（3次）");
  });

  it("refuses {{…}} in a heading, which would print as written, at its line", async () => {
    const { dir, build } = await project({
      "narrative.yaml": `sections:
  - id: work
    heading: ["{{year}}年工作总结"]
    paragraphs: [工作。]
`,
    });
    const built = await build();
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(
      /narrative\.yaml:3:\d+ error expected text without \{\{…\}\} here: helpers are expanded in paragraphs only, so "\{\{year\}\}年工作总结" would print as written/,
    );
    await expect(readFile(path.join(dir, "out/2024/report.md"))).rejects.toThrow();
  });
});

describe("money", () => {
  it("takes amounts to the 分 exactly and prints them as published, or scaled when asked", async () => {
    const { dir, build } = await project({
      "report.yaml": report("language: zh-Hans"),
      "finances.yaml": `income:
  total: 1050985.26
  items:
    - { id: gifts, name: 捐赠, amount: 1050985.06 }
    - { id: interest, name: 利息, amount: 0.1 }
    - { id: other, name: 其他, amount: 0.1 }
expenditure:
  total: 1031838.99
`,
      "narrative.yaml": narrative(
        '收入{{money finances.income.total}}，支出{{money finances.expenditure.total}}，结余{{money finances.balance}}，约合{{money finances.income.total unit="万元" digits=2}}。',
      ),
    });
    const built = await build();
    expect(built.code, built.stderr).toBe(0);
    expect(await markdown(dir)).toContain(
      "收入1050985.26元，支出1031838.99元，结余19146.27元，约合105.10万元。",
    );
  });

  it("writes each amount as precise as it is recorded; a statement keeping 分 writes all its amounts to the 分", async () => {
    const { dir, build } = await project({
      "relief.yaml": `programmes:
  - { id: round, name: 慰問, amount: 25000 }
  - { id: exact, name: 救助, amount: 1234.56 }
`,
      "finances.yaml": `income:
  items:
    - { id: gifts, name: 捐贈, amount: 30000 }
    - { id: interest, name: 利息, amount: 12.34 }
`,
      "narrative.yaml": narrative(
        "慰問{{money relief.programmes.round.amount}},救助{{money relief.programmes.exact.amount}}。",
        "finances",
      ),
    });
    const built = await build();
    expect(built.code, built.stderr).toBe(0);
    const text = await markdown(dir);
    // 25000 is whole: 2.5萬元, as before a year kept any amount to the 分 (it printed 25000.00元).
    expect(text).toContain("慰問2.5萬元,救助1234.56元。");
    // The statement: 30000 + 12.34 = 30012.34, every amount of its column to the 分.
    expect(text).toContain("| 捐贈 | 30000.00元 |");
    expect(text).toContain("| **收入** | **30012.34元** |");
  });

  it.each([
    {
      name: "an amount with three decimals",
      file: "relief.yaml",
      text: "programmes:\n  - id: aid\n    name: 救助\n    amount: 1.234\n",
      message:
        /relief\.yaml:4:13 error expected an amount with at most two decimals \(分\), found the number 1\.234/,
    },
    {
      name: "items that do not add up to the total",
      file: "finances.yaml",
      text: "income:\n  total: 100\n  items:\n    - { id: a, name: 甲, amount: 60.5 }\n    - { id: b, name: 乙, amount: 39.49 }\n",
      message:
        /finances\.yaml:2:10 error expected 99\.99 \(the sum of the 2 items of income\), found 100/,
    },
    {
      name: "a currency that is not an ISO 4217 code",
      file: "report.yaml",
      text: report("currency: NTD"),
      message:
        /report\.yaml:4:11 error expected an ISO 4217 currency code such as CNY, TWD, HKD or GBP, found the text "NTD"[\s\S]*hint: NTD is written TWD in ISO 4217/,
    },
  ])("refuses $name", async ({ file, text, message }) => {
    const { build } = await project({ [file]: text, "narrative.yaml": narrative("工作。") });
    const built = await build();
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(message);
  });

  it("writes Taiwan dollars, 民國 years and corner quotation marks for a Taiwanese report", async () => {
    const { dir, build } = await project({
      "report.yaml": report("language: zh-TW\ncurrency: TWD\ncalendar: roc"),
      "relief.yaml": `programmes:
  - id: grants
    name: 助學金
    date: "2024-05"
    amount: 27634000
    beneficiaries:
      - { count: 1234, unit: 人, group: 學生 }
`,
      "narrative.yaml": narrative(
        "{{date relief.programmes.grants.date}}發放{{quote relief.programmes.grants}}{{money relief.programmes.grants.amount}}，受助{{people relief.programmes.grants.beneficiaries}}。",
      ),
    });
    const built = await build();
    expect(built.code, built.stderr).toBe(0);
    expect(await markdown(dir)).toContain(
      "113年5月發放「助學金」NT$2,763萬4,000元，受助1,234人學生。",
    );
    expect(await html(dir)).toContain("113年</p>");
  });
});

describe("published changes", () => {
  const changes = (donors: string) => `figures:
  - { id: donors, label: 捐款人, value: 230, unit: 名, previous: 210, change: ${donors} }
  - { id: growth, label: 捐款增長, change: 145.5 }
  - { id: fall, label: 借閱, change: -3.21 }
`;

  it("prints a change as published, signed and past 100%, with or without its figures", async () => {
    const { dir, build } = await project({
      "figures.yaml": changes("9.52"),
      "narrative.yaml": narrative(
        "捐款{{change figures.growth.change}},借閱{{change figures.fall.change}},捐款人{{change figures.donors.change}}。",
      ),
    });
    const built = await build();
    expect(built.code, built.stderr).toBe(0);
    // Each as written: 145.5, −3.21 (減少), 9.52 (230 against 210 is +9.5238…%, which it agrees with).
    expect(await markdown(dir)).toContain(
      "捐款比上年增長145.5%,借閱比上年減少3.21%,捐款人比上年增長9.52%。",
    );
  });

  it("refuses a published change its figures disagree with, at its line", async () => {
    const { build } = await project({
      "figures.yaml": changes("12.34"),
      "narrative.yaml": narrative("工作。"),
    });
    const built = await build();
    expect(built.code).toBe(1);
    // (230 − 210) / 210 = 9.5238…%: 9.52 to the two decimals 12.34 was published with.
    expect(built.stderr).toMatch(
      /figures\.yaml:2:\d+ error expected 9\.52 \(the change from previous 210 to 230, in percent\), found 12\.34/,
    );
  });
});
