import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./support.js";

/**
 * Shapes of figures that real reports publish and records now say: tables of several measures,
 * the same quantity in two records, money written the way a region writes it, numbers in words,
 * rates per period. Every expected figure is worked out by hand.
 */

const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A project with one year, 2024, of the files given; report.yaml gets `extra` lines. */
async function project(
  files: Record<string, string>,
  extra = "",
): Promise<{ dir: string; run: (...args: string[]) => ReturnType<typeof cli> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "report-shapes-"));
  made.push(dir);
  await mkdir(path.join(dir, "data/2024"), { recursive: true });
  await writeFile(path.join(dir, "report.config.yaml"), "organisation: 測試協會\n");
  const all = {
    "report.yaml": `organisation: 測試協會\nyear: 2024\ntitle: 2024年工作概述\n${extra}`,
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    await writeFile(path.join(dir, "data/2024", name), text);
  }
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
