import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { configFileName } from "../src/schema/config.js";
import { root } from "./support.js";

const exec = promisify(execFile);
const examples = path.join(root, "examples");
const projects = (await readdir(examples, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const record = async (dir: string, year: string, file: string) =>
  parse(await readFile(path.join(dir, "data", year, file), "utf8"));

describe("examples", () => {
  it("holds the starter and an English project of another kind of organisation", () => {
    expect(projects).toEqual(expect.arrayContaining(["foundation", "starter"]));
  });

  it.each(projects.filter((name) => name !== "templates"))(
    "%s builds every year in every format from its own folder",
    async (name) => {
      // Built by test/global-setup.ts from a copy of the folder, in every format.
      const built = inject("built").find(
        (entry) => entry.name === name && entry.theme === "default",
      );
      if (!built) throw new Error(`${name} was not built`);
      expect(await readdir(built.dir)).toContain(configFileName);
      expect(built.years.length).toBeGreaterThanOrEqual(1);
      // The examples are what a new user copies: every figure from the records, no warning.
      expect(built.warnings).toEqual([]);
      for (const year of built.years) {
        const markdown = await readFile(path.join(built.out, `${year}/report.md`), "utf8");
        const links = [...markdown.matchAll(/\]\((charts\/[a-z][a-z0-9_]*\.svg)\)/g)].map(
          (m) => m[1] ?? "",
        );
        expect(links.length, `${name} ${year}`).toBeGreaterThan(0);
        for (const link of links) {
          const svg = await readFile(path.join(built.out, year, link), "utf8");
          expect(svg).toMatch(/^<svg role="img" aria-label="/);
        }
        const { stdout } = await exec("pdfinfo", [path.join(built.out, `${year}/report.pdf`)]);
        // Its body after the cover and contents pages it has (the cover and contents settings).
        const html = await readFile(path.join(built.out, `${year}/report.html`), "utf8");
        const frames =
          (html.includes('<nav class="contents"') ? 1 : 0) +
          (html.includes('<header class="cover">') ? 1 : 0);
        expect(Number(/Pages:\s+(\d+)/.exec(stdout)?.[1])).toBeGreaterThan(frames);
      }
    },
  );
});

describe("the foundation example", () => {
  it("is an English report: lang, Latin faces, and figures in its language and currency", async () => {
    const built = inject("built").find(
      (entry) => entry.name === "foundation" && entry.theme === "default",
    );
    if (!built) throw new Error("foundation was not built");
    const { dir, out } = built;
    const report = await record(dir, "2024", "report.yaml");
    const relief = await record(dir, "2024", "relief.yaml");
    const volunteers = await record(dir, "2024", "volunteers.yaml");

    const html = await readFile(path.join(out, "2024/report.html"), "utf8");
    expect(html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${report.language}">`));
    expect(report.language).toMatch(/^en\b/);

    // Every programme's amount in pounds, written out in full: checked by hand against
    // relief.yaml (86500, 42000, 18750, 62000; 209250 in all).
    const markdown = await readFile(path.join(out, "2024/report.md"), "utf8");
    for (const programme of relief.programmes) expect(markdown).toContain(`| ${programme.name} |`);
    for (const amount of ["£86,500", "£42,000", "£18,750", "£62,000"]) {
      expect(markdown).toContain(amount);
    }
    expect(markdown).toContain("gave £209,250");
    // No Chinese figure forms leak into the English report.
    expect(markdown).not.toMatch(/[萬億]?元|比上年|、/);

    // Last year's volunteers beside this year's: 135 against 109, up 23.9%.
    expect(markdown).toContain("Compared with 2023: volunteers up 23.9% on the year before");

    const pdf = path.join(out, "2024/report.pdf");
    const { stdout: fonts } = await exec("pdffonts", [pdf]);
    expect(fonts).toMatch(/NotoSerif-Regular\s+CID TrueType/);
    expect(fonts).not.toMatch(/Type 3/);
    const { stdout: info } = await exec("pdfinfo", [pdf]);
    expect(info).toContain(`Author:          ${report.organisation}`);
    const { stdout: text } = await exec("pdftotext", ["-enc", "UTF-8", pdf, "-"]);
    expect(text).toContain("£209,250");
    for (const team of volunteers.teams) expect(text).toContain(team.name);
  });
});
