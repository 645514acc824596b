import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { findBrowser } from "../src/pdf/find-browser.js";
import { BrowserManager, KeptPagePrinter } from "../src/pdf/index.js";
import { cli, root, workspace } from "./support.js";

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
  const manager = new BrowserManager({ executable: await findBrowser(), timeout: 60_000 });
  const printer = new KeptPagePrinter(manager);
  const found: string[] = [];
  const pages = new Set<number>();
  try {
    for (let step = 0; step < steps; step++) {
      const filler = "履職".repeat((step * stepCharacters) / 2);
      await writeFile(
        narrative,
        original.replace("closing:\n  - |-\n", `closing:\n  - |-\n    ${filler}\n`),
      );
      const built = await cli(work, "build", "2022", "-f", "html");
      expect(built.code, built.stderr).toBe(0);
      const html = await readFile(path.join(folder, "report.html"), "utf8");
      const printed = await printer.print({ html, baseUrl: `${pathToFileURL(folder).href}/` });
      const pdf = path.join(work, `step-${step}.pdf`);
      await writeFile(pdf, await printed.document.save());
      for (const page of await blankPages(pdf)) found.push(`step ${step}: page ${page}`);
      pages.add(printed.document.getPageCount());
    }
  } finally {
    await printer.close();
    await manager.close();
  }
  expect(found).toEqual([]);
  // The closing grew across a page boundary: the chart was at the foot of a page and past it.
  expect(pages.size).toBeGreaterThan(1);
}, 240_000);
