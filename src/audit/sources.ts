import { isMap, isPair, isScalar, isSeq, type Node } from "yaml";
import { Exact } from "../figure/exact.js";
import type { YamlFile } from "../load/yaml-file.js";
import type { TracedCall } from "../render/figure-trace.js";

/** Where a printed figure comes from. */
export type FigureSource =
  | {
      /** A value written in a record. */
      type: "record";
      file: string;
      line: number;
      /** The field, as a path in its file: `programmes[2].amount`. */
      field: string;
    }
  | {
      /** Worked out by the view from records: how, and from which file. */
      type: "derived";
      derivation: string;
      file?: string;
      /** The record values it is worked out from, each with its place. */
      inputs?: RecordInput[];
    }
  | {
      /** Typed by hand into prose, a template or a record's text. */
      type: "typed";
      file: string;
      line?: number;
    };

/** A value a derived figure is worked out from. */
export interface RecordInput {
  file: string;
  line: number;
  field: string;
}

/** A value written in a record file, with its place. */
interface RecordValue {
  file: string;
  line: number;
  field: string;
  /** The field names on its path. */
  keys: string[];
  /** The `id` of the nearest record that holds it. */
  owner: string | undefined;
}

/** Every number and text written in the year's record files, by value. */
export class RecordValues {
  private readonly byValue = new Map<string, RecordValue[]>();
  private readonly numbers: RecordValue[] = [];

  constructor(files: readonly YamlFile[]) {
    for (const file of files) {
      if (file.document.contents) this.visit(file, file.document.contents, [], undefined);
    }
  }

  private visit(file: YamlFile, node: unknown, path: Array<string | number>, owner?: string) {
    if (isMap(node)) {
      const id = node.items.find((pair) => isScalar(pair.key) && pair.key.value === "id");
      const ownId = id && isScalar(id.value) ? String(id.value.value) : owner;
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        this.visit(file, pair.value, [...path, String(pair.key.value)], ownId);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        this.visit(file, item, [...path, index], owner);
      });
    } else if (isScalar(node) && (node as Node).range) {
      const key = valueKey(node.value);
      if (key === undefined) return;
      const entry: RecordValue = {
        file: file.display,
        line: file.lineCounter.linePos((node as Node).range?.[0] ?? 0).line,
        field: fieldPath(path),
        keys: path.filter((part): part is string => typeof part === "string"),
        owner,
      };
      const list = this.byValue.get(key) ?? [];
      list.push(entry);
      if (key.startsWith("n")) this.numbers.push(entry);
      this.byValue.set(key, list);
    }
  }

  /**
   * The numbers of one record file whose field matches `field`, in the record `owner` when
   * given: what a sum over the file's records adds up.
   */
  select(file: string, field: RegExp, owner?: string): RecordInput[] {
    return this.numbers
      .filter(
        (entry) =>
          entry.file === file &&
          field.test(entry.field) &&
          (owner === undefined || entry.owner === owner),
      )
      .map(inputOf);
  }

  /**
   * The record that holds `value`, the one whose field names and record id best match the
   * hints (the names in the template's expression); undefined when no record holds it.
   */
  find(value: unknown, hints: ReadonlySet<string>): RecordValue | undefined {
    const key = valueKey(value);
    if (key === undefined) return undefined;
    let best: RecordValue | undefined;
    let bestScore = -1;
    for (const entry of this.byValue.get(key) ?? []) {
      const score =
        (entry.owner !== undefined && hints.has(entry.owner) ? 4 : 0) +
        entry.keys.filter((part) => hints.has(part)).length;
      if (score > bestScore) {
        best = entry;
        bestScore = score;
      }
    }
    return best;
  }
}

/** A record value's place, without what it was found by. */
function inputOf({ file, line, field }: RecordValue): RecordInput {
  return { file, line, field };
}

function valueKey(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return `n${Exact.of(value)}`;
  if (value instanceof Exact) return `n${value}`;
  if (typeof value === "string" && value !== "") return `s${value}`;
  return undefined;
}

function fieldPath(path: Array<string | number>): string {
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : index ? `.${part}` : part))
    .join("");
}

/**
 * What the view works out, by the last name of the expression that prints it, and for a sum
 * over the records, the fields of its file it adds up.
 */
const derivations: Record<string, { how: string; inputs?: RegExp }> = {
  exact_total: {
    how: "the sum of the exact amounts given out (approximate ones left out)",
    inputs: /^programmes\[\d+\]\.amount$/,
  },
  raised_total: { how: "the sum of the amounts raised", inputs: /^funds\[\d+\]\.raised$/ },
  total: { how: "a sum of the records' values" },
  reply_rate: { how: "replied proposals in percent of those received" },
  satisfaction_rate: { how: "satisfied replies in percent of the replies" },
  filing_rate: { how: "filed proposals in percent of those received" },
  share: { how: "a part in percent of its whole" },
  percent: { how: "a part in percent of its whole" },
  people: { how: "everyone counted, over the records", inputs: /^teams\[\d+\]\.people$/ },
  hours: { how: "the hours counted, over the records", inputs: /^teams\[\d+\]\.hours$/ },
  count: { how: "the records counted" },
  length: { how: "the records counted" },
  balance: { how: "worked out by the view", inputs: /^(income|expenditure)\.total$/ },
};

