import type { HelperOptions } from "handlebars";
import { describeValue } from "../core/describe.js";
import { escapeMarkdown } from "../core/escape.js";
import { keepsHundredths } from "../derive/sums.js";
import { Exact } from "../figure/exact.js";
import { columnMoneyFormat, renderedFigures } from "./figure-style.js";
import { markFigure } from "./figure-trace.js";
import { HelperError, none, split } from "./helpers.js";
import { fill, LocaleTexts } from "./locale.js";

type Helper = (...args: unknown[]) => unknown;

export interface HelperContext {
  texts: LocaleTexts;
  /** How a template file is shown to the user, when the templates have it. */
  fileOf(name: string): string | undefined;
  SafeString: new (text: string) => { toString(): string };
}

/** The locale file of the report being rendered: `locales/<view.locale>.yaml`. */
function localeFile(options: HelperOptions): string {
  return LocaleTexts.fileOf(
    String((options.data.root as { locale?: unknown }).locale ?? "zh-Hant"),
  );
}

/**
 * The helpers that need the report's words or the view as a whole: `t` (a locale text), `change`
 * (比上年增長12.7%), `chart`, `table` (a breakdown as a Markdown table), `heading` (a section's
 * heading line) and `section_partial`.
 */
export function viewHelpers(context: HelperContext): Record<string, Helper> {
  const { texts, SafeString } = context;
  const strings = (options: HelperOptions): Map<string, string> => {
    const file = localeFile(options);
    const found = texts.strings(file);
    if (!found) {
      throw new HelperError(
        `there are no texts for this report's language: templates/${file} is missing`,
        options,
      );
    }
    return found;
  };
  const word = (options: HelperOptions, key: string): string => {
    const text = strings(options).get(key);
    if (text === undefined) {
      const file = localeFile(options);
      throw new HelperError(
        `t expects a key of ${context.fileOf(file) ?? file}, found ${JSON.stringify(key)}`,
        options,
      );
    }
    return text;
  };

  return {
    t(...args) {
      const { values, options } = split(args);
      // A key may come in parts, the last one from the data: {{t "charts.activities." kind}}.
      const key = values.every((part) => typeof part === "string") ? values.join("") : values[0];
      if (typeof key !== "string") {
        throw new HelperError(
          `t expects a key such as "contents.title", found ${describeValue(key)}`,
          options,
        );
      }
      return fill(word(options, key), options.hash ?? {}, (name) => {
        throw new HelperError(
          `the text "${key}" needs ${name}=…, which the call does not give`,
          options,
        );
      });
    },

    change(...args) {
      const { values, options } = split(args);
      const value = values[0] as
        | { direction?: unknown; percent?: unknown; since?: unknown; partial?: unknown }
        | null
        | undefined;
      if (!value || typeof value !== "object" || typeof value.direction !== "string") {
        throw new HelperError(
          "change expects a comparison, such as comparison.proposals.received or figures.<id>.change",
          options,
        );
      }
      if (value.partial === true && options.hash?.partial !== true) {
        throw new HelperError(
          "change was given a partial comparison: an approximate figure (200多萬元, about 1,200) was left out of its sums, so it is not the change of the whole; print it with partial=true, which adds the words of change.partial, or leave it out",
          options,
        );
      }
      const figures = renderedFigures(options);
      // A change published as a figure (no figures compared) prints as written: 12.34%.
      const published = (value as { previous?: unknown }).previous === null;
      const percent =
        value.percent instanceof Exact
          ? figures.percent(published ? Number(value.percent.abs()) : value.percent.abs())
          : undefined;
      const since = typeof value.since === "string" ? figures.date(value.since) : undefined;
      const kind =
        value.direction === "same" ? "same" : percent === undefined ? "from_zero" : value.direction;
      const key = since ? `change.${kind}_since` : `change.${kind}`;
      const text = fill(word(options, key), { percent: percent ?? "", since: since ?? "" }, () => {
        throw new HelperError(`the text "${key}" names a value change does not give`, options);
      });
      return value.partial === true ? `${text}${word(options, "change.partial")}` : text;
    },

    chart(...args) {
      const { values, options } = split(args);
      const name = values[0];
      const charts =
        (options.data.root as { charts?: Record<string, { title: string } | null> }).charts ?? {};
      const chart =
        typeof name === "string" && Object.hasOwn(charts, name) ? charts[name] : undefined;
      if (!chart) {
        const drawn = Object.keys(charts).filter((key) => charts[key]);
        throw new HelperError(
          chart === null
            ? `chart "${String(name)}" has no figures this year; test for it with {{#if charts.${String(name)}}}`
            : `chart expects one of ${
                drawn.map((key) => `"${key}"`).join(", ") ||
                "no charts (this year has no figures to chart)"
              }, found ${JSON.stringify(name)}`,
          options,
        );
      }
      // A Markdown image: report.md links the SVG file; the HTML puts the chart itself there.
      return new SafeString(`![${escapeMarkdown(chart.title)}](charts/${String(name)}.svg)`);
    },

    /**
     * {{table breakdowns.students_by_county}}: the breakdown as a Markdown table with its title
     * and every total that adds up: each column's, and each row's and the table's when all columns
     * measure one thing. `totals=false` leaves the totals out, `totals="columns"` keeps only the
     * columns' and `totals="rows"` only the rows'.
     */
    table(...args) {
      const { values, options } = split(args);
      const breakdown = values[0] as Breakdown | null | undefined;
      if (!isBreakdown(breakdown)) {
        throw new HelperError(
          `table expects a breakdown of figures.yaml, such as breakdowns.<id>, found ${describeValue(breakdown)}`,
          options,
        );
      }
      const figures = renderedFigures(options);
      const { rowTotals, columnTotals } = totalsAsked(options, breakdown);
      const measures = breakdown.columns
        ? breakdown.columns.map((name) => breakdown.column[name] ?? breakdown)
        : [breakdown];
      // A column of money is written to the 分 when any of its amounts is.
      const moneyFormats = measures.map((_, index) =>
        columnMoneyFormat(
          options,
          keepsHundredths(breakdown.rows.map((row) => row.values[index] as number | null)),
        ),
      );
      const allMoney = columnMoneyFormat(
        options,
        keepsHundredths(breakdown.rows.flatMap((row) => row.values as Array<number | null>)),
      );
      // Each cell is a figure of its own for `report figures`: a value, or a total of them.
      const cell = (value: unknown, column: number | undefined, role = "table") => {
        if (value === null || value === undefined) return none;
        const measure = (column === undefined ? undefined : measures[column]) ?? breakdown;
        const format = (column === undefined ? undefined : moneyFormats[column]) ?? allMoney;
        return markFigure(
          role,
          options,
          [value, { unit: measure.unit, money: measure.money }],
          measure.money
            ? figures.money(value as number, format)
            : figures.count(value as number, measure.unit ?? ""),
        );
      };
      const total = word(options, "breakdowns.total");
      const head = [
        breakdown.label ?? word(options, "breakdowns.category"),
        ...(breakdown.columns ?? [
          word(options, breakdown.money ? "breakdowns.amount" : "breakdowns.number"),
        ]),
        ...(rowTotals && breakdown.columns ? [total] : []),
      ];
      const rows = breakdown.rows.map((row) => [
        row.label,
        ...row.values.map((value, index) => cell(value, index)),
        ...(rowTotals && breakdown.columns ? [cell(row.total, undefined, "table row total")] : []),
      ]);
      if (columnTotals) {
        rows.push([
          total,
          ...(breakdown.columns
            ? breakdown.column_totals.map((value, index) =>
                cell(value, index, "table column total"),
              )
            : [cell(breakdown.total, 0, "table total")]),
          ...(rowTotals && breakdown.columns
            ? [cell(breakdown.total, undefined, "table total")]
            : []),
        ]);
      }
      const line = (cells: string[]) => `| ${cells.map(escapeMarkdown).join(" | ")} |`;
      return new SafeString(
        [
          `**${escapeMarkdown(breakdown.title)}**`,
          "",
          line(head),
          `| :-- | ${head
            .slice(1)
            .map(() => "--:")
            .join(" | ")} |`,
          ...rows.map(line),
        ].join("\n"),
      );
    },

    /** {{heading this}}: a section's heading line, `##` for a section, `###` for (一) and so on. */
    heading(...args) {
      const { values, options } = split(args);
      const section = values[0] as
        | { heading?: unknown; level?: unknown; number?: unknown }
        | null
        | undefined;
      if (!section || !Array.isArray(section.heading) || typeof section.level !== "number") {
        throw new HelperError(
          `heading expects a section, found ${describeValue(section)}`,
          options,
        );
      }
      const lines = (section.heading as string[]).map(escapeMarkdown);
      const number =
        typeof section.number === "string" && section.number !== ""
          ? markFigure("numbering", options, [section.number], escapeMarkdown(section.number))
          : "";
      // Lines are joined by an ideographic space, which the HTML shows as separate lines.
      return new SafeString(`${"#".repeat(section.level + 1)} ${number}${lines.join("\u3000")}`);
    },
  };
}

