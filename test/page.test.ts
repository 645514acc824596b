import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cli, copyOf, root } from "./support.js";

// The config's page: the paper and margins of the print, the PDF and report.docx, without
// ejecting a stylesheet; left out, the paper of report.yaml's region.

const exec = promisify(execFile);

async function paperOf(pdf: string): Promise<string | undefined> {
  return /Page size:\s+(.*)/.exec((await exec("pdfinfo", [pdf])).stdout)?.[1];
}

/** The left edge of the leftmost word on any page, in points. */
async function leftEdge(pdf: string): Promise<number> {
  const { stdout } = await exec("pdftotext", ["-bbox", pdf, "-"], { maxBuffer: 64 << 20 });
  const edges = [...stdout.matchAll(/<word xMin="([\d.]+)"/g)].map((match) => Number(match[1]));
  return Math.min(...edges);
}

async function docxXml(docx: string): Promise<string> {
  return (await exec("unzip", ["-p", docx, "word/document.xml"], { maxBuffer: 64 << 20 })).stdout;
}

describe("the config's page", () => {
  it("prints on Letter with inch margins, in the PDF and in Word", async () => {
    // The US library's config asks for Letter and 1in margins.
    const project = await copyOf(path.join(root, "examples/library"));
    const built = await cli(project, "build", "2024", "-f", "pdf,docx");
    expect(built.code, built.stderr).toBe(0);
    const out = path.join(project, "out/2024");
    expect(await paperOf(path.join(out, "report.pdf"))).toMatch(/^612 x 792 pts \(letter\)/);
    // 8.5 × 11 in is 12240 × 15840 twips, 1 in 1440.
    const document = await docxXml(path.join(out, "report.docx"));
    expect(document).toMatch(/<w:pgSz w:w="12240" w:h="15840"/);
    expect(document).toMatch(/<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440"/);
  });

  it("takes margins as CSS writes them, and the text moves with the left one", async () => {
    const project = await copyOf(path.join(root, "examples/committee-en"));
    const config = path.join(project, "report.config.yaml");
    await writeFile(
      config,
      `${await readFile(config, "utf8")}\npage:\n  size: A4\n  margins: 20mm 15mm\n`,
    );
    const built = await cli(project, "build", "2024", "-f", "pdf,docx");
    expect(built.code, built.stderr).toBe(0);
    const out = path.join(project, "out/2024");
    expect(await paperOf(path.join(out, "report.pdf"))).toMatch(/^594\.96 x 841\.92 pts \(A4\)/);
    // 15 mm is 42.52 pt: the text starts there, not at the 28 mm (79.37 pt) default.
    const left = await leftEdge(path.join(out, "report.pdf"));
    expect(left).toBeGreaterThanOrEqual(42.5);
    expect(left).toBeLessThan(50);
    // 20 mm is 1134 twips, 15 mm 850; A4 is 11906 × 16838.
    const document = await docxXml(path.join(out, "report.docx"));
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(document).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="850"/);
  });

  it("refuses a page for the official theme, and margins CSS would not read, at their line", async () => {
    const project = await copyOf(path.join(root, "examples/committee-en"));
    const config = path.join(project, "report.config.yaml");
    const text = await readFile(config, "utf8");
    /** The line of `line` in what the config now says, counted from 1. */
    const lineOf = async (line: string) =>
      (await readFile(config, "utf8")).split("\n").indexOf(line) + 1;

    await writeFile(config, `${text}\ntheme: official\npage:\n  size: Letter\n`);
    const official = await cli(project, "build", "2024", "-f", "md");
    expect(official.code).toBe(1);
    expect(official.stderr).toContain(`report.config.yaml:${await lineOf("  size: Letter")}:3`);
    expect(official.stderr).toMatch(/no page with theme: official/);

    await writeFile(config, `${text}\npage:\n  margins: 5 mm\n`);
    const margins = await cli(project, "build", "2024", "-f", "md");
    expect(margins.code).toBe(1);
    expect(margins.stderr).toContain(`report.config.yaml:${await lineOf("  margins: 5 mm")}:12`);
    expect(margins.stderr).toMatch(/one to four lengths in mm, cm, in or pt/);
    expect(margins.stderr).toContain('"5 mm"');
  });
});
