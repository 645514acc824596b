import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { BrowserManager } from "../src/pdf/index.js";
import { keptBrowser } from "./support.js";

// report.html on a phone: 375 CSS pixels wide, as an iPhone SE or a mid-range Android shows it.

const phone = { width: 375, height: 812 };
let manager: BrowserManager;
const pages: Array<{ name: string; file: string }> = [];

beforeAll(async () => {
  // Built once for the suite by test/global-setup.ts.
  for (const name of ["2022", "foodbank", "foundation", "charity"]) {
    const built = inject("built").find((entry) => entry.name === name && entry.theme === "default");
    if (!built) throw new Error(`${name} was not built`);
    const year = built.years.at(-1) as string;
    pages.push({ name, file: path.join(built.out, year, "report.html") });
  }
  manager = await keptBrowser();
});

interface Measured {
  /** How far the page reaches past the screen's right edge, in CSS pixels. */
  overflow: number;
  /** The smallest chart text as shown, in CSS pixels, and how many texts were measured. */
  smallestChartText: number;
  chartTexts: number;
  /** Tables wider than the screen, and of those the ones that scroll and draw the cue. */
  wideTables: number;
  scrollingWithCue: number;
}

async function measure(file: string): Promise<Measured> {
  return manager.withPage(async (page) => {
    await page.setViewport({ ...phone, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    const layout = await page.evaluate(() => {
      const sizes: number[] = [];
      for (const text of document.querySelectorAll<SVGTextElement>("figure.chart svg text")) {
        const box = text.getBoundingClientRect();
        if (box.width === 0 || !text.textContent?.trim()) continue;
        const scale = text.getScreenCTM()?.a ?? 1;
        sizes.push(Number.parseFloat(getComputedStyle(text).fontSize) * scale);
      }
      const wide = [...document.querySelectorAll<HTMLElement>(".table-scroll")].flatMap(
        (wrapper, index) => (wrapper.scrollWidth > wrapper.clientWidth ? [{ wrapper, index }] : []),
      );
      return {
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        sizes,
        wide: wide.map(({ wrapper, index }) => ({
          index,
          scrolls: ["auto", "scroll"].includes(getComputedStyle(wrapper).overflowX),
        })),
      };
    });
    // The cue, as drawn: the right edge of a table that scrolls is darker with the wrapper's
    // background (the shadow) than without it.
    let scrollingWithCue = 0;
    for (const table of layout.wide) {
      if (!table.scrolls) continue;
      const shots: string[] = [];
      const wrapper = (await page.$$(".table-scroll"))[table.index];
      for (const background of ["", "none"]) {
        await wrapper?.evaluate((element, value) => {
          (element as HTMLElement).style.background = value;
        }, background);
        shots.push((await wrapper?.screenshot({ encoding: "base64" })) as string);
      }
      const shade = await page.evaluate(async (pngs: string[]) => {
        const edges = [];
        for (const png of pngs) {
          const image = new Image();
          image.src = `data:image/png;base64,${png}`;
          await image.decode();
          const canvas = document.createElement("canvas");
          canvas.width = image.width;
          canvas.height = image.height;
          const context = canvas.getContext("2d") as CanvasRenderingContext2D;
          context.drawImage(image, 0, 0);
          const { data } = context.getImageData(image.width - 4, 0, 3, image.height);
          let sum = 0;
          for (let at = 0; at < data.length; at += 4) {
            sum += 765 - ((data[at] ?? 0) + (data[at + 1] ?? 0) + (data[at + 2] ?? 0));
          }
          edges.push(sum / (data.length / 4));
        }
        return (edges[0] ?? 0) - (edges[1] ?? 0);
      }, shots);
      if (shade > 10) scrollingWithCue++;
    }
    return {
      overflow: layout.overflow,
      smallestChartText: Math.min(...layout.sizes),
      chartTexts: layout.sizes.length,
      wideTables: layout.wide.length,
      scrollingWithCue,
    };
  });
}

describe("report.html at 375 pixels wide", () => {
  it("does not reach past the screen's edge, and its charts' text is 11 pixels or more", async () => {
    for (const { name, file } of pages) {
      const measured = await measure(file);
      expect(measured.overflow, name).toBeLessThanOrEqual(0);
      expect(measured.chartTexts, name).toBeGreaterThan(5);
      expect(measured.smallestChartText, name).toBeGreaterThanOrEqual(11);
    }
  });

  it("shows that a table wider than the screen scrolls", async () => {
    let wide = 0;
    for (const { name, file } of pages) {
      const measured = await measure(file);
      expect(measured.scrollingWithCue, name).toBe(measured.wideTables);
      wide += measured.wideTables;
    }
    // The English programmes table (five columns of words) is one of them.
    expect(wide).toBeGreaterThan(0);
  });
});

describe("report.html to axe, at 375 pixels wide", () => {
  // Every report built for the suite, 2022 and each example, in both themes.
  const reports = inject("built").flatMap((entry) =>
    entry.years.map((year) => ({
      label: `${entry.name} ${entry.theme} ${year}`,
      file: path.join(entry.out, year, "report.html"),
    })),
  );

  // axe-core's script, read once for all the reports.
  const axeSource = readFile(createRequire(import.meta.url).resolve("axe-core"), "utf8");

  it.each(reports)("$label has no violation of axe's rules", async ({ file }) => {
    const source = await axeSource;
    const violations = await manager.withPage(async (page) => {
      await page.setViewport({ ...phone, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready);
      await page.addScriptTag({ content: source });
      return page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run: (context: Document) => Promise<{
                violations: Array<{
                  id: string;
                  impact: string;
                  nodes: Array<{ target: unknown }>;
                }>;
              }>;
            };
          }
        ).axe;
        const result = await axe.run(document);
        return result.violations.map(
          (violation) =>
            `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => JSON.stringify(node.target)).join(" ")}`,
        );
      });
    });
    expect(violations).toEqual([]);
  });
});
