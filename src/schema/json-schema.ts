import path from "node:path";
import { z } from "zod";
import { configFileName, configSchema } from "./config.js";
import { type RecordFileName, recordFileNames, recordFiles } from "./index.js";

/** What each kind of data file holds, for the top of its JSON Schema and for docs/data.md. */
export const fileDescriptions: Record<RecordFileName | typeof configFileName, string> = {
  "report.yaml": "報告的機構與標題 — who publishes the report and its title lines",
  "narrative.yaml": "報告的文字:引言、章節、結語 — the prose: introduction, sections, closing",
  "activities.yaml": "年度活動 — what was done over the year, by kind",
  "relief.yaml": "救助基金與項目,金額以元計 — relief funds and programmes, money in 元",
  "proposals.yaml":
    "提案工作:公布的數字或提案台賬 — the year's proposals, as totals or as a ledger",
  "social-conditions.yaml": "社情民意信息 — reports on social conditions and public opinion",
  "documents.yaml": "出臺的文件與發表的文章 — documents issued and articles published",
  "delegations.yaml": "來訪考察 — visiting delegations received",
  "volunteers.yaml": "志願服務隊伍與時數 — volunteer teams and the hours they gave",
  "finances.yaml": "收入與支出,可到分 — income and expenditure, to the hundredth",
  "figures.yaml":
    "其他數字與分類統計表 — figures no other record holds, and tables of figures by category",
  "report.config.yaml": "專案設定,各年度通用 — the project's settings, for every year",
};

/** Every kind of file the tool reads, with the schema that checks it. */
export function schemaFiles(): Array<{
  name: RecordFileName | typeof configFileName;
  schema: z.ZodType;
}> {
  return [
    ...recordFileNames.map((name) => ({ name, schema: recordFiles[name] as z.ZodType })),
    { name: configFileName, schema: configSchema },
  ];
}

/** `activities.yaml` → `activities.schema.json`. */
export function schemaFileName(dataFile: string): string {
  return `${path.basename(dataFile, ".yaml")}.schema.json`;
}

/**
 * The JSON Schema of one kind of file, made from the schema the validator uses: what a value
 * may be as it is typed (defaults make fields optional). The rules that span fields and files
 * are checked by `report validate` only.
 */
export function jsonSchema(name: RecordFileName | typeof configFileName): object {
  const entry = schemaFiles().find((file) => file.name === name);
  if (!entry) throw new Error(`no schema for ${name}`);
  const generated = z.toJSONSchema(entry.schema, { io: "input", target: "draft-7" });
  return { ...generated, title: name, description: fileDescriptions[name] };
}

/** The first line of a data file: tells the YAML language server where its schema is. */
export function schemaComment(dataFile: string, schemasDir: string): string {
  const relative = path
    .relative(path.dirname(dataFile), path.join(schemasDir, schemaFileName(dataFile)))
    .split(path.sep)
    .join("/");
  return `# yaml-language-server: $schema=${relative}`;
}

/**
 * The text of a data file with its schema comment first: an existing schema comment is
 * replaced, any other text is kept as it is.
 */
export function withSchemaComment(
  text: string,
  dataFile: string,
  schemasDir: string,
  newline: "\n" | "\r\n" = "\n",
): string {
  const comment = schemaComment(dataFile, schemasDir);
  const rest = text.replace(/^# yaml-language-server: \$schema=.*\r?\n/, "");
  return `${comment}${newline}${rest}`;
}
