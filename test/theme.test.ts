import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, workspace } from "./support.js";

const exec = promisify(execFile);
const mm = 72 / 25.4;

let pdf: string;
beforeAll(async () => {
  const work = await workspace();
  const built = await cli(work, "build", "2022", "-f", "pdf", "--theme", "official");
  expect(built.code, built.stderr).toBe(0);
  pdf = path.join(work, "out/2022/report.pdf");
}, 60_000);

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
