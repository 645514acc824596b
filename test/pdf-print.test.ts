import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { generateYear } from "../bench/generate.js";
import { build } from "../src/build/index.js";
import { builtinTemplates } from "../src/core/paths.js";
import { destinationPages, loadPdf } from "../src/pdf/pdf-file.js";
import { sameMarkedContent } from "../src/pdf/splice.js";
import {
  built2022Pdf,
  cli,
  edit,
  keptBrowser,
  pdfText,
  sections2022,
  workspace,
} from "./support.js";

const exec = promisify(execFile);

/** The 2022 report as test/global-setup.ts built it, shared by the checks that only read it. */
let cwd: string;
let pdfPath: string;
let bytes: Uint8Array;
beforeAll(async () => {
  ({ cwd, pdfPath, bytes } = await built2022Pdf());
});

/** The 2022 report of `folder` built as a PDF alone, on the browser the tests keep. */
async function buildPdf(folder: string) {
  return build({ cwd: folder, years: [2022], formats: ["pdf"], manager: await keptBrowser() });
}

describe("one print", () => {
  /** The numbers the contents pages print, in order. */
  async function contentsNumbers(file: string, pages: number[]): Promise<number[]> {
    const numbers: number[] = [];
    for (const page of pages) {
      const text = await pdfText(file, { page });
      numbers.push(...[...text.matchAll(/(\d+)(?=[^\d]|$)/g)].map((match) => Number(match[1])));
    }
    return numbers;
  }

  it("prints the whole report once and the cover and contents again alone, to the same bytes", async () => {
    const again = await buildPdf(cwd);
    expect(again[0]?.errors).toEqual([]);
    expect(again[0]?.prints).toBe(1);
    expect(again[0]?.frontPrinted).toBe(true);
    expect(Buffer.compare(Buffer.from(bytes), await readFile(pdfPath))).toBe(0);
  });

  it("numbers a first build right after the sections move, with nothing to go on", async () => {
    const work = await workspace();
    const paragraph = "洛江區政協主動融入發展大局,凝心聚力、建言獻策。".repeat(9);
    await edit(
      path.join(work, "data/2022/narrative.yaml"),
      "      - 增強協商議政實效\n    paragraphs:\n",
      `      - 增強協商議政實效\n    paragraphs:\n${`      - ${paragraph}\n`.repeat(5)}`,
    );
    const moved = await buildPdf(work);
    expect(moved[0]?.errors).toEqual([]);
    expect(moved[0]?.prints).toBe(1);
    const file = path.join(work, "out/2022/report.pdf");
    const landed = destinationPages(await loadPdf(await readFile(file)));
    const before = destinationPages(await loadPdf(bytes));
    expect(landed.get("supervision")).toBeGreaterThan(before.get("supervision") ?? 0);
    expect(await contentsNumbers(file, [2])).toEqual(sections2022.map((id) => landed.get(id)));
    // Each number is the page whose footer it names, and whose heading it lists.
    for (const id of sections2022) {
      const page = landed.get(id) ?? 0;
      expect(await pdfText(file, { page })).toContain(`—${page}—`);
    }
  });

  it("numbers a contents that takes several pages, in one print of the body", async () => {
    const work = await workspace();
    const file = path.join(work, "data/2022/narrative.yaml");
    const narrative = await readFile(file, "utf8");
    // Twelve times the sections, each under a heading of its own.
    const [head, body] = [
      narrative.slice(0, narrative.indexOf("sections:\n") + 10),
      narrative.slice(narrative.indexOf("sections:\n") + 10, narrative.indexOf("\nclosing:") + 1),
    ];
    const copies = Array.from({ length: 12 }, (_, copy) =>
      copy === 0
        ? body
        : body
            .replace(/id: (\w+)/g, `id: $1_${copy}`)
            .replace(/(heading:\n\s+- )(\S+)/g, `$1$2${"甲乙丙丁戊己庚辛壬癸子丑"[copy]}`),
    );
    await writeFile(
      file,
      head + copies.join("") + narrative.slice(narrative.indexOf("\nclosing:") + 1),
    );
    const built = await buildPdf(work);
    expect(built[0]?.errors).toEqual([]);
    expect(built[0]?.prints).toBe(1);
    expect(built[0]?.frontPrinted).toBe(true);
    const pdf = path.join(work, "out/2022/report.pdf");
    const landed = destinationPages(await loadPdf(await readFile(pdf)));
    expect(landed.size).toBe(60);
    const first = Math.min(...landed.values());
    const contentsPages = Array.from({ length: first - 2 }, (_, index) => index + 2);
    expect(contentsPages.length).toBeGreaterThan(1);
    const printed = await contentsNumbers(pdf, contentsPages);
    expect(printed).toEqual([...landed.values()].sort((a, b) => a - b));
    // A sound file: the spliced pages' objects are all there, the replaced ones gone.
    const { stdout } = await exec("qpdf", ["--check", pdf]);
    expect(stdout).toContain("No syntax or stream encoding errors");
  });

  it("prints the whole report again when its pages count all pages (counter(pages))", async () => {
    const work = await workspace();
    const css = await readFile(path.join(builtinTemplates, "report.css"), "utf8");
    await mkdir(path.join(work, "templates"), { recursive: true });
    await writeFile(
      path.join(work, "templates/report.css"),
      `${css}\n@page contents { @bottom-center { content: "— " counter(page) " / " counter(pages) " —"; } }\n`,
    );
    const built = await buildPdf(work);
    expect(built[0]?.errors).toEqual([]);
    expect(built[0]?.prints).toBe(2);
    expect(built[0]?.frontPrinted).toBe(false);
    const file = path.join(work, "out/2022/report.pdf");
    const document = await loadPdf(await readFile(file));
    const landed = destinationPages(document);
    expect(await contentsNumbers(file, [2])).toEqual([
      ...sections2022.map((id) => landed.get(id)),
      2,
      document.getPageCount(),
    ]);
  });
});

