import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { decodeEntities } from "../src/core/escape.js";

// No page of a built PDF holds only the first line of a paragraph at its foot (an orphan) or
// only the last line at its head (a widow): every paragraph of the 2022 report and of every
// example, in both themes, read back from the PDF with poppler.

const exec = promisify(execFile);

/** Text as compared: without spaces and line breaks, ligatures and full-width forms folded. */
const plain = (text: string) => text.normalize("NFKC").replace(/\s+/g, "");

/** The texts of the report's paragraphs, from its HTML. */
function paragraphs(html: string): string[] {
  return [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)]
    .map((match) => plain(decodeEntities((match[1] ?? "").replace(/<[^>]+>/g, ""))))
    .filter((text) => text.length > 0);
}

/** Each page's lines of text, top to bottom, without the page number at its foot. */
async function pageLines(pdf: string): Promise<string[][]> {
  const { stdout } = await exec("pdftotext", ["-enc", "UTF-8", "-bbox-layout", pdf, "-"], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout
    .split("<page ")
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<line[^>]*>([\s\S]*?)<\/line>/g)]
        .map((line) =>
          plain(
            [...(line[1] ?? "").matchAll(/<word[^>]*>([^<]*)<\/word>/g)]
              .map((word) => word[1] ?? "")
              .join(" ")
              .replace(/&amp;/g, "&")
              .replace(/&lt;/g, "<")
              .replace(/&gt;/g, ">")
              .replace(/&quot;/g, '"')
              .replace(/&apos;/g, "'"),
          ),
        )
        .filter((line) => line.length > 0 && !/^[—-]?\d+[—-]?$/.test(line)),
    );
}

interface Lone {
  page: number;
  kind: "orphan" | "widow";
  line: string;
}

/**
 * The lines left alone: a paragraph's first line at a page's foot with the rest of it heading
 * the next page, or its last line at a page's head with the rest of it ending the page before.
 */
function loneLines(texts: string[], pages: string[][]): Lone[] {
  const lone: Lone[] = [];
  pages.forEach((lines, index) => {
    const last = lines.at(-1);
    const next = pages[index + 1]?.[0];
    if (!last || !next) return;
    const joined = last + next;
    // A paragraph of two lines split is reported once, as an orphan.
    if (texts.some((text) => text.startsWith(joined))) {
      lone.push({ page: index + 1, kind: "orphan", line: last });
    } else if (texts.some((text) => text.endsWith(joined) && text.length > joined.length)) {
      lone.push({ page: index + 2, kind: "widow", line: next });
    }
  });
  return lone;
}

describe("paragraphs are not split to leave a line alone", () => {
  it("finds the lone lines it is looking for", () => {
    const texts = ["第一行第二行第三行", "another paragraph"];
    expect(
      loneLines(texts, [
        ["前文", "第一行", "第二行"],
        ["第三行", "anotherparagraph"],
      ]),
    ).toEqual([{ page: 2, kind: "widow", line: "第三行" }]);
    expect(
      loneLines(texts, [
        ["前文", "第一行"],
        ["第二行", "第三行"],
      ]),
    ).toEqual([{ page: 1, kind: "orphan", line: "第一行" }]);
    // Whole on one page, or moved whole to the next: nothing alone; a line that only looks
    // like a paragraph's start (a cover's date) is not taken for one.
    expect(loneLines(texts, [["第一行", "第二行", "第三行"], ["anotherparagraph"]])).toEqual([]);
    expect(loneLines(texts, [["前文"], ["第一行", "第二行", "第三行"]])).toEqual([]);
    expect(loneLines(texts, [["第一行"], ["目錄"]])).toEqual([]);
  });

  it("leaves no orphan and no widow in any built PDF", async () => {
    const found: string[] = [];
    let checked = 0;
    for (const entry of inject("built")) {
      for (const year of entry.years) {
        const folder = path.join(entry.out, year);
        const texts = paragraphs(await readFile(path.join(folder, "report.html"), "utf8"));
        const pages = await pageLines(path.join(folder, "report.pdf"));
        checked += pages.length;
        for (const lone of loneLines(texts, pages)) {
          found.push(
            `${entry.name} ${entry.theme} ${year} p.${lone.page} ${lone.kind}: ${lone.line}`,
          );
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(found).toEqual([]);
  });
});
