import { breakdownMeasures, breakdownSums, countedShare, exactFigure } from "../derive/sums.js";
import { Exact } from "../figure/exact.js";
import type { Amount, Per, Quantity } from "../format/figures.js";
import type { FiguresRecord } from "../schema/figures.js";
import { byId, keyed } from "./common.js";
import { type Change, changeOf, publishedChange } from "./compare.js";

/** A named figure as templates see it; `{{figure figures.<id>}}` writes it. */
export interface FigureView {
  id: string;
  label: string;
  /** What kind of figure it is, which decides how `figure` writes it. */
  kind: "count" | "money" | "share" | "change";
  value: Quantity | null;
  unit: string | null;
  amount: Amount | null;
  /** The share in percent: as stated, else worked out from `part` and `of`. */
  percent: number | Exact | null;
  part: string | null;
  of: string | null;
  per: Per | null;
  /** What the rate is counted per (名學生, pupil): NT$2,500 a month per pupil. */
  each: string | null;
  previous: Quantity | null;
  previous_period: string | null;
  /** This figure beside the earlier one, for the `change` helper. */
  change: Change | null;
  note: string | null;
}

export interface BreakdownRow {
  label: string;
  values: Array<Quantity | null>;
  /** The row's values added up (exact ones only); null when its columns measure unlike things. */
  total: number | null;
  /** The row's total in percent of the table's; null when there is no total. */
  share: Exact | null;
}

export interface BreakdownColumn {
  name: string;
  /** What the column counts (場, 人次), or null for money. */
  unit: string | null;
  money: boolean;
  total: number;
  /** The column's total in percent of the table's; null when the columns do not add up. */
  share: Exact | null;
}

export interface BreakdownView {
  id: string;
  title: string;
  label: string | null;
  unit: string | null;
  money: boolean;
  /** The categories of the second dimension, or null for a table of one. */
  columns: string[] | null;
  /**
   * Whether every value measures the same thing (one unit, or all money), so that rows and the
   * whole table add up; a table of sessions and attendance keeps its totals per column.
   */
  alike: boolean;
  rows: BreakdownRow[];
  /** The rows by their label: breakdowns.students.row.臺北市.total. */
  row: Record<string, BreakdownRow>;
  column_totals: number[];
  /** The columns by their name, each with its measure, its total and its share of the table's. */
  column: Record<string, BreakdownColumn>;
  /** Every value added up; null when the columns measure unlike things. */
  total: number | null;
  /** Whether an approximate value was left out of the totals. */
  partial: boolean;
}

export function figuresView(
  record: FiguresRecord,
  year: number,
): { figures: Record<string, FigureView>; breakdowns: Record<string, BreakdownView> } {
  const records = byId(record.figures);
  // The year or month compared with, when it is not the year before.
  const since = (figure: FiguresRecord["figures"][number]) =>
    figure.previous_period && figure.previous_period !== String(year - 1)
      ? figure.previous_period
      : null;
  const figures = record.figures.map((figure): FigureView => {
    const percent = figure.percent ?? countedShare(figure, (id) => records[id]);
    const current = typeof figure.value === "number" ? figure.value : exactFigure(figure);
    return {
      id: figure.id,
      label: figure.label,
      kind:
        figure.amount !== undefined
          ? "money"
          : figure.value === undefined && percent !== undefined
            ? "share"
            : figure.value === undefined && figure.change !== undefined
              ? "change"
              : "count",
      value: figure.value ?? null,
      unit: figure.unit ?? null,
      amount: figure.amount ?? null,
      percent: percent ?? null,
      part: figure.part ?? null,
      of: figure.of ?? null,
      per: figure.per ?? null,
      each: figure.each ?? null,
      previous: figure.previous ?? null,
      previous_period: figure.previous_period ?? null,
      // As published when it is (validation checked it against previous), else worked out.
      change:
        figure.change !== undefined
          ? publishedChange(figure.change, since(figure))
          : typeof figure.previous === "number" && current !== undefined
            ? changeOf(figure.previous, current, since(figure))
            : null,
      note: figure.note ?? null,
    };
  });
  const breakdowns = record.breakdowns.map((breakdown): BreakdownView => {
    const sums = breakdownSums(breakdown);
    const { measures, alike } = breakdownMeasures(breakdown);
    const total = alike ? sums.total.total : null;
    const shareOf = (part: number) =>
      total === null ? null : total === 0 ? Exact.of(0) : Exact.percent(part, total);
    const rows = breakdown.rows.map((row, index): BreakdownRow => {
      const rowTotal = alike ? (sums.rows[index]?.total ?? 0) : null;
      return {
        label: row.label,
        values: (row.values ?? (row.value !== undefined ? [row.value] : [])).map(
          (value) => value ?? null,
        ),
        total: rowTotal,
        share: rowTotal === null ? null : shareOf(rowTotal),
      };
    });
    const columns = breakdown.columns ? measures : [];
    return {
      id: breakdown.id,
      title: breakdown.title,
      label: breakdown.label ?? null,
      unit: breakdown.unit ?? null,
      money: breakdown.money,
      columns: breakdown.columns ? measures.map((measure) => measure.name) : null,
      alike,
      rows,
      row: keyed(rows, (row) => row.label),
      column_totals: sums.columns.map((column) => column.total),
      column: keyed(
        columns.map((measure, index): BreakdownColumn => {
          const columnTotal = sums.columns[index]?.total ?? 0;
          return { ...measure, total: columnTotal, share: shareOf(columnTotal) };
        }),
        (column) => column.name,
      ),
      total,
      partial: sums.total.partial,
    };
  });
  return { figures: byId(figures), breakdowns: byId(breakdowns) };
}