describe("splicing the front matter", () => {
  /** The pages of the 2022 PDF at these indices, as a document of their own. */
  async function pagesOf(indices: number[]): Promise<PDFDocument> {
    const whole = await loadPdf(bytes);
    const front = await PDFDocument.create();
    for (const page of await front.copyPages(whole, indices)) front.addPage(page);
    return front;
  }
  const firstPages = (count: number) => pagesOf(Array.from({ length: count }, (_, index) => index));

  it("takes pages that mark the same content and link every listed section", async () => {
    const whole = await loadPdf(bytes);
    expect(sameMarkedContent(whole, await firstPages(2), sections2022)).toBe(true);
  });

  it("refuses pages that end before the contents does, or that mark other content", async () => {
    const whole = await loadPdf(bytes);
    // The cover alone: the contents page that lists the sections would be left as it was.
    expect(sameMarkedContent(whole, await firstPages(1), sections2022)).toBe(false);
    // Three pages against a print whose third page is another: the body's pages differ.
    const other = await pagesOf([0, 1, 3, 4]);
    expect(sameMarkedContent(other, await firstPages(3), sections2022)).toBe(false);
  });
});

describe("several years in one run", () => {
  it("prints each year to the bytes it has when built alone, on pages kept from year to year", async () => {
    const work = await workspace();
    const data = path.join(work, "data");
    for (const year of [2020, 2021]) generateYear(data, { year });
    // Characters only 2021 has, in faces no other year needs.
    await edit(
      path.join(data, "2021/narrative.yaml"),
      "      - 增強協商議政實效\n    paragraphs:\n",
      "      - 增強協商議政實效\n    paragraphs:\n      - 鑫淼焱垚犇驫,Ωμέγα。\n",
    );
    const years = ["2020", "2021", "2022"];
    const both = await cli(work, "build", ...years, "-f", "pdf", "-o", "all", "--trace", "t.json");
    expect(both.code, both.stderr).toBe(0);
    // Two pages print three years: the third only replaced a body.
    const { traceEvents } = JSON.parse(await readFile(path.join(work, "t.json"), "utf8"));
    const opened = traceEvents.filter(
      (event: { name: string }) => event.name === "print: open the page",
    );
    expect(opened.length).toBe(2);
    for (const year of years) {
      const alone = await cli(work, "build", year, "-f", "pdf", "-o", `alone-${year}`);
      expect(alone.code, alone.stderr).toBe(0);
      const a = await readFile(path.join(work, `all/${year}/report.pdf`));
      const b = await readFile(path.join(work, `alone-${year}/${year}/report.pdf`));
      expect(Buffer.compare(a, b), year).toBe(0);
    }
    expect(await pdfText(path.join(work, "all/2021/report.pdf"), { page: 5 })).toContain("鑫淼焱");
  });
});