/** The file of the view's first name (relief → relief.yaml), as the view is built. */
export type FileOfView = (name: string) => string | undefined;

/** The names in a template expression (`this.programme.amount` → programme, amount). */
export function namesIn(expression: string): string[] {
  return expression
    .replace(/^@root\./, "")
    .split(/[.\s/()[\]]+/)
    .filter((name) => name && name !== "this" && name !== ".." && !/^\d+$/.test(name));
}

/**
 * The numbers and texts a helper was given that records can hold: the value itself, a figure's
 * value, an approximate one's round figure, each group's count in a list.
 */
function leaves(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (typeof value === "number" || typeof value === "string" || value instanceof Exact)
    return [value];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const key of ["amount", "value", "percent", "count", "quantity", "about"]) {
      if (record[key] !== undefined && record[key] !== null) return leaves(record[key]);
    }
  }
  return [];
}

/** Where what one helper call printed comes from: one source for each value it printed. */
export function sourcesOfCall(
  call: TracedCall,
  records: RecordValues,
  fileOfView: FileOfView,
): FigureSource[] {
  if (call.helper === "plain") return [{ type: "typed", file: call.file, line: call.line }];
  if (call.helper === "numbering") {
    return [{ type: "derived", derivation: "the heading's place among the sections" }];
  }
  const names = namesIn(call.params.join(" "));
  const hints = new Set(names);
  const compared = names[0] === "comparison";
  // What the expression is read from: relief.exact_total from relief.yaml; a comparison of
  // relief from this year's relief.yaml (and last year's).
  const fileOfExpression = fileOfView(names[compared ? 1 : 0] ?? "");
  const derived = (how: string, inputs: RecordInput[] = []): FigureSource => ({
    type: "derived",
    derivation: `${how}: ${call.params.join(", ") || call.helper}`,
    ...(fileOfExpression ? { file: fileOfExpression } : {}),
    ...(inputs.length > 0 ? { inputs } : {}),
  });
  const last = names.at(-1) ?? "";
  const summed = (name: string): RecordInput[] => {
    const field = Object.hasOwn(derivations, name) ? derivations[name]?.inputs : undefined;
    if (!fileOfExpression || !field) return [];
    const found = records.select(fileOfExpression, field);
    if (name !== "balance") return found;
    // An account without a published total is the sum of its items.
    return [
      ...found,
      ...["income", "expenditure"]
        .filter((account) => !found.some((input) => input.field.startsWith(account)))
        .flatMap((account) =>
          records.select(fileOfExpression, new RegExp(`^${account}\\.items\\[\\d+\\]\\.amount$`)),
        ),
    ];
  };
  if (call.helper === "change") {
    if (names[0] === "figures" && fileOfExpression && names[1]) {
      // A named figure beside its previous one, or a change published as it is.
      const fields = /^figures\[\d+\]\.(value|amount|previous|change)$/;
      return [
        derived(
          "the change between two years' figures",
          records.select(fileOfExpression, fields, names[1]),
        ),
      ];
    }
    const of = last === "change" ? (names.at(-2) ?? "") : last;
    return [
      derived(
        `the change between two years' figures${compared ? " (this year's inputs)" : ""}`,
        summed(of),
      ),
    ];
  }
  if (call.helper === "year_of") return [derived("the year the report is compared with")];
  if (call.helper === "share") {
    const inputs = call.values
      .map((value) => records.find(value, hints))
      .filter((found): found is RecordValue => found !== undefined)
      .map(inputOf);
    return [derived("the first in percent of the second", inputs)];
  }
  if (call.helper.endsWith("total")) {
    // The whole table adds every value of the breakdown; a row's or a column's adds part of them.
    const inputs =
      call.helper === "table total" && fileOfExpression && names[1]
        ? records.select(
            fileOfExpression,
            /^breakdowns\[\d+\]\.rows\[\d+\]\.values?(\[\d+\])?$/,
            names[1],
          )
        : [];
    return [derived(`the ${call.helper.slice(6)} of the table`, inputs)];
  }
  const first = call.values[0];
  if (first && typeof first === "object" && typeof (first as { id?: unknown }).id === "string")
    hints.add((first as { id: string }).id);
  if (call.helper === "period" && call.values.length === 0) {
    return [derived("the reporting period of report.yaml, or the year")];
  }
  const sources: FigureSource[] = [];
  for (const leaf of leaves(call.helper === "period" ? call.values : first)) {
    const found = records.find(leaf, hints);
    if (found) {
      sources.push({ type: "record", ...inputOf(found) });
    } else {
      const name = namesIn(call.params[0] ?? "").at(-1) ?? "";
      const how = Object.hasOwn(derivations, name) ? derivations[name]?.how : undefined;
      sources.push(derived(how ?? "worked out by the view", summed(name)));
    }
  }
  if (sources.length === 0) sources.push(derived("worked out by the view"));
  // One source per distinct place: a list of groups from one record names it once per value.
  return sources.filter(
    (source, index) =>
      sources.findIndex((other) => JSON.stringify(other) === JSON.stringify(source)) === index,
  );
}
