import { execFile } from "node:child_process";
import { promisify } from "node:util";

/** A PDF's objects as qpdf's JSON gives them (streams decoded), and ways to follow them. */

const exec = promisify(execFile);

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
export type Dict = { [key: string]: Value };
export interface QpdfObject {
  value?: Value;
  stream?: { dict: Dict; data?: string };
}

export interface PdfObjects {
  objects: Record<string, QpdfObject>;
  objectOf: (ref: Value | undefined) => QpdfObject | undefined;
  get: (ref: Value | undefined) => Value | undefined;
  dict: (ref: Value | undefined) => Dict | undefined;
  array: (ref: Value | undefined) => Value[];
  data: (ref: Value | undefined) => Buffer | undefined;
  text: (value: Value | undefined) => string | undefined;
}

export async function readPdfObjects(file: string): Promise<PdfObjects> {
  const { stdout } = await exec(
    "qpdf",
    ["--json", "--json-stream-data=inline", "--decode-level=generalized", file],
    { maxBuffer: 1024 * 1024 * 1024, encoding: "utf8" },
  );
  const json = JSON.parse(stdout) as { qpdf: [unknown, Record<string, QpdfObject>] };
  const objects = json.qpdf[1];
  const objectOf = (ref: Value | undefined): QpdfObject | undefined =>
    typeof ref === "string" && /^\d+ \d+ R$/.test(ref) ? objects[`obj:${ref}`] : undefined;
  const get = (ref: Value | undefined): Value | undefined => {
    const object = objectOf(ref);
    if (object) return object.value ?? object.stream?.dict;
    return ref;
  };
  const dict = (ref: Value | undefined): Dict | undefined => {
    const value = get(ref);
    return value && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  };
  const array = (ref: Value | undefined): Value[] => {
    const value = get(ref);
    return Array.isArray(value) ? value : value === undefined ? [] : [value];
  };
  const data = (ref: Value | undefined): Buffer | undefined => {
    const encoded = objectOf(ref)?.stream?.data;
    return encoded === undefined ? undefined : Buffer.from(encoded, "base64");
  };
  const text = (value: Value | undefined): string | undefined =>
    typeof value === "string" && value.startsWith("u:")
      ? value.slice(2)
      : typeof value === "string" && value.startsWith("b:")
        ? Buffer.from(value.slice(2), "hex").toString("latin1")
        : undefined;

  return { objects, objectOf, get, dict, array, data, text };
}

/** The entries of a number tree (the parent tree), by key. */
export function numberTree(
  node: Dict | undefined,
  dict: (ref: Value | undefined) => Dict | undefined,
): Map<number, Value> {
  const entries = new Map<number, Value>();
  const visit = (current: Dict | undefined) => {
    if (!current) return;
    const nums = current["/Nums"];
    if (Array.isArray(nums)) {
      for (let index = 0; index + 1 < nums.length; index += 2) {
        entries.set(Number(nums[index]), nums[index + 1] as Value);
      }
    }
    const kids = current["/Kids"];
    if (Array.isArray(kids)) for (const kid of kids) visit(dict(kid));
  };
  visit(node);
  return entries;
}

/** A content stream's tokens: operands (numbers, names, strings, arrays, dictionaries) and operators. */
export function* contentTokens(content: string): Generator<{ text: string; operator: boolean }> {
  const pattern =
    /\s+|%[^\r\n]*|\((?:\\[\s\S]|[^\\)])*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|\/[^\s/[\]()<>{}%]*|[^\s/[\]()<>{}%]+/g;
  for (const [token] of content.matchAll(pattern)) {
    if (/^\s/.test(token) || token.startsWith("%")) continue;
    const operator = /^[A-Za-z'"*]+$/.test(token) && !["true", "false", "null"].includes(token);
    yield { text: token, operator };
  }
}
