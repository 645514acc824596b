import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type BadInput, fileCases, records } from "./bad-input-cases.js";
import { cli, copyOf, edit, lineOf, report, workspace } from "./support.js";

const badInputs: BadInput[] = [
  ...fileCases,
  // Figures, dates and references.
  {
    name: "a negative figure",
    breakIt: (cwd) => edit(records(cwd, "proposals.yaml"), "received: 142", "received: -142"),
    code: 1,
    message:
      /data\/2022\/proposals\.yaml:\d+:\d+ error expected a number of at least 0, found the number -142/,
    line: { file: "proposals.yaml", text: "received:" },
  },
  {
    name: "an absurd figure",
    breakIt: (cwd) =>
      edit(records(cwd, "relief.yaml"), "amount: 24000", "amount: 24000000000000000000"),
    code: 1,
    message: /data\/2022\/relief\.yaml:\d+:\d+ error expected .*at most 1000000000000/,
    line: { file: "relief.yaml", text: "amount: 24000000000000000000" },
  },
  {
    name: "a fraction where a count must be",
    breakIt: (cwd) => edit(records(cwd, "delegations.yaml"), "batches: 10", "batches: 10.5"),
    code: 1,
    message:
      /data\/2022\/delegations\.yaml:\d+:\d+ error expected a whole number, found the number 10\.5/,
  },
  {
    name: "a rate over 100%",
    breakIt: (cwd) => edit(records(cwd, "proposals.yaml"), "reply_rate: 100", "reply_rate: 250"),
    code: 1,
    message:
      /data\/2022\/proposals\.yaml:\d+:\d+ error expected a percentage from 0 to 100, found the number 250/,
  },
  {
    name: "more filed than received",
    breakIt: (cwd) => edit(records(cwd, "proposals.yaml"), "filed: 142", "filed: 150"),
    code: 1,
    message:
      /data\/2022\/proposals\.yaml:\d+:\d+ error expected at most 142 filed \(the number received\), found 150/,
    line: { file: "proposals.yaml", text: "filed:" },
  },
  {
    name: "a date outside the year",
    breakIt: (cwd) => edit(records(cwd, "activities.yaml"), 'date: "2022-03"', 'date: "2021-03"'),
    code: 1,
    message: /data\/2022\/activities\.yaml:\d+:\d+ error expected a date in 2022, found 2021-03/,
    line: { file: "activities.yaml", text: "2021-03" },
  },
  {
    name: "a day the month does not have",
    breakIt: (cwd) =>
      edit(records(cwd, "activities.yaml"), 'date: "2022-03"', 'date: "2022-02-30"'),
    code: 1,
    message:
      /data\/2022\/activities\.yaml:\d+:\d+ error expected a day that the month has, found the text "2022-02-30"/,
  },
  {
    name: "a dangling reference",
    breakIt: (cwd) =>
      edit(
        records(cwd, "relief.yaml"),
        "    regulation: relief_measures",
        "    regulation: relief_rules",
      ),
    code: 1,
    message:
      /data\/2022\/relief\.yaml:\d+:\d+ error expected the id of a document, found "relief_rules"[\s\S]*known: /,
    line: { file: "relief.yaml", text: "regulation: relief_rules" },
  },
  {
    name: "a year in report.yaml that is not the folder's",
    breakIt: (cwd) => edit(records(cwd, "report.yaml"), "year: 2022", "year: 2021"),
    code: 1,
    message:
      /data\/2022\/report\.yaml:\d+:\d+ error expected 2022 \(the folder's year\), found 2021/,
  },
  // Narrative templates.
  {
    name: "a helper given the wrong kind of value",
    breakIt: (cwd) =>
      edit(
        records(cwd, "narrative.yaml"),
        "{{money relief.programmes.cataract.amount}}",
        "{{money proposals.session}}",
      ),
    code: 1,
    message:
      /data\/2022\/narrative\.yaml:\d+:\d+ error money expects an amount, found the text "六屆一次會議"/,
  },
  {
    name: "an unclosed {{ in a paragraph",
    breakIt: (cwd) =>
      edit(
        records(cwd, "narrative.yaml"),
        "{{money relief.programmes.cataract.amount}}",
        "{{money relief.programmes.cataract.amount",
      ),
    code: 1,
    message: /data\/2022\/narrative\.yaml:\d+:\d+ error /,
  },
  {
    name: "a paragraph reaching for the prototype",
    breakIt: (cwd) =>
      edit(
        records(cwd, "narrative.yaml"),
        "{{money relief.programmes.cataract.amount}}",
        "{{constructor.constructor}}",
      ),
    code: 1,
    message: /data\/2022\/narrative\.yaml:\d+:\d+ error names the field "constructor"/,
  },
  {
    name: "an unknown format",
    breakIt: async () => {},
    args: ["build", "2022", "--format", "md,odt"],
    code: 2,
    message: /expected formats among md, html, pdf, docx, found "odt"/,
  },
];

/** Every file under `dir` (charts/ too), with its time and bytes. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of await readdir(dir, { recursive: true })) {
    const file = path.join(dir, name);
    const stats = await stat(file);
    if (stats.isFile())
      files[name] = `${stats.mtimeMs} ${(await readFile(file)).toString("base64")}`;
  }
  return files;
}

/** Markdown and HTML only: the PDF path has its own tests, and printing takes a second or two. */
const quick = ["build", "2022", "--format", "md,html"];

describe("bad inputs", () => {
  /** One clean year built once; each case breaks a copy of it, outputs included. */
  let clean: string;
  beforeAll(async () => {
    clean = await workspace();
    const first = await cli(clean, ...quick);
    expect(first.code, first.stderr).toBe(0);
  });

  it.each(badInputs)("$name", async ({ breakIt, args = quick, code, message, line, smallHeap }) => {
    const cwd = await copyOf(clean);
    const outputs = path.join(cwd, "out/2022");
    const before = await snapshot(outputs);
    expect(Object.keys(before)).toContain("report.html");

    await breakIt(cwd);
    const result = smallHeap
      ? await report(cwd, ["--max-old-space-size=96"], ...args)
      : await cli(cwd, ...args);

    expect(result.code, result.stderr).toBe(code);
    expect(result.stderr).toMatch(message);
    if (line) {
      const expected = await lineOf(records(cwd, line.file), line.text);
      expect(result.stderr).toContain(`data/2022/${line.file}:${expected}:`);
    }
    expect(result.stderr).not.toMatch(/^\s+at .*\.(js|ts):\d+/m);
    expect(await snapshot(outputs)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("inputs that look odd but are sound", () => {
  it("reads a file that starts with a UTF-8 byte order mark as the text it marks", async () => {
    const cwd = await workspace();
    const file = records(cwd, "report.yaml");
    await writeFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), await readFile(file)]));
    const result = await cli(cwd, "validate", "2022");
    expect(result.code, result.stderr).toBe(0);
  });
});
