import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { builtCopy, cli, edit, ownCacheEachTest, pdfText, report, workspace } from "./support.js";

let work: string;
let html: string;
let markdown: string;
beforeAll(async () => {
  // The 2022 records as test/global-setup.ts built them, in every format.
  work = await builtCopy("2022");
  html = await readFile(path.join(work, "out/2022/report.html"), "utf8");
  markdown = await readFile(path.join(work, "out/2022/report.md"), "utf8");
});

const names = ["relief", "proposals", "activities"];

function figure(name: string): string {
  const match = new RegExp(
    `<figure class="chart"><svg role="img" aria-label="([^"]*)" class="chart chart-${name} chart-wide"[\\s\\S]*?</figure>`,
  ).exec(html);
  expect(match, name).not.toBeNull();
  return match?.[0] ?? "";
}

describe("charts", () => {
  it("are inline, accessible SVG with every figure in the label and in a table beside it", async () => {
    const chart = figure("relief");
    const label = /aria-label="([^"]*)"/.exec(chart)?.[1] ?? "";
    // The programmes with exact amounts in relief.yaml, as the seed writes them.
    for (const [programme, money] of [
      ["白內障患者定向補助", "2.4萬元"],
      ["重大疾病患者醫療救助", "23.5萬元"],
      ["掛鉤幫扶村(社區)", "25萬元"],
      ["集中慰問", "15萬元"],
      ["抗疫捐款捐物", "516.5萬元"],
    ]) {
      expect(label).toContain(`${programme} ${money}`);
      expect(chart).toContain(`<td>${programme}</td><td>${money}</td>`);
    }
    expect(chart).toMatch(/<div class="chart-data"><table><caption>[^<]+<\/caption>/);
    // The caption comes last, as HTML wants it; the drawing for phones is beside the wide one.
    expect(chart).toMatch(/<\/table><\/div><figcaption>[^<]+<\/figcaption><\/figure>$/);
    expect(chart).toContain('class="chart chart-relief chart-narrow"');

    const proposals = parse(await readFile(path.join(work, "data/2022/proposals.yaml"), "utf8"));
    expect(figure("proposals")).toContain(`收到提案 ${proposals.received}件`);
    const activities = parse(await readFile(path.join(work, "data/2022/activities.yaml"), "utf8"));
    const inspections = activities.activities.filter(
      (a: { kind: string }) => a.kind === "inspection",
    );
    expect(figure("activities")).toContain(`視察 ${inspections.length}`);
  });

  it("are SVG files beside report.md, linked from it, the same as the ones in the HTML", async () => {
    for (const name of names) {
      expect(markdown).toMatch(new RegExp(`!\\[[^\\]]+\\]\\(charts/${name}\\.svg\\)`));
      const file = await readFile(path.join(work, `out/2022/charts/${name}.svg`), "utf8");
      const svg = file.replace(/\n<!-- report chart [0-9a-f]+ [0-9a-f]+ -->\n$/, "");
      expect(figure(name)).toContain(svg);
      const narrow = await readFile(path.join(work, `out/2022/charts/${name}-narrow.svg`), "utf8");
      expect(figure(name)).toContain(
        narrow.replace(/\n<!-- report chart [0-9a-f]+ [0-9a-f]+ -->\n$/, ""),
      );
    }
  });

  it("are the same bytes when built again, in another process", async () => {
    const again = await report(work, "build", "2022", "-f", "md", "--out", "again");
    expect(again.code, again.stderr).toBe(0);
    for (const name of names) {
      expect(await readFile(path.join(work, `again/2022/charts/${name}.svg`), "utf8")).toBe(
        await readFile(path.join(work, `out/2022/charts/${name}.svg`), "utf8"),
      );
    }
  });

  it("are in the PDF, as text and shapes", async () => {
    const text = (await pdfText(path.join(work, "out/2022/report.pdf"))).replace(/\s+/g, "");
    expect(text).toContain("救助項目的資金與幫扶人數");
    expect(text).toContain("讀書活動");
  });

  it("go where a template puts them, and an unknown one is an error at its line", async () => {
    const own = await workspace();
    await mkdir(path.join(own, "templates/sections"), { recursive: true });
    await writeFile(
      path.join(own, "templates/sections/people.md.hbs"),
      '{{> partials/section}}\n{{chart "proposals"}}\n\n{{chart "releif"}}\n',
    );
    const broken = await cli(own, "build", "2022", "-f", "md");
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      /templates\/sections\/people\.md\.hbs:4:1 error chart expects one of "relief", "proposals", "activities", found "releif"/,
    );
    await writeFile(
      path.join(own, "templates/sections/people.md.hbs"),
      '{{> partials/section}}\n{{chart "proposals"}}\n',
    );
    const built = await cli(own, "build", "2022", "-f", "md,html");
    expect(built.code, built.stderr).toBe(0);
    const output = await readFile(path.join(own, "out/2022/report.md"), "utf8");
    // proposals twice (the template's and supervision's own), relief nowhere.
    expect(output.match(/\(charts\/proposals\.svg\)/g)?.length).toBe(2);
    expect(output).not.toContain("charts/relief.svg");
  });
});

describe("charts kept between runs in the user's cache", () => {
  const cache = ownCacheEachTest("report-test-charts-");

  it("are drawn again when their figures change or what was kept is damaged, and only then", async () => {
    const cwd = await workspace();
    const trace = path.join(cwd, "trace.json");
    const relief = path.join(cwd, "out/2022/charts/relief.svg");
    /** The charts a build in a process of its own draws, with no earlier output to reuse. */
    const drawn = async () => {
      await rm(path.join(cwd, "out"), { recursive: true, force: true });
      const built = await report(cwd, "build", "2022", "-f", "md,html", "--trace", trace);
      expect(built.code, built.stderr).toBe(0);
      const { traceEvents } = JSON.parse(await readFile(trace, "utf8")) as {
        traceEvents: Array<{ name: string }>;
      };
      return traceEvents
        .map((event) => event.name)
        .filter((name) => name.startsWith("charts: "))
        .sort();
    };
    const all = [
      "charts: activities drawn",
      "charts: activities-narrow drawn",
      "charts: proposals drawn",
      "charts: proposals-narrow drawn",
      "charts: relief drawn",
      "charts: relief-narrow drawn",
    ];
    expect(await drawn()).toEqual(all);
    const first = await readFile(relief, "utf8");
    expect(first).toContain("白內障患者定向補助 2.4萬元");
    expect(await drawn()).toEqual([]);
    expect(await readFile(relief, "utf8")).toBe(first);
    // A figure of the relief chart changed: that chart, both drawings, is drawn again with it.
    await edit(path.join(cwd, "data/2022/relief.yaml"), "amount: 24000", "amount: 26000");
    expect(await drawn()).toEqual(["charts: relief drawn", "charts: relief-narrow drawn"]);
    const changed = await readFile(relief, "utf8");
    expect(changed).toContain("白內障患者定向補助 2.6萬元");
    // Every kept drawing damaged in its middle: each is drawn again, to the same bytes.
    const folder = path.join(cache(), "drawn-charts");
    const files = await readdir(folder);
    expect(files).toHaveLength(8);
    for (const name of files) {
      const bytes = await readFile(path.join(folder, name));
      const middle = bytes.length >> 1;
      bytes[middle] = (bytes[middle] ?? 0) ^ 0x20;
      await writeFile(path.join(folder, name), bytes);
    }
    expect(await drawn()).toEqual(all);
    expect(await readFile(relief, "utf8")).toBe(changed);
  });
});
