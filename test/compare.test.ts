import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, root, workspace } from "./support.js";

/** A copy of the starter example: two consecutive years, 2024 and 2025. */
function starter(): Promise<string> {
  return example("starter");
}

/** A copy of an example, without its outputs. */
async function example(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `report-${name}-`));
  await cp(path.join(root, "examples", name), dir, {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}out`),
  });
  return dir;
}

describe("year over year", () => {
  it("compares with last year's records: figures, new and dropped programmes", async () => {
    const dir = await starter();
    const built = await cli(dir, "build", "2025", "-f", "md,html");
    expect(built.code, built.stderr).toBe(0);
    const markdown = await readFile(path.join(dir, "out/2025/report.md"), "utf8");

    // Checked by hand against the starter's records: proposals received 80 → 86 (+7.5%),
    // reports issued 10 → 12 (+20%). Relief money is not compared: the 2025 donations are an
    // "about" figure, and the exact amounts alone (254000 → 180000) are not the change of the
    // whole. People helped per unit, never added: 名 100 → 120 (+20%), 戶 60 + 45 = 105 → 60
    // (−45/105 = −42.857…%). A programme started and one dropped.
    expect(markdown).toContain(
      "與2024年相比,收到提案比上年增長7.5%,報送社情民意信息比上年增長20%。",
    );
    expect(markdown).toContain(
      "與2024年相比,救助資金含約數,不作比較,幫扶人數按名計比上年增長20%、按戶計比上年減少42.9%。" +
        "新增項目:委員捐資助學。不再開展:汛期受災群眾救助。",
    );
  });

  it("compares people helped per unit, and money only when every amount is exact", async () => {
    const charity = await example("charity");
    expect((await cli(charity, "build", "2024", "-f", "md")).code).toBe(0);
    // By hand: money 985602.40 → 1146316.30 (+160713.90, +16.306%); 名 74+39+51 = 164 → 86+43+58
    // = 187 (+14.02%); 户 298+120 = 418 → 312+27 = 339 (−18.90%); 个 11 → 14 (+27.27%); 人次 is
    // "over 1000" and "nearly 1200": not compared.
    expect(await readFile(path.join(charity, "out/2024/report.md"), "utf8")).toContain(
      "与2023年相比，救助资金比上年增长16.3%，帮扶人数按名计比上年增长14%、按户计比上年减少18.9%、" +
        "按个计比上年增长27.3%，按人次计的帮扶人数含约数，不作比较。",
    );
    const foodbank = await example("foodbank");
    expect((await cli(foodbank, "build", "2023", "-f", "md")).code).toBe(0);
    // By hand: 2022 records no amount, so money is not compared; children 580 → 640 (+10.34%);
    // households are "over 1,000" in 2022.
    expect(await readFile(path.join(foodbank, "out/2023/report.md"), "utf8")).toContain(
      "Compared with 2022: people helped: children up 10.3% on the year before; people counted in " +
        "households include estimates and are not compared.",
    );
  });

  it("refuses to print a partial change as the change of the whole", async () => {
    const dir = await starter();
    const file = path.join(dir, "templates/sections/people.md.hbs");
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      "{{> partials/section}}\n\n{{change @root.comparison.relief.exact_total}}\n\n{{change @root.comparison.relief.exact_total partial=true}}\n",
    );
    const refused = await cli(dir, "build", "2025", "-f", "md", "--templates", "templates");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /people\.md\.hbs:3:1 error change was given a partial comparison: an approximate figure/,
    );
    await writeFile(
      file,
      "{{> partials/section}}\n\n{{change @root.comparison.relief.exact_total partial=true}}\n",
    );
    const worded = await cli(dir, "build", "2025", "-f", "md", "--templates", "templates");
    expect(worded.code, worded.stderr).toBe(0);
    // 254000 → 180000 exact: −74000/254000 = −29.13%
    expect(await readFile(path.join(dir, "out/2025/report.md"), "utf8")).toContain(
      "比上年減少29.1%(僅計確數)",
    );
  });

  it("counts every year in the ROC calendar when the report does: title and comparisons", async () => {
    const dir = await starter();
    for (const year of ["2024", "2025"]) {
      const file = path.join(dir, "data", year, "report.yaml");
      const text = (await readFile(file, "utf8"))
        .replace("language: zh-Hant", "language: zh-TW\ncurrency: TWD\ncalendar: roc")
        .replace(`title: ${year}年度履職回眸`, `title: ${Number(year) - 1911}年度履職回眸`);
      await writeFile(file, text);
    }
    const built = await cli(dir, "build", "2025", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    const markdown = await readFile(path.join(dir, "out/2025/report.md"), "utf8");
    // 2025 is 民國114年, 2024 is 113年: the title names its year once, the comparison in 113年.
    expect(markdown).toContain("title: 政協青山縣第三屆委員會 114年度履職回眸\n");
    expect(markdown).toContain("與113年相比,收到提案比上年增長7.5%");
    // The records write their own text in 2025 (subject, prose); what the tool adds never says 2024.
    expect(markdown).not.toContain("2024");
  });

  it("makes no comparison, and no error, without last year's records", async () => {
    const dir = await starter();
    const built = await cli(dir, "build", "2024", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).not.toMatch(/warning/);
    expect(await readFile(path.join(dir, "out/2024/report.md"), "utf8")).not.toMatch(
      /比上年|與上年|相比/,
    );
  });

  it("warns and leaves the comparison out when last year's records have errors", async () => {
    const work = await workspace();
    await cp(path.join(work, "data/2022"), path.join(work, "data/2023"), { recursive: true });
    for (const name of ["report.yaml", "relief.yaml", "activities.yaml"]) {
      const file = path.join(work, "data/2023", name);
      await writeFile(
        file,
        (await readFile(file, "utf8")).replace(/\b2022(?=-\d\d|\s*$|工作)/gm, "2023"),
      );
    }
    const proposals = path.join(work, "data/2022/proposals.yaml");
    await writeFile(
      proposals,
      (await readFile(proposals, "utf8")).replace("received: 142", "received: many"),
    );
    const built = await cli(work, "build", "2023", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toMatch(
      /data\/2022 warning 2022 has 1 error; this report is not compared with it/,
    );
    expect(await readFile(path.join(work, "out/2023/report.md"), "utf8")).not.toMatch(
      /比上年|相比/,
    );
  });
});
