import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { figuresOf, type ListedFigure } from "../src/audit/index.js";
import { report, root, workspace } from "./support.js";

/** Runs of digits as a reader sees them in report.md, link targets left out: the test's own reading. */
function numbersOnLine(line: string): string[] {
  return line.replace(/\]\([^)]*\)/g, "]").match(/[0-9０-９]+(?:[.,][0-9０-９]+)*/g) ?? [];
}

describe("report figures", () => {
  const builds = inject("built");

  it.each(builds.flatMap((built) => built.years.map((year) => ({ built, year }))))(
    "lists every number of report.md with a source: $built.name $year ($built.theme)",
    async ({ built, year }) => {
      const found = await figuresOf(
        { cwd: built.dir, years: [Number(year)], theme: built.theme },
        Number(year),
      );
      expect(found.result.errors).toEqual([]);
      const markdown = await readFile(path.join(built.out, year, "report.md"), "utf8");
      // The report it reads is the one the build wrote, byte for byte.
      expect(found.markdown).toBe(markdown);
      const figures = found.figures ?? [];
      const lines = markdown.split("\n");
      lines.forEach((line, index) => {
        const onLine = figures.filter((figure) => figure.line === index + 1);
        // As many numbers listed on the line as it prints, each where report.md has it.
        expect(
          onLine.flatMap((figure) => numbersOnLine(figure.text)).sort(),
          `report.md:${index + 1} ${line}`,
        ).toEqual(numbersOnLine(line).sort());
        for (const figure of onLine) expect(line).toContain(figure.text);
      });
      for (const figure of figures) {
        expect(figure.sources.length, figure.text).toBeGreaterThan(0);
        for (const source of figure.sources) {
          if (source.type === "derived") continue;
          // A record or a typed text is a line of a file that exists and holds a number.
          const file = path.resolve(built.dir, source.file);
          const text = (await readFile(file, "utf8")).split("\n");
          expect(source.line, `${figure.text}: ${source.file}`).toBeDefined();
          expect(
            text[(source.line ?? 0) - 1],
            `${figure.text}: ${source.file}:${source.line}`,
          ).toMatch(/[0-9]/);
        }
      }
    },
  );

  it("names the record line of each figure of the 2022 report, checked by hand", async () => {
    const found = await figuresOf({ cwd: root, years: [2022] }, 2022);
    const first = (text: string) =>
      (found.figures ?? []).find((figure) => figure.text === text) as ListedFigure;
    // relief.yaml line 15 is the cataract programme's `amount: 24000`, printed 2.4萬元.
    expect(first("2.4萬元")).toMatchObject({
      kind: "money",
      unit: "CNY",
      sources: [
        {
          type: "record",
          file: "data/2022/relief.yaml",
          line: 15,
          field: "programmes[0].amount",
        },
      ],
    });
    // proposals.yaml line 4 is `received: 142`.
    expect(first("142件")).toMatchObject({
      kind: "count",
      unit: "件",
      printed_by: { helper: "count" },
      sources: [{ type: "record", file: "data/2022/proposals.yaml", line: 4, field: "received" }],
    });
    // "1+3" is typed into the prose of narrative.yaml line 31.
    expect(first("1")).toMatchObject({
      kind: "number",
      printed_by: null,
      sources: [{ type: "typed", file: "data/2022/narrative.yaml", line: 31 }],
    });
    // 200多萬元: the round figure of an approximate amount.
    expect(first("200多萬元").sources).toEqual([
      {
        type: "record",
        file: "data/2022/relief.yaml",
        line: 48,
        field: "programmes[5].amount.about",
      },
    ]);
  });

  it("names the record lines a derived figure is worked out from", async () => {
    const found = await figuresOf(
      { cwd: path.join(root, "examples/charity"), years: [2024] },
      2024,
    );
    const derived = (text: string) =>
      (found.figures ?? []).find((figure) => figure.text === text)?.sources[0];
    // 85 + 36 + 42 = 163 volunteers, on lines 6, 11 and 15 of volunteers.yaml.
    expect(derived("163名")).toMatchObject({
      type: "derived",
      inputs: [
        { file: "data/2024/volunteers.yaml", line: 6, field: "teams[0].people" },
        { file: "data/2024/volunteers.yaml", line: 11, field: "teams[1].people" },
        { file: "data/2024/volunteers.yaml", line: 15, field: "teams[2].people" },
      ],
    });
  });

  it("prints the list, as JSON with --json, and refuses records with errors", async () => {
    const listed = await report(root, "figures", "2022", "--json");
    expect(listed.code, listed.stderr).toBe(0);
    const json = JSON.parse(listed.stdout) as { year: number; figures: ListedFigure[] };
    expect(json.year).toBe(2022);
    expect(json.figures.find((figure) => figure.text === "8期")?.sources).toEqual([
      { type: "record", file: "data/2022/social-conditions.yaml", line: 3, field: "issued" },
    ]);
    const text = await report(root, "figures", "2022");
    expect(text.stdout).toContain("report.md:");
    expect(text.stdout).toContain("← data/2022/proposals.yaml:4 received");

    const dir = await workspace();
    const relief = path.join(dir, "data/2022/relief.yaml");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(
      relief,
      (await readFile(relief, "utf8")).replace("amount: 24000", "amount: lots"),
    );
    const refused = await report(dir, "figures", "2022");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/data\/2022\/relief\.yaml:15:\d+ error/);
  });
});
