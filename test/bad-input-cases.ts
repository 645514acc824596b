import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { edit } from "./support.js";

/**
 * Bad inputs of the records' files and their YAML, each with the message it must give
 * (test/bad-inputs.test.ts runs them, with the bad figures, dates and references it keeps).
 */

const aliasBomb = `activities: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]
`;

export interface BadInput {
  name: string;
  /** Breaks the records in the workspace. */
  breakIt: (cwd: string) => Promise<void>;
  args?: string[];
  code: number;
  /** The message, with `{line}` standing for the line computed by `line`. */
  message: RegExp;
  /** The file and the text on the line the message must name, when there is a line. */
  line?: { file: string; text: string };
  /**
   * Run as its own process with a heap of 96 MB: reading the input whole, or following it
   * without a limit, would run out of memory instead of giving the message.
   */
  smallHeap?: boolean;
}

export const records = (cwd: string, file: string) => path.join(cwd, "data/2022", file);

export const fileCases: BadInput[] = [
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
    smallHeap: true,
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
    message: /data\/2022\/relief\.yaml error expected text, found binary data/,
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
  // Syntax of several kinds.
  {
    name: "an unclosed quote",
    breakIt: (cwd) =>
      edit(records(cwd, "report.yaml"), "title: 2022工作回眸", 'title: "2022工作回眸'),
    code: 1,
    message: /data\/2022\/report\.yaml:\d+:\d+ error /,
  },
  {
    name: "an unclosed flow list",
    breakIt: (cwd) => edit(records(cwd, "report.yaml"), "年度報告]", "年度報告"),
    code: 1,
    message: /data\/2022\/report\.yaml:\d+:\d+ error /,
  },
  {
    name: "a tab used for indentation",
    breakIt: (cwd) => edit(records(cwd, "delegations.yaml"), "  batches: 10", "\tbatches: 10"),
    code: 1,
    message: /data\/2022\/delegations\.yaml:\d+:\d+ error /,
    line: { file: "delegations.yaml", text: "\tbatches: 10" },
  },
  {
    name: "a key indented out of its mapping",
    breakIt: (cwd) => edit(records(cwd, "delegations.yaml"), "  examples:", "    examples:"),
    code: 1,
    message: /data\/2022\/delegations\.yaml:\d+:\d+ error /,
  },
  {
    name: "two YAML documents in one file",
    breakIt: (cwd) =>
      writeFile(records(cwd, "delegations.yaml"), "received:\n  batches: 1\n---\nb: 2\n"),
    code: 1,
    message:
      /data\/2022\/delegations\.yaml:3:1 error expected one YAML document, found another after a --- line/,
  },
  {
    name: "a mapping used as a key",
    breakIt: (cwd) =>
      edit(records(cwd, "delegations.yaml"), "  examples:", "  ? { unt: 1 }\n  : 3\n  examples:"),
    code: 1,
    message:
      /data\/2022\/delegations\.yaml:\d+:5 error expected a key of plain text, found a list or mapping used as a key/,
    line: { file: "delegations.yaml", text: "? { unt: 1 }" },
  },
  // Wrong types at every level.
  {
    name: "a list where the file must be a mapping",
    breakIt: (cwd) => writeFile(records(cwd, "proposals.yaml"), "- 142\n- 142\n"),
    code: 1,
    message: /data\/2022\/proposals\.yaml:1:1 error expected a mapping/,
  },
  {
    name: "a text where a list item must be a mapping",
    breakIt: (cwd) => edit(records(cwd, "delegations.yaml"), "  batches: 10", "  batches: [10]"),
    code: 1,
    message: /data\/2022\/delegations\.yaml:\d+:\d+ error expected a number, found a list/,
    line: { file: "delegations.yaml", text: "batches: [10]" },
  },
  {
    name: "a wrong type three levels down",
    breakIt: (cwd) =>
      edit(records(cwd, "relief.yaml"), "{ count: 60, unit: 名", "{ count: sixty, unit: 名"),
    code: 1,
    message:
      /data\/2022\/relief\.yaml:\d+:\d+ error expected a whole number, or \{ about, wording \} .*, found the text "sixty"/,
    line: { file: "relief.yaml", text: "count: sixty" },
  },
  {
    name: "a number written as text",
    breakIt: (cwd) => edit(records(cwd, "proposals.yaml"), "reply_rate: 100", 'reply_rate: "100"'),
    code: 1,
    message: /data\/2022\/proposals\.yaml:\d+:\d+ error expected a number, found the text "100"/,
    line: { file: "proposals.yaml", text: "reply_rate:" },
  },
  {
    name: "a list where a text must be",
    breakIt: (cwd) =>
      edit(records(cwd, "report.yaml"), "title: 2022工作回眸", "title: [2022, 工作回眸]"),
    code: 1,
    message: /data\/2022\/report\.yaml:\d+:\d+ error expected a text, found a list/,
    line: { file: "report.yaml", text: "title:" },
  },
  // Keys.
  {
    name: "a misspelt key inside a list item",
    breakIt: (cwd) =>
      edit(
        records(cwd, "activities.yaml"),
        "    title: 落實教育‘雙減’政策",
        "    titel: 落實教育‘雙減’政策",
      ),
    code: 1,
    message:
      /data\/2022\/activities\.yaml:\d+:\d+ error unknown key "titel"[\s\S]*did you mean "title"\?/,
    line: { file: "activities.yaml", text: "titel:" },
  },
  {
    name: "a required key left out",
    breakIt: (cwd) => edit(records(cwd, "report.yaml"), "title: 2022工作回眸\n", ""),
    code: 1,
    message: /data\/2022\/report\.yaml:\d+:\d+ error missing key "title"/,
  },
  {
    name: "an id used twice",
    breakIt: (cwd) =>
      edit(records(cwd, "relief.yaml"), "  - id: serious_illness", "  - id: cataract # again"),
    code: 1,
    message:
      /data\/2022\/relief\.yaml:\d+:\d+ error expected a unique programme id, found "cataract" again/,
    line: { file: "relief.yaml", text: "id: cataract # again" },
  },
  {
    name: "a constructor key",
    breakIt: (cwd) =>
      edit(
        records(cwd, "delegations.yaml"),
        "  batches: 10",
        "  batches: 10\n  constructor: { name: x }",
      ),
    code: 1,
    message: /data\/2022\/delegations\.yaml:\d+:\d+ error unknown key "constructor"/,
    line: { file: "delegations.yaml", text: "constructor:" },
  },
  // Files and bytes.
  {
    name: "a file of comments only",
    breakIt: (cwd) => writeFile(records(cwd, "delegations.yaml"), "# to do\n# later\n"),
    code: 1,
    message: /data\/2022\/delegations\.yaml error file is empty/,
  },
  {
    name: "a folder where a file must be",
    breakIt: async (cwd) => {
      await rm(records(cwd, "report.yaml"));
      await mkdir(records(cwd, "report.yaml"));
    },
    code: 1,
    message: /data\/2022\/report\.yaml error expected a file, found a folder/,
  },
  {
    name: "GBK bytes pasted into a UTF-8 file",
    breakIt: async (cwd) => {
      const text = await readFile(records(cwd, "report.yaml"));
      // 政协 in GBK, on the line of the title.
      const at = text.indexOf("title:");
      await writeFile(
        records(cwd, "report.yaml"),
        Buffer.concat([
          text.subarray(0, at),
          Buffer.from("title: \xd5\xfe\xd0\xad\n", "latin1"),
          text.subarray(text.indexOf("\n", at) + 1),
        ]),
      );
    },
    code: 1,
    message:
      /data\/2022\/report\.yaml:6:1 error expected UTF-8 text, found bytes of another encoding; the line reads as GB18030 \(GBK\) «title: 政协», or as Big5 «[^»]*»\n\s+hint: save it as UTF-8/,
  },
  {
    name: "nesting ten thousand levels deep",
    breakIt: (cwd) =>
      writeFile(
        records(cwd, "activities.yaml"),
        `activities: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`,
      ),
    code: 1,
    message:
      /data\/2022\/activities\.yaml:1:\d+ error expected at most 32 levels of nesting, found more/,
    smallHeap: true,
  },
  {
    name: "a 50 MB file",
    breakIt: (cwd) =>
      writeFile(
        records(cwd, "documents.yaml"),
        `documents:\n${"  - { id: a, kind: article, title: x }\n".repeat(1_400_000)}`,
      ),
    code: 1,
    message:
      /data\/2022\/documents\.yaml error expected a record file of at most 8\.0 MB, found 5\d\.\d MB/,
    smallHeap: true,
  },
  {
    name: "a YAML tag that would run code elsewhere",
    breakIt: (cwd) =>
      edit(
        records(cwd, "proposals.yaml"),
        "reply_rate: 100",
        'reply_rate: !!js/function "return 1"',
      ),
    code: 1,
    message:
      /data\/2022\/proposals\.yaml:\d+:\d+ error expected plain YAML, found the tag !!js\/function/,
    line: { file: "proposals.yaml", text: "reply_rate:" },
  },
];
