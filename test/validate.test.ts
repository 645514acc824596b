import path from "node:path";
import { describe, expect, it } from "vitest";
import { validate } from "../src/build/index.js";
import { parseYamlText } from "../src/load/yaml-file.js";
import { cli, edit, lineOf, workspace } from "./support.js";

async function problems(cwd: string) {
  const [result] = await validate({ cwd, years: [2022] });
  if (!result) throw new Error("no result");
  return result;
}

describe("the 2022 records", () => {
  it("are valid, without warnings", async () => {
    const result = await problems(await workspace());
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });
});

describe("loader positions", () => {
  it("points at the line and column of a YAML syntax error", () => {
    const result = parseYamlText("a: 1\nb: [1, 2\n", "x.yaml");
    expect(result.issues[0]).toMatchObject({ severity: "error", file: "x.yaml", line: 3 });
  });

  it("points at the second of two duplicate keys", () => {
    const result = parseYamlText("a: 1\nb: 2\na: 3\n", "x.yaml");
    expect(result.issues[0]).toMatchObject({
      line: 3,
      column: 1,
      message: expect.stringMatching(/duplicate key/),
    });
  });
});

/**
 * Each rule, broken once in a copy of the real records: the message names the file, the line
 * of the offending value and what was expected.
 */
describe("rules", () => {
  const cases: Array<{
    rule: string;
    file: string;
    from: string;
    to: string;
    line: string;
    message: RegExp;
    severity?: "error" | "warning";
  }> = [
    {
      rule: "filed ≤ received",
      file: "proposals.yaml",
      from: "filed: 142",
      to: "filed: 150",
      line: "filed: 150",
      message: /expected at most 142 filed .*found 150/,
    },
    {
      rule: "key ≤ filed",
      file: "proposals.yaml",
      from: "key_proposals: 3",
      to: "key_proposals: 200",
      line: "key_proposals: 200",
      message: /expected at most 142 key proposals \(the number filed\), found 200/,
    },
    {
      rule: "lead units ≤ key proposals",
      file: "proposals.yaml",
      from: "key_lead_units: 3",
      to: "key_lead_units: 5",
      line: "key_lead_units: 5",
      message: /5 lead units for 3 key proposals/,
      severity: "warning",
    },
    {
      rule: "rates within 0–100 %",
      file: "proposals.yaml",
      from: "reply_rate: 100",
      to: "reply_rate: 104",
      line: "reply_rate: 104",
      message: /expected a percentage from 0 to 100, found the number 104/,
    },
    {
      rule: "dates inside the year",
      file: "activities.yaml",
      from: 'date: "2022-03"',
      to: "date: 2021-03",
      line: "date: 2021-03",
      message: /expected a date in 2022, found 2021-03/,
    },
    {
      rule: "dates well formed",
      file: "activities.yaml",
      from: 'date: "2022-03"',
      to: "date: 2022-13",
      line: "date: 2022-13",
      message: /expected a date written 2022, 2022-03 or 2022-03-15, found the text "2022-13"/,
    },
    {
      rule: "ids unique",
      file: "activities.yaml",
      from: "id: hezhou_cppcc",
      to: "id: anhui_cppcc # again",
      line: "id: anhui_cppcc # again",
      message: /expected a unique activity id, found "anhui_cppcc" again/,
    },
    {
      rule: "references resolve",
      file: "relief.yaml",
      from: "fund: relief_project\n    beneficiaries:\n      - { count: 11",
      to: "fund: relief_projct\n    beneficiaries:\n      - { count: 11",
      line: "fund: relief_projct",
      message: /expected the id of a fund, found "relief_projct"/,
    },
    {
      rule: "references resolve (delegations)",
      file: "delegations.yaml",
      from: "examples: [anhui_cppcc, hezhou_cppcc]",
      to: "examples: [anhui_cppcc, study_tour]",
      line: "examples:",
      message: /expected the id of a visit_received activity, found "study_tour"/,
    },
    {
      rule: "a total equals the sum of its parts",
      file: "relief.yaml",
      from: "regulation: relief_measures",
      to: "regulation: relief_measures\n    total: 250000",
      line: "total: 250000",
      message: /expected 259000 \(the sum of the fund's 2 programmes\), found 250000/,
    },
    {
      rule: "listed reports ≤ issued",
      file: "social-conditions.yaml",
      from: "issued: 8",
      to: "issued: 2",
      line: "issued: 2",
      message: /expected at least 3 \(the reports listed\), found 2/,
    },
    {
      rule: "named visits ≤ batches",
      file: "delegations.yaml",
      from: "batches: 10",
      to: "batches: 1",
      line: "batches: 1",
      message: /expected at least 2 \(the visits named as examples\), found 1/,
    },
    {
      rule: "a count has a unit",
      file: "relief.yaml",
      from: "{ count: 60, unit: 名, group: 白內障患者 }",
      to: "{ count: 60, group: 白內障患者 }",
      line: "{ count: 60, group",
      message: /expected a unit .* beside the count 60/,
    },
    {
      rule: "the year matches its folder",
      file: "report.yaml",
      from: "year: 2022",
      to: "year: 2021",
      line: "year: 2021",
      message: /expected 2022 \(the folder's year\), found 2021/,
    },
    {
      rule: "figures come from the records",
      file: "narrative.yaml",
      from: "累計為洛江區{{people relief.programmes.cataract.beneficiaries}}",
      to: "累計為洛江區60名白內障患者",
      line: "累計為洛江區60名",
      message: /the figure "60名" is typed into the prose/,
      severity: "warning",
    },
    {
      rule: "unknown keys, with a hint",
      file: "proposals.yaml",
      from: "filed: 142",
      to: "filed: 142\nfiled_count: 1",
      line: "filed_count",
      message: /unknown key "filed_count"/,
    },
    {
      rule: "wrong type",
      file: "proposals.yaml",
      from: "received: 142",
      to: "received: 一百四十二",
      line: "received: 一百四十二",
      message: /expected a number, found the text "一百四十二"/,
    },
    {
      rule: "missing key",
      file: "report.yaml",
      from: "title: 2022工作回眸\n",
      to: "",
      line: "organisation:",
      message: /missing key "title": expected a text/,
    },
    {
      rule: "approximate amounts",
      file: "relief.yaml",
      from: "wording: 多 }\n",
      to: "wording: 很多 }\n",
      line: "wording: 很多",
      message: /expected one of "多", "余", "餘", .*"nearly", .*, found the text "很多"/,
    },
    {
      rule: "amount kind",
      file: "relief.yaml",
      from: "amount: 24000",
      to: "amount: 2.4萬元",
      line: "amount: 2.4萬元",
      message: /expected an amount with at most two decimals, or \{ about, wording \}/,
    },
  ];

  it.each(cases)("$rule", async ({ file, from, to, line, message, severity = "error" }) => {
    const cwd = await workspace();
    const absolute = path.join(cwd, "data/2022", file);
    await edit(absolute, from, to);
    const result = await problems(cwd);
    const found = severity === "error" ? result.errors : result.warnings;
    const issue = found.find((candidate) => message.test(candidate.message));
    expect(issue, JSON.stringify([...result.errors, ...result.warnings], null, 1)).toBeDefined();
    expect(issue?.file).toBe(`data/2022/${file}`);
    expect(issue?.line).toBe(await lineOf(absolute, line));
    expect(issue?.frame).toContain(">");
  });

  it("suggests the key that was probably meant", async () => {
    const cwd = await workspace();
    await edit(path.join(cwd, "data/2022/proposals.yaml"), "reply_rate:", "reply_rat:");
    const result = await problems(cwd);
    expect(result.errors.map((issue) => issue.hint)).toContain('did you mean "reply_rate"?');
  });

  it("reports every problem of a run together, warnings apart", async () => {
    const cwd = await workspace();
    await edit(path.join(cwd, "data/2022/proposals.yaml"), "reply_rate: 100", "reply_rate: 140");
    await edit(path.join(cwd, "data/2022/activities.yaml"), 'date: "2022-03"', "date: 03/2022");
    await edit(
      path.join(cwd, "data/2022/report.yaml"),
      "title: 2022工作回眸",
      "title: 2022工作回眸\ntitel: x",
    );
    const { code, stderr } = await cli(cwd, "validate", "2022");
    expect(code).toBe(1);
    expect(stderr).toMatch(/data\/2022\/activities\.yaml:\d+:\d+ error expected a date/);
    expect(stderr).toMatch(/data\/2022\/proposals\.yaml:\d+:\d+ error expected a percentage/);
    expect(stderr).toMatch(/data\/2022\/report\.yaml:\d+:\d+ error unknown key "titel"/);
    expect(stderr).toMatch(/✖ 2022: 3 errors/);
  });

  it("exits 0 on valid records", async () => {
    const { code, stderr } = await cli(await workspace(), "validate", "2022");
    expect(code).toBe(0);
    expect(stderr).toMatch(/✔ 2022: records are valid/);
  });
});
