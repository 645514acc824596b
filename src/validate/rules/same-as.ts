import type { IssuePath } from "../../core/issue.js";
import { breakdownMeasures, breakdownSums, exactFigure } from "../../derive/sums.js";
import { Exact } from "../../figure/exact.js";
import type { BreakdownRecord } from "../../schema/figures.js";
import { type RecordFileName, type Records, recordFileOfView } from "../../schema/index.js";
import { about, error, type Finding } from "./finding.js";

/**
 * The same quantity written in two records (people helped in relief.yaml, and the total of a
 * table of them by district in figures.yaml) must agree. figures.yaml names the other record
 * with `same_as`, as templates name it: `relief.programmes.food.beneficiaries.0.count`.
 */

/** What a `same_as` names: a number of a record, or why it names none. */
type Named =
  | {
      file: RecordFileName;
      path: Array<string | number>;
      /** The exact value; undefined when it is approximate or leaves an approximate one out. */
      value: number | undefined;
      unit: string | null;
      money: boolean;
    }
  | { problem: string };

/** The fields an item of a list is known by, in a path: its id, or its name. */
const itemNames = ["id", "group", "name", "label", "number", "item", "kind"];

/** What `reference` names in the records. */
function resolve(records: Records, reference: string): Named {
  const [stem = "", ...rest] = reference.replace(/^@root\./, "").split(".");
  const file = Object.hasOwn(recordFileOfView, stem) ? recordFileOfView[stem] : undefined;
  if (!file) {
    return {
      problem: `"${stem}" is not a kind of record (expected one of ${Object.keys(recordFileOfView).join(", ")})`,
    };
  }
  const record = records[file];
  if (record === undefined) return { problem: `this year has no ${file}` };
  let node: unknown =
    stem === "breakdowns" ? (record as { breakdowns: unknown }).breakdowns : record;
  const path: Array<string | number> = stem === "breakdowns" ? ["breakdowns"] : [];
  for (const [index, segment] of rest.entries()) {
    if (Array.isArray(node)) {
      const position = /^\d+$/.test(segment)
        ? Number(segment)
        : node.findIndex((item) =>
            itemNames.some(
              (name) => item && typeof item === "object" && String(item[name]) === segment,
            ),
          );
      if (position < 0 || position >= node.length) {
        return { problem: `${file} has no "${segment}" in ${path.join(".") || "its list"}` };
      }
      node = node[position];
      path.push(position);
    } else if (node && typeof node === "object" && Object.hasOwn(node, segment)) {
      node = (node as Record<string, unknown>)[segment];
      path.push(segment);
    } else if (
      path[0] === "breakdowns" &&
      segment === "column" &&
      node &&
      typeof node === "object"
    ) {
      return columnOf(node as BreakdownRecord, rest.slice(index + 1).join("."), path);
    } else {
      return { problem: `${file} has no ${[...path, segment].join(".")}` };
    }
  }
  return quantityAt(file, path, node);
}

/** The number a record's value stands for, with its unit. */
function quantityAt(file: RecordFileName, path: Array<string | number>, node: unknown): Named {
  if (typeof node === "number") {
    const money = path.includes("amount") || path.includes("raised") || file === "finances.yaml";
    return { file, path, value: node, unit: null, money };
  }
  if (node && typeof node === "object") {
    const item = node as Record<string, unknown>;
    if ("about" in item) return { file, path, value: undefined, unit: null, money: false };
    if ("rows" in item && file === "figures.yaml") {
      const breakdown = item as unknown as BreakdownRecord;
      const { measures, alike } = breakdownMeasures(breakdown);
      if (!alike) return { problem: `the columns of ${breakdown.id} do not add up to one total` };
      const sum = breakdownSums(breakdown).total;
      return {
        file,
        path,
        value: sum.partial ? undefined : sum.total,
        unit: measures[0]?.unit ?? null,
        money: measures[0]?.money ?? false,
      };
    }
    // A group of people helped, a figure, an item: its count, value or amount.
    for (const key of ["count", "value", "amount", "quantity", "people"]) {
      if (item[key] !== undefined && item[key] !== null) {
        const inner = quantityAt(file, [...path, key], item[key]);
        return "problem" in inner
          ? inner
          : { ...inner, unit: typeof item.unit === "string" ? item.unit : inner.unit };
      }
    }
  }
  return { problem: `${file} ${path.join(".")} is not a number` };
}

