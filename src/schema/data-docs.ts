import { configFileName } from "./config.js";
import { fileGuides } from "./file-examples.js";
import { recordFileNames } from "./index.js";
import { fileDescriptions, jsonSchema } from "./json-schema.js";

interface JsonSchema {
  type?: string | string[];
  description?: string;
  examples?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

/**
 * docs/data.md: every field of every kind of file, written from the same schemas the validator
 * and the editors use, so that the three never disagree.
 */
export function dataDocs(): string {
  const out = [
    "# The records",
    "",
    "<!-- Written by `npm run docs` from the schemas in src/schema/; do not edit by hand. -->",
    "",
    "Each year's records are the files below, in `data/<year>/`. Only `report.yaml` and",
    "`narrative.yaml` are required; a year keeps the other files of the work its organisation",
    "does, and the built-in sections, tables and charts show what it keeps. A field marked",
    "*required* must be there; the others may be left out. Money is in the report's currency",
    "(元 for CNY) with two decimals at most, held exactly; an approximate figure is written",
    "`{ about: 2500, wording: nearly }` (多, 余, 近, 約, over, nearly, about …). Dates are",
    'written `"2022"`, `"2022-03"` or `"2022-03-15"`, quoted so that YAML 1.1 tools read them',
    "as texts too (`report migrate` quotes bare ones); a bare year as a number is that year.",
    "Besides each file's own checks, `report validate` checks the rules that span fields and",
    "files, listed under each file. The same descriptions show in VS Code while typing, through",
    "the JSON Schemas in `schemas/` (`report schema`).",
    "",
  ];
  for (const name of [...recordFileNames, configFileName] as const) {
    const schema = jsonSchema(name) as JsonSchema;
    const guide = fileGuides[name];
    out.push(`## ${name}`, "", fileDescriptions[name], "", "```yaml", guide.example, "```", "");
    if (guide.rules) out.push(`Checked across fields and files: ${guide.rules}`, "");
    out.push("| Field | Type | Description | Example |", "| :-- | :-- | :-- | :-- |");
    rows(schema, "", out);
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

function rows(schema: JsonSchema, prefix: string, out: string[]): void {
  const required = new Set(schema.required ?? []);
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    const name = `${prefix}${key}`;
    const example = field.examples?.[0];
    out.push(
      `| \`${name}\`${required.has(key) ? " *required*" : ""} | ${typeOf(field)} | ${cell(field.description ?? "")} | ${example === undefined ? "" : `\`${cell(JSON.stringify(example))}\``} |`,
    );
    if (field.properties) rows(field, `${name}.`, out);
    if (field.items?.properties) rows(field.items, `${name}[].`, out);
    const objectOption = field.anyOf?.find((option) => option.properties);
    if (objectOption) rows(objectOption, `${name}.`, out);
  }
}

function typeOf(schema: JsonSchema): string {
  // A date, or a bare year written as a number.
  if (schema.anyOf?.some((option) => option.pattern?.startsWith("^\\d{4}"))) return "date";
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" or ");
  if (schema.enum) return `one of ${schema.enum.map((value) => `\`${String(value)}\``).join(", ")}`;
  if (schema.type === "array") {
    const count =
      schema.minItems !== undefined || schema.maxItems !== undefined
        ? ` (${schema.minItems ?? 0}–${schema.maxItems ?? "…"})`
        : "";
    return `list of ${schema.items ? typeOf(schema.items) : "values"}${count}`;
  }
  if (schema.type === "integer") return schema.minimum === 0 ? "whole number ≥ 0" : "whole number";
  if (schema.type === "number") {
    return schema.minimum !== undefined && schema.maximum !== undefined
      ? `number ${schema.minimum}–${schema.maximum}`
      : "number";
  }
  if (schema.type === "object") return "mapping";
  if (schema.type === "string") {
    if (schema.pattern === "^[a-z][a-z0-9_]*$") return "id";
    if (schema.pattern?.startsWith("^\\d{4}")) return "date";
    return "text";
  }
  return String(schema.type ?? "value");
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