interface Measure {
  unit: string | null;
  money: boolean;
}

interface Breakdown extends Measure {
  title: string;
  label: string | null;
  columns: string[] | null;
  /** Whether every column measures one thing, so rows and the table add up. */
  alike?: boolean;
  column: Record<string, Measure>;
  rows: Array<{ label: string; values: unknown[]; total: number | null }>;
  column_totals: number[];
  total: number | null;
}

/**
 * The totals a table prints: `totals` true (every total that adds up), false, "rows" or
 * "columns". Rows add up only when their columns measure one thing.
 */
function totalsAsked(
  options: HelperOptions,
  breakdown: Breakdown,
): { rowTotals: boolean; columnTotals: boolean } {
  const asked = options.hash?.totals ?? true;
  if (asked !== true && asked !== false && asked !== "rows" && asked !== "columns") {
    throw new HelperError(
      `table expects totals=true, totals=false, totals="rows" or totals="columns", found ${JSON.stringify(asked)}`,
      options,
    );
  }
  const alike = breakdown.alike !== false;
  if (asked === "rows" && !alike) {
    throw new HelperError(
      `the rows of "${breakdown.title}" do not add up: its columns measure different things (${breakdown.columns?.join(", ")}); write totals="columns"`,
      options,
    );
  }
  return {
    rowTotals: alike && (asked === true || asked === "rows"),
    columnTotals: asked === true || asked === "columns",
  };
}

function isBreakdown(value: unknown): value is Breakdown {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as { rows?: unknown }).rows) &&
    Array.isArray((value as { column_totals?: unknown }).column_totals)
  );
}