/** A column's total of a breakdown: breakdowns.sessions.column.出席. */
function columnOf(breakdown: BreakdownRecord, name: string, path: Array<string | number>): Named {
  const { measures } = breakdownMeasures(breakdown);
  const index = measures.findIndex((measure) => measure.name === name);
  const measure = measures[index];
  if (!measure || !breakdown.columns) {
    return { problem: `${breakdown.id} has no column "${name}"` };
  }
  const sum = breakdownSums(breakdown).columns[index];
  return {
    file: "figures.yaml",
    path: [...path, "columns", index],
    value: sum && !sum.partial ? sum.total : undefined,
    unit: measure.unit,
    money: measure.money,
  };
}

/** Each `same_as` of figures.yaml against the quantity it names. */
export const sameQuantitiesAgree = about("figures.yaml", (figures, records) => {
  const findings: Finding[] = [];
  const check = (
    reference: string | undefined,
    at: IssuePath,
    here: { value: number | undefined; unit: string | null; money: boolean },
  ) => {
    if (reference === undefined) return;
    const named = resolve(records, reference);
    const where = [...at, "same_as"];
    if ("problem" in named) {
      findings.push(
        error(
          "figures.yaml",
          where,
          `expected a quantity of the records, found ${JSON.stringify(reference)}: ${named.problem}`,
        ),
      );
      return;
    }
    const other = { file: named.file, path: named.path };
    if (
      here.money !== named.money ||
      (!here.money && here.unit !== named.unit && here.unit !== null && named.unit !== null)
    ) {
      const measure = (money: boolean, unit: string | null) =>
        money ? "money" : (unit ?? "a number");
      findings.push({
        ...error(
          "figures.yaml",
          where,
          `expected the same measure as ${reference} at {other} (${measure(named.money, named.unit)}), found ${measure(here.money, here.unit)}`,
        ),
        other,
      });
      return;
    }
    // An approximate figure (約2500) is not checked against an exact one.
    if (here.value === undefined || named.value === undefined) return;
    if (Exact.of(here.value).compare(named.value) !== 0) {
      findings.push({
        ...error(
          "figures.yaml",
          at,
          `expected ${named.value} (the same as ${reference} at {other}), found ${here.value}`,
          "the two records count the same thing: correct the one that is wrong",
        ),
        other,
      });
    }
  };
  figures.figures.forEach((figure, index) => {
    const value = exactFigure(figure);
    const field = figure.amount !== undefined ? "amount" : "value";
    check(figure.same_as, ["figures", index, field], {
      value,
      unit: figure.unit ?? null,
      money: figure.amount !== undefined,
    });
  });
  figures.breakdowns.forEach((breakdown, index) => {
    const { measures, alike } = breakdownMeasures(breakdown);
    const sums = breakdownSums(breakdown);
    if (breakdown.same_as !== undefined && !alike) {
      findings.push(
        error(
          "figures.yaml",
          ["breakdowns", index, "same_as"],
          "expected same_as on a column: the columns measure different things and have no one total",
        ),
      );
    } else {
      check(breakdown.same_as, ["breakdowns", index], {
        value: sums.total.partial ? undefined : sums.total.total,
        unit: measures[0]?.unit ?? null,
        money: measures[0]?.money ?? false,
      });
    }
    (breakdown.columns ?? []).forEach((column, position) => {
      if (typeof column === "string") return;
      const measure = measures[position];
      const sum = sums.columns[position];
      check(column.same_as, ["breakdowns", index, "columns", position], {
        value: sum && !sum.partial ? sum.total : undefined,
        unit: measure?.unit ?? null,
        money: measure?.money ?? false,
      });
    });
  });
  return findings;
});
