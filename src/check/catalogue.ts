import { type FigureSource, figuresOf, type ListedFigure } from "../audit/index.js";
import type { RunOptions, YearResult } from "../build/index.js";
import { dateFigure } from "./dates.js";
import { type ReadingOptions, readFigures, type StatedFigure } from "./extract.js";
import { millionths } from "./numbers.js";

/**
 * The year's figures as the report built from its records states them: each figure of report.md
 * read the way a draft is read, with where it stands and what produced it.
 */
export interface KnownFigure extends StatedFigure {
  /** Its line in report.md and the text of that line (the paragraph, row or heading). */
  line: number;
  context: string;
  /** Which figure of its line it is, from 0: the column of a table row. */
  order: number;
  sources: FigureSource[];
  /** The call that printed it, when the narrative can write it again: `money relief.total`. */
  printed?: { text: string; call: string };
}

export interface YearFigures {
  result: YearResult;
  known?: KnownFigure[];
  currency: string;
  reading: ReadingOptions;
  language: string;
}

export async function yearFigures(options: RunOptions, year: number): Promise<YearFigures> {
  const found = await figuresOf(options, year);
  if (!found.figures || !found.markdown || !found.report) {
    return { result: found.result, currency: "CNY", reading: {}, language: "zh-Hant" };
  }
  const { currency, calendar, language } = found.report;
  const reading: ReadingOptions = { roc: calendar === "roc" };
  const lines = found.markdown.split("\n");
  const body = frontMatterLines(lines);
  const known: KnownFigure[] = [];
  const used = new Map<ListedFigure, number>();
  lines.forEach((text, index) => {
    // The front matter's title and date are the report's too (a Word cover prints them).
    if (text === "---" || (index < body && !/^(title|date):/.test(text))) return;
    const line = index + 1;
    const onLine = found.figures?.filter((figure) => figure.line === line) ?? [];
    for (const [order, stated] of readFigures(text, currency, reading).entries()) {
      const listed = listingOf(stated, onLine, used);
      known.push({
        ...stated,
        ...exactRange(stated, listed),
        line,
        context: text,
        order,
        sources: listed?.figure.sources[listed.part]
          ? [listed.figure.sources[listed.part] as FigureSource]
          : (listed?.figure.sources ?? [{ type: "typed", file: "report.md", line }]),
        ...(listed && printedAgain(listed.figure) ? { printed: printedAgain(listed.figure) } : {}),
      });
    }
  });
  // The report's year, which its title states in the front matter.
  const stated = known.find(
    (figure) =>
      figure.kind === "date" && figure.date?.year === year && figure.date.month === undefined,
  );
  if (!stated)
    known.push({
      ...dateFigure(0, 0, { year }),
      text: String(year),
      line: 1,
      context: lines.slice(0, body).join("\n"),
      order: 0,
      sources: [{ type: "derived", derivation: `the report's year: the folder ${String(year)}` }],
    });
  return { result: found.result, known, currency, reading, language };
}

function frontMatterLines(lines: string[]): number {
  if (lines[0] !== "---") return 0;
  const end = lines.indexOf("---", 1);
  return end === -1 ? 0 : end + 1;
}

/**
 * The listed figure (report figures) a figure read from a line belongs to: the first on the line
 * whose printed text holds the same number, and which of its numbers it is (a call that printed
 * 100戶、580位 has a source for each).
 */
function listingOf(
  stated: StatedFigure,
  onLine: ListedFigure[],
  used: Map<ListedFigure, number>,
): { figure: ListedFigure; part: number; index: number } | undefined {
  const number = /[0-9０-９][0-9０-９,.]*/.exec(stated.text)?.[0] ?? stated.text;
  for (const figure of onLine) {
    const numbers = figure.text.match(/[0-9０-９][0-9０-９,.]*/g) ?? [figure.text];
    const taken = used.get(figure) ?? 0;
    if (taken >= numbers.length) continue;
    if (numbers[taken] === number || figure.text.includes(stated.text)) {
      used.set(figure, taken + 1);
      return {
        figure,
        part: figure.sources.length === numbers.length ? taken : -1,
        index: taken,
      };
    }
  }
  return undefined;
}

/**
 * The range of a figure as its record holds it: 25萬元 printed from 250000 is 250000, not
 * anything from 245,000 to 255,000. Kept as printed when the record's number does not fit in
 * what was printed (another unit) or the figure is approximate.
 */
function exactRange(
  stated: StatedFigure,
  listed: { figure: ListedFigure; index: number } | undefined,
): Partial<Pick<StatedFigure, "low" | "high">> {
  const exact = listed?.figure.exact?.[listed.index];
  if (exact === undefined || stated.approximate || !/^-?\d+(\.\d+)?$/.test(exact)) return {};
  const value = millionths(exact.replace("-", "")) * (exact.startsWith("-") ? -1n : 1n);
  // A fall printed as "down 2.1%" is a negative change; its record may hold the size alone.
  const signed = stated.sign === -1 && value > 0n ? -value : value;
  if (signed < stated.low || signed > stated.high) return {};
  return { low: signed, high: signed };
}

/** A call the narrative can make again: one of the narrative's own, at the root of the view. */
function printedAgain(figure: ListedFigure): KnownFigure["printed"] {
  const call = figure.printed_by;
  if (!call || !/narrative\.yaml$/.test(call.file)) return undefined;
  // A plain {{year}} is traced as the helper "value".
  const written = call.helper === "value" ? call.expression : `${call.helper} ${call.expression}`;
  return { text: figure.text, call: written };
}
