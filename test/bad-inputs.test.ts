import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, edit, lineOf, workspace } from "./support.js";

const aliasBomb = `activities: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]
`;

interface BadInput {
  name: string;
  /** Breaks the records in the workspace. */
  breakIt: (cwd: string) => Promise<void>;
  args?: string[];
  code: number;
  /** The message, with `{line}` standing for the line computed by `line`. */
  message: RegExp;
  /** The file and the text on the line the message must name, when there is a line. */
  line?: { file: string; text: string };
}

const records = (cwd: string, file: string) => path.join(cwd, "data/2022", file);

const badInputs: BadInput[] = [
  {
    name: "YAML syntax error",
    breakIt: (cwd) => edit(records(cwd, "proposals.yaml"), "received: 142", "received: [142"),
    code: 1,
    message: /data\/2022\/proposals\.yaml:\d+:\d+ error/,
    line: { file: "proposals.yaml", text: "filed: 142" },
  },
  {
    name: "wrong type",
    breakIt: (cwd) => edit(records(cwd, "proposals.yaml"), "filed: 142", 'filed: "all"'),
    code: 1,
    message: /data\/2022\/proposals\.yaml:\d+:\d+ error expected a number, found the text "all"/,
    line: { file: "proposals.yaml", text: 'filed: "all"' },
  },
  {
    name: "unknown key",
    breakIt: (cwd) => edit(records(cwd, "report.yaml"), "short_name:", "shortname:"),
    code: 1,
    message:
      /data\/2022\/report\.yaml:\d+:1 error unknown key "shortname"[\s\S]*hint: did you mean "short_name"\?/,
    line: { file: "report.yaml", text: "shortname:" },
  },
  {
    name: "duplicate key",
    breakIt: (cwd) => edit(records(cwd, "proposals.yaml"), "filed: 142", "filed: 142\nfiled: 141"),
    code: 1,
    message:
      /data\/2022\/proposals\.yaml:\d+:1 error expected each key once in a mapping, found a duplicate key/,
    line: { file: "proposals.yaml", text: "filed: 141" },
  },
  {
    name: "missing file",
    breakIt: (cwd) => rm(records(cwd, "narrative.yaml")),
    code: 1,
    message: /data\/2022\/narrative\.yaml error file is missing/,
  },
  {
    name: "missing optional file that records refer to",
    breakIt: (cwd) => rm(records(cwd, "documents.yaml")),
    code: 1,
    message:
      /data\/2022\/relief\.yaml:\d+:\d+ error expected the id of a document, found "relief_measures" which no document has\n[\s\S]*hint: documents\.yaml lists none this year/,
    line: { file: "relief.yaml", text: "regulation: relief_measures" },
  },
  {
    name: "missing optional file that a template names",
    breakIt: (cwd) => rm(records(cwd, "proposals.yaml")),
    code: 1,
    message:
      /data\/2022\/narrative\.yaml:\d+:\d+ error names proposals\.received, but this year has no proposals\.yaml/,
    line: { file: "narrative.yaml", text: '{{count proposals.received "件"}}' },
  },
  {
    name: "empty file",
    breakIt: (cwd) => writeFile(records(cwd, "delegations.yaml"), ""),
    code: 1,
    message: /data\/2022\/delegations\.yaml error file is empty/,
  },
  {
    name: "alias bomb",
    breakIt: (cwd) => writeFile(records(cwd, "activities.yaml"), aliasBomb),
    code: 1,
    message: /data\/2022\/activities\.yaml:\d+:\d+ error expected at most 100 alias expansions/,
    line: { file: "activities.yaml", text: "b: &b" },
  },
  {
    name: "__proto__ key",
    breakIt: (cwd) =>
      edit(
        records(cwd, "report.yaml"),
        "language: zh-Hant",
        "language: zh-Hant\n__proto__: { polluted: yes }",
      ),
    code: 1,
    message: /data\/2022\/report\.yaml:\d+:1 error unknown key "__proto__"/,
    line: { file: "report.yaml", text: "__proto__" },
  },
  {
    name: "binary garbage",
    breakIt: (cwd) =>
      writeFile(
        records(cwd, "relief.yaml"),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x01, 0x02]),
      ),
    code: 1,
    message: /data\/2022\/relief\.yaml error expected UTF-8 text, found binary data/,
  },
  {
    name: "a year with no records",
    breakIt: async () => {},
    args: ["build", "2023", "--format", "md,html"],
    code: 2,
    message: /error no records for 2023: data\/2023 does not exist/,
  },
  {
    name: "a year like ../../etc",
    breakIt: async () => {},
    args: ["build", "../../etc", "--format", "md,html"],
    code: 2,
    message: /error expected a year of four digits such as 2022, found "..\/..\/etc"/,
  },
  {
    name: "a field the narrative names that does not exist",
    breakIt: (cwd) =>
      edit(
        records(cwd, "narrative.yaml"),
        "{{money relief.programmes.cataract.amount}}",
        "{{money relief.programmes.catarct.amount}}",
      ),
    code: 1,
    message:
      /data\/2022\/narrative\.yaml:\d+:\d+ error names the field "catarct" \(in relief\.programmes\.catarct\.amount\), which the data does not have[\s\S]*did you mean "cataract"\?/,
    line: { file: "narrative.yaml", text: "catarct" },
  },
  {
    name: "an unknown format",
    breakIt: async () => {},
    args: ["build", "2022", "--format", "docx"],
    code: 2,
    message: /expected formats among md, html, pdf, found "docx"/,
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
  it.each(badInputs)("$name", async ({ breakIt, args = quick, code, message, line }) => {
    const cwd = await workspace();
    const first = await cli(cwd, ...quick);
    expect(first.code, first.stderr).toBe(0);
    const outputs = path.join(cwd, "out/2022");
    const before = await snapshot(outputs);

    await breakIt(cwd);
    const result = await cli(cwd, ...args);

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
