import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { KeptPagePrinter } from "../src/pdf/index.js";
import { cli, keptBrowser, root, workspace } from "./support.js";

const exec = promisify(execFile);

/**
 * The 2022 report with a chart at its very end, after the closing paragraph: a chart's hidden
 * table hanging below the last page is what added a page with nothing on it but its footer. A
 * page holds about 30 lines of 37 characters; the closing paragraph grows by a line at each
 * step, so over a page's worth of steps the chart passes through every position on its page,
 * the foot included.
 */
const stepCharacters = 36;
const steps = 32;

/** The pages of a PDF that hold nothing but their running footer (`— 7 —`). */
async function blankPages(pdf: string): Promise<number[]> {
  const { stdout } = await exec("pdftotext", ["-layout", pdf, "-"]);
  return stdout
    .split("\f")
    .slice(0, -1)
    .flatMap((page, index) => (page.replace(/—\s*\d+\s*—/g, "").trim() === "" ? [index + 1] : []));
}

it("has no page holding nothing but its footer, wherever the charts fall", async () => {
  const work = await workspace();
  const narrative = path.join(work, "data/2022/narrative.yaml");
  const original = await readFile(narrative, "utf8");
  await mkdir(path.join(work, "templates"));
  const layout = await readFile(path.join(root, "templates/report.md.hbs"), "utf8");
  await writeFile(path.join(work, "templates/report.md.hbs"), `${layout}\n{{chart "relief"}}\n`);
  const folder = path.join(work, "out/2022");
  const printer = new KeptPagePrinter(await keptBrowser());
  /** Each step printed: its page count and the pages holding nothing but a footer. */
  const printed = new Map<number, { pages: number; blank: number[] }>();
  const print = async (step: number) => {
    const known = printed.get(step);
    if (known) return known;
    const filler = "履職".repeat((step * stepCharacters) / 2);
    await writeFile(
      narrative,
      original.replace("closing:\n  - |-\n", `closing:\n  - |-\n    ${filler}\n`),
    );
    const built = await cli(work, "build", "2022", "-f", "html");
    expect(built.code, built.stderr).toBe(0);
    const html = await readFile(path.join(folder, "report.html"), "utf8");
    const done = await printer.print({ html, baseUrl: `${pathToFileURL(folder).href}/` });
    const pdf = path.join(work, `step-${step}.pdf`);
    await writeFile(pdf, await done.document.save());
    const result = { pages: done.document.getPageCount(), blank: await blankPages(pdf) };
    printed.set(step, result);
    return result;
  };
  try {
    // Where the chart stops fitting on its page is found by halving (the page count only grows
    // with the closing), not by printing every step: the first step with one page more is the
    // chart at the foot of its page, pushed past it or hanging below it (a hidden table that
    // keeps its height adds a page there). The last two steps halved to are the chart fitting
    // at the foot of its page and the first step past it.
    const first = await print(0);
    expect((await print(steps - 1)).pages).toBeGreaterThan(first.pages);
    let fits = 0;
    let over = steps - 1;
    while (over - fits > 1) {
      const middle = Math.floor((fits + over) / 2);
      if ((await print(middle)).pages > first.pages) over = middle;
      else fits = middle;
    }
  } finally {
    await printer.close();
  }
  const found = [...printed].flatMap(([step, { blank }]) =>
    blank.map((page) => `step ${step}: page ${page}`),
  );
  expect(found).toEqual([]);
  // The halving went through the boundary: printed with the chart on the page and past it.
  expect(new Set([...printed.values()].map(({ pages }) => pages)).size).toBeGreaterThan(1);
  expect(printed.size).toBeLessThan(steps / 2);
});
