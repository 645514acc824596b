import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { builtCopy, cli, workspace } from "./support.js";

const exec = promisify(execFile);
const mm = 72 / 25.4;

let pdf: string;
beforeAll(async () => {
  // The 2022 records in the official theme, as test/global-setup.ts built them.
  const work = await builtCopy("2022", "official");
  pdf = path.join(work, "out/2022/report.pdf");
});

/** The words of a page with their boxes, in points from the top left. */
async function words(page: number) {
  const { stdout } = await exec("pdftotext", [
    "-bbox",
    "-f",
    String(page),
    "-l",
    String(page),
    pdf,
    "-",
  ]);
  return [
    ...stdout.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    ),
  ].map((match) => ({
    xMin: Number(match[1]),
    yMin: Number(match[2]),
    xMax: Number(match[3]),
    yMax: Number(match[4]),
    text: match[5] ?? "",
  }));
}

describe("the official theme (GB/T 9704)", () => {
  it("sets the text block 28 mm from the left and 37 mm from the top", async () => {
    const body = (await words(2)).filter((word) => !/^[—\d]+$/.test(word.text));
    const left = Math.min(...body.map((word) => word.xMin)) / mm;
    const top = Math.min(...body.map((word) => word.yMin)) / mm;
    expect(left).toBeGreaterThan(27.5);
    expect(left).toBeLessThan(28.5);
    // The first line's glyphs start a little below the text block's edge (half the leading).
    expect(top).toBeGreaterThanOrEqual(37);
    expect(top).toBeLessThan(39.5);
  });

  it("prints — 2 — at the left of page 2 and — 3 — at the right of page 3, 7 mm below the text", async () => {
    for (const [page, side] of [
      [2, "left"],
      [3, "right"],
    ] as const) {
      const found = await words(page);
      const number = found.find((word) => word.text === String(page));
      expect(number, `page ${page}`).toBeDefined();
      const line = found.filter((word) => Math.abs(word.yMin - (number?.yMin ?? 0)) < 1);
      expect(line.map((word) => word.text).join("")).toBe(`—${page}—`);
      const centre = ((number?.xMin ?? 0) + (number?.xMax ?? 0)) / 2 / mm;
      if (side === "left") expect(centre).toBeLessThan(60);
      else expect(centre).toBeGreaterThan(150);
      // Text block: 37 + 225 = 262 mm; the numbers stand 7 mm below it.
      expect((number?.yMin ?? 0) / mm).toBeGreaterThan(262 + 6);
      expect((number?.yMin ?? 0) / mm).toBeLessThan(262 + 12);
    }
  });

  it("has no cover and no contents page: the title heads page 1", async () => {
    const first = await words(1);
    expect(
      first
        .slice(0, 3)
        .map((word) => word.text)
        .join(""),
    ).toMatch(/^政協洛江區/);
    expect(first.map((word) => word.text).join("")).not.toContain("目錄");
  });

  it("embeds its faces from npm packages, 楷體 among them, and no Type 3 font", async () => {
    const { stdout } = await exec("pdffonts", [pdf]);
    const rows = stdout.trim().split("\n").slice(2);
    for (const row of rows) expect(row).toMatch(/ CID TrueType +Identity-H +yes +yes +yes /);
    expect(stdout).toMatch(/LXGWWenKaiTC/);
    expect(stdout).toMatch(/NotoSerifTC-Bold/);
  });
});

/** The text of a PDF page as runs of one font and size, read by MuPDF. */
async function fontRuns(file: string, page: number) {
  const { stdout } = await exec("mutool", ["draw", "-F", "stext", "-o", "-", file, String(page)]);
  const runs: Array<{ font: string; size: number; text: string }> = [];
  let font = "";
  let size = 0;
  for (const line of stdout.split("\n")) {
    const face = /<font name="([^"]+)" size="([\d.]+)"/.exec(line);
    if (face) {
      font = face[1] ?? "";
      size = Math.round(Number(face[2]));
      continue;
    }
    const char = /<char [^>]*c="([^"]*)"/.exec(line);
    if (!char) continue;
    const text = (char[1] ?? "")
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) =>
        String.fromCodePoint(Number.parseInt(hex, 16)),
      )
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"');
    const last = runs[runs.length - 1];
    if (last && last.font === font && last.size === size) last.text += text;
    else runs.push({ font, size, text });
  }
  return runs;
}

describe("the official theme's heading levels", () => {
  it("sets 一、 in 黑體, （一） in 楷體 and 1. in bold 仿宋, all at the body's 16 pt", async () => {
    const work = await workspace();
    const { edit } = await import("./support.js");
    await edit(
      path.join(work, "data/2022/narrative.yaml"),
      "  - id: consultation\n",
      `    sections:
      - heading: [完善提案辦理]
        paragraphs: [提案辦理。]
        sections:
          - heading: [建立督辦台賬]
            paragraphs: [台賬。]
  - id: consultation
`,
    );
    await import("node:fs/promises").then(({ writeFile }) =>
      writeFile(
        path.join(work, "report.config.yaml"),
        "organisation: 政協洛江區第六屆委員會\nnumbering: chinese\n",
      ),
    );
    const built = await cli(work, "build", "2022", "-f", "pdf", "--theme", "official");
    expect(built.code, built.stderr).toBe(0);
    const file = path.join(work, "out/2022/report.pdf");
    const runs = (await Promise.all([1, 2, 3].map((page) => fontRuns(file, page)))).flat();
    const runOf = (text: string) => runs.find((run) => run.text.includes(text));
    expect(runOf("一、堅持履職為民")).toMatchObject({ font: "NotoSansTC-Regular", size: 16 });
    expect(runOf("（一）完善提案辦理")).toMatchObject({ font: "LXGWWenKaiTC-Regular", size: 16 });
    expect(runOf("1.建立督辦台賬")).toMatchObject({ font: "NotoSerifTC-Bold", size: 16 });
    expect(runOf("人民政協為人民")).toMatchObject({ font: "NotoSerifTC-Regular", size: 16 });
  });
});
