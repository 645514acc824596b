import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { digestedKind, keepSerialized, readSerialized } from "../services/kept-files.js";

/**
 * A face's @font-face rules with their unicode-ranges as numbers and the ranges sorted for a
 * search, kept between runs in the user's cache (services/kept-files.ts): the stylesheets of
 * the Chinese faces name about a hundred files each with thousands of ranges, which take longer
 * to parse and sort than the rest of finding which file draws a character. Keyed by the
 * stylesheet's place and text (another version of the package is another text).
 */
export interface FaceTable {
  /** The rules, pointing at their files by absolute URL. */
  rules: string[];
  /** Each rule's ranges: their count, then each range's first and last code points. */
  flat: Int32Array;
  /** Where each rule's ranges start in `flat`. */
  starts: Int32Array;
  /** Every range by its first code point, with the highest last code point so far. */
  low: Int32Array;
  high: Int32Array;
  reach: Int32Array;
  /** The rule of each range, whose file draws it (-1: a rule without a file). */
  rule: Int32Array;
}

/** Each weight of each face package: a few dozen. */
const kind = digestedKind("faces", "v8", 64);

function keyOf(cssFile: string, text: string): string {
  return createHash("sha256").update(`face table 2\n${cssFile}\n`).update(text).digest("hex");
}

/**
 * The table of a stylesheet: kept from an earlier run for this very text, else made from
 * `rules()` (the rules as the caller rewrites them) and `ranges` (how a rule's ranges are read)
 * and kept.
 */
export function faceTable(
  cssFile: string,
  text: string,
  rules: () => string[],
  ranges: (rule: string) => Array<[number, number]>,
): FaceTable {
  const key = keyOf(cssFile, text);
  const kept = readSerialized(kind, key)?.value as Partial<FaceTable> | undefined;
  if (kept) {
    const arrays = [kept.flat, kept.starts, kept.low, kept.high, kept.reach, kept.rule];
    if (Array.isArray(kept.rules) && arrays.every((array) => array instanceof Int32Array)) {
      return kept as FaceTable;
    }
  }
  const table = made(rules(), ranges);
  keepSerialized(kind, key, table);
  return table;
}

function made(rules: string[], rangesOf: (rule: string) => Array<[number, number]>): FaceTable {
  const lists = rules.map(rangesOf);
  const flat = new Int32Array(lists.reduce((sum, list) => sum + 1 + list.length * 2, 0));
  const starts = new Int32Array(rules.length);
  const all: Array<{ low: number; high: number; rule: number }> = [];
  let at = 0;
  for (const [index, list] of lists.entries()) {
    starts[index] = at;
    flat[at++] = list.length;
    const hasFile = ruleFile.test(rules[index] ?? "");
    for (const [low, high] of list) {
      flat[at++] = low;
      flat[at++] = high;
      if (hasFile) all.push({ low, high, rule: index });
    }
  }
  all.sort((a, b) => a.low - b.low);
  const table: FaceTable = {
    rules,
    flat,
    starts,
    low: new Int32Array(all.length),
    high: new Int32Array(all.length),
    reach: new Int32Array(all.length),
    rule: new Int32Array(all.length),
  };
  let reach = -1;
  for (const [index, range] of all.entries()) {
    reach = Math.max(reach, range.high);
    table.low[index] = range.low;
    table.high[index] = range.high;
    table.reach[index] = reach;
    table.rule[index] = range.rule;
  }
  return table;
}

/** Whether a range of rule `index` of a table holds a code point of `used`. */
export function ruleCovers(table: FaceTable, index: number, used: ReadonlySet<number>): boolean {
  let at = table.starts[index] ?? 0;
  const count = table.flat[at++] ?? 0;
  for (let range = 0; range < count; range++, at += 2) {
    if (spans(used, table.flat[at] ?? 0, table.flat[at + 1] ?? -1)) return true;
  }
  return false;
}

/** Whether a used code point lies in low–high; most ranges are a single point or a few. */
function spans(used: ReadonlySet<number>, low: number, high: number): boolean {
  if (high - low < used.size) {
    for (let code = low; code <= high; code++) if (used.has(code)) return true;
    return false;
  }
  for (const code of used) if (code >= low && code <= high) return true;
  return false;
}

/** The font file a rule points at ("" for none). */
export function fileOfRule(rule: string): string {
  const url = ruleFile.exec(rule)?.[1];
  return url ? fileURLToPath(url) : "";
}

const ruleFile = /url\((file:[^)]+\.woff2?)\)/;
