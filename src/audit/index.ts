import path from "node:path";
import { type RunOptions, traceInMemory, type YearResult } from "../build/index.js";
import {
  readTrace,
  type Span,
  type TracedCall,
  type TracedOrigin,
} from "../render/figure-trace.js";
import { recordFileOfView } from "../schema/index.js";
import { lineFinder, type NumberAt, numbersIn, pairNumbers, typedAt } from "./scan.js";
import { type FigureSource, namesIn, RecordValues, sourcesOfCall } from "./sources.js";

export type { FigureSource };

/** One figure of report.md: as printed, where, what it is, and where it comes from. */
export interface ListedFigure {
  /** The text as report.md prints it: `2.4萬元`, `60名白內障患者`, `38%`. */
  text: string;
  /** Its line in report.md. */
  line: number;
  /** The heading it stands under, as report.md writes it; the title before the first section. */
  section: string;
  kind: "count" | "money" | "share" | "change" | "rate" | "date" | "number" | "numbering";
  unit: string | null;
  /** The helper call that printed it; null for a number typed as text. */
  printed_by: { helper: string; expression: string; file: string; line: number } | null;
  sources: FigureSource[];
  /**
   * The numbers the call was given, as the records hold them, in the order it printed them:
   * what a figure printed rounded (25萬元) stands for exactly. Absent when not plain numbers.
   */
  exact?: string[];
}

export interface FiguresOfYear {
  result: YearResult;
  /** report.md as a build writes it, and the figures in it; absent when the records have errors. */
  markdown?: string;
  figures?: ListedFigure[];
  /** What the figures are counted in: the report's currency, calendar and language. */
  report?: { currency: string; calendar: "gregorian" | "roc"; language: string; year: number };
}

/**
 * Every figure printed in one year's report.md, each with its source: the record it was read
 * from, the derivation that worked it out, or the file where it was typed. Nothing is written.
 */
export async function figuresOf(options: RunOptions, year: number): Promise<FiguresOfYear> {
  const rendered = await traceInMemory(options, year);
  const { result, view, report, traced, files } = rendered;
  if (!view || !report || !traced || !files) return { result };
  const { text: written, calls, origins } = readTrace(traced.marked);
  if (!view.script && written !== report.source) {
    throw new Error("report figures: the traced render differs from the build's");
  }
  const fileList = Object.values(files);
  const records = new RecordValues(fileList);
  const folder = fileList[0] ? path.dirname(fileList[0].display) : String(year);
  const fileOfView = (name: string) => {
    const file = Object.hasOwn(recordFileOfView, name) ? recordFileOfView[name] : undefined;
    return file ? files[file]?.display : undefined;
  };
  const markdown = report.markdown;
  const lineAt = lineFinder(markdown);
  const bodyStart = frontMatterEnd(markdown);
  const body = markdown.slice(bodyStart);
  const inReport = numbersIn(body).map((number) => ({
    ...number,
    start: number.start + bodyStart,
    end: number.end + bodyStart,
  }));
  // The title's H1 the templates wrote is the front matter's title in report.md (portable.ts):
  // its numbers are listed from there.
  const title = /^# .*$/m.exec(written);
  const inWritten = numbersIn(written).filter(
    (number) =>
      !title || number.end <= title.index || number.start >= title.index + title[0].length,
  );
  const pairs = pairNumbers(inWritten, inReport);
  const sections = sectionsOf(markdown);
  const typedIn = [
    ...fileList.map((file) => ({ file: file.display, line: 1, text: file.text })),
    ...traced.trace.origins,
  ];
  const typed = (number: NumberAt, text: string, origin?: TracedOrigin): FigureSource => {
    for (const place of origin ? [origin, ...typedIn] : typedIn) {
      const line = typedAt(place.text, text, number);
      if (line !== undefined)
        return { type: "typed", file: place.file, line: place.line + line - 1 };
    }
    return { type: "typed", file: origin?.file ?? folder };
  };

  const listed: ListedFigure[] = [];
  const placedInReport = new Set<number>();
  let current: { call: number; figure: ListedFigure; from: number } | undefined;
  inWritten.forEach((number, index) => {
    const at = pairs[index] ?? -1;
    if (at === -1) return;
    const shown = inReport[at] as NumberAt;
    placedInReport.add(at);
    const span = innermost(calls, number);
    if (span && current?.call === span.index) {
      // The same call printed several numbers (a date, a list of groups): one figure.
      current.figure.text = spanText(markdown, current.from, shown, number, span, written);
      return;
    }
    const line = lineAt(shown.start);
    const section = sectionAt(sections, shown.start);
    if (span) {
      const call = traced.trace.calls[span.index] as TracedCall;
      const from = shown.start - (number.start - span.start);
      const figure: ListedFigure = {
        text: spanText(markdown, from, shown, number, span, written),
        line,
        section,
        ...kindOf(call, view.currency),
        printed_by: printedBy(call),
        ...exactOf(call),
        sources: isYear(call, view.year)
          ? [{ type: "derived", derivation: `the report's year: the folder ${folder}` }]
          : sourcesOfCall(call, records, fileOfView),
      };
      current = { call: span.index, figure, from };
      listed.push(figure);
      return;
    }
    current = undefined;
    const origin = innermost(origins, number);
    listed.push({
      text: shown.text,
      line,
      section,
      kind: "number",
      unit: null,
      printed_by: null,
      sources: [typed(number, written, origin ? traced.trace.origins[origin.index] : undefined)],
    });
  });
  // Figures written in words (兩個鄉鎮, "three sessions") and headings' numerals (一、) hold no
  // digit to pair: each is found in report.md by its text, in the order the calls wrote them.
  const searchFrom = new Map<string, number>();
  for (const span of calls) {
    const call = traced.trace.calls[span.index] as TracedCall;
    const text = written.slice(span.start, span.end);
    const countsInWords = ["count", "figure", "numbering"].includes(call.helper);
    if (!countsInWords || numbersIn(text).length > 0 || !numberWords.test(text)) continue;
    const at = markdown.indexOf(text, searchFrom.get(text) ?? bodyStart);
    if (at === -1) continue;
    searchFrom.set(text, at + text.length);
    listed.push({
      text,
      line: lineAt(at),
      section: sectionAt(sections, at),
      ...kindOf(call, view.currency),
      printed_by: printedBy(call),
      ...exactOf(call),
      sources: sourcesOfCall(call, records, fileOfView),
    });
  }
  // What report.md prints beyond the templates' text: the front matter (title, date), and
  // anything its layout adds.
  const dateLine = /^date: (\d{4}-\d{2}-\d{2})$/m.exec(markdown.slice(0, bodyStart));
  if (dateLine) {
    const start = dateLine.index + "date: ".length;
    const recorded = view.published
      ? records.find(view.published, new Set(["published"]))
      : undefined;
    listed.push({
      text: dateLine[1] as string,
      line: lineAt(start),
      section: "front matter",
      kind: "date",
      unit: null,
      printed_by: null,
      sources: [
        recorded
          ? { type: "record", file: recorded.file, line: recorded.line, field: recorded.field }
          : {
              type: "derived",
              derivation: view.period
                ? "the last day of the reporting period (report.yaml gives no published date)"
                : "the last day of the year (report.yaml gives no published date)",
            },
      ],
    });
  }
  const frontMatter = numbersIn(markdown.slice(0, bodyStart)).filter(
    (number) =>
      !dateLine ||
      number.start < dateLine.index ||
      number.start > dateLine.index + dateLine[0].length,
  );
  const beyond = inReport.filter((_, index) => !placedInReport.has(index));
  for (const number of [...frontMatter, ...beyond]) {
    listed.push({
      text: number.text,
      line: lineAt(number.start),
      section: number.start < bodyStart ? "front matter" : sectionAt(sections, number.start),
      kind: "number",
      unit: null,
      printed_by: null,
      sources: [
        number.text === String(view.year)
          ? { type: "derived", derivation: `the report's year: the folder ${folder}` }
          : typed(number, markdown),
      ],
    });
  }
  listed.sort((a, b) => a.line - b.line);
  const { currency, calendar, language, year: reportYear } = view;
  return {
    result,
    markdown,
    figures: listed,
    report: { currency, calendar, language, year: reportYear },
  };
}

/** A number written in words: 兩, 十五, 一百零五, three, forty-two. */
const numberWords =
  /[〇零一二兩两三四五六七八九十百千]|\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)\b/i;

/** The helper call that printed a figure, as `report figures` names it. */
function printedBy(call: TracedCall): ListedFigure["printed_by"] {
  return {
    helper: call.helper,
    expression: call.params.join(" "),
    file: call.file,
    line: call.line,
  };
}

/** The plain numbers a figure helper was given, each as its shortest decimal text. */
function exactOf(call: TracedCall): Pick<ListedFigure, "exact"> {
  const [first] = call.values;
  const plain = (value: unknown) =>
    typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
  let found: Array<string | undefined>;
  switch (call.helper) {
    case "money":
    case "count":
    case "percent":
      found = [plain(first)];
      break;
    case "people":
    case "items":
      found = Array.isArray(first)
        ? first.map((entry) =>
            plain(
              (entry as { count?: unknown; quantity?: unknown }).count ??
                (entry as { quantity?: unknown }).quantity,
            ),
          )
        : [undefined];
      break;
    case "figure": {
      const figure = first as { value?: unknown; amount?: unknown; percent?: unknown };
      found = [plain(figure?.value ?? figure?.amount ?? figure?.percent)];
      break;
    }
    default:
      return {};
  }
  return found.length > 0 && found.every((value) => value !== undefined)
    ? { exact: found as string[] }
    : {};
}

function isYear(call: TracedCall, year: number): boolean {
  const names = namesIn(call.params.join(" "));
  return call.helper === "value" && call.values[0] === year && names.at(-1) === "year";
}

function kindOf(call: TracedCall, currency: string): Pick<ListedFigure, "kind" | "unit"> {
  const [first, second] = call.values as [unknown, unknown];
  const units = (list: unknown) =>
    Array.isArray(list)
      ? [...new Set(list.map((entry) => (entry as { unit?: unknown }).unit).filter(Boolean))].join(
          "、",
        ) || null
      : null;
  switch (call.helper) {
    case "money":
      return { kind: "money", unit: currency };
    case "count":
      return { kind: "count", unit: typeof second === "string" ? second : null };
    case "percent":
    case "share":
      return { kind: "share", unit: "%" };
    case "change":
      return { kind: "change", unit: "%" };
    case "date":
    case "month":
    case "year_of":
    case "period":
      return { kind: "date", unit: null };
    case "people":
    case "items":
      return { kind: "count", unit: units(first) };
    case "figure": {
      const figure = first as {
        kind: "count" | "money" | "share";
        unit: string | null;
        per: unknown;
      };
      const unit = figure.kind === "money" ? currency : figure.kind === "share" ? "%" : figure.unit;
      return { kind: figure.per ? "rate" : figure.kind, unit };
    }
    case "numbering":
      return { kind: "numbering", unit: null };
    default:
      if (call.helper.startsWith("table")) {
        const table = second as { unit: string | null; money: boolean };
        return table.money
          ? { kind: "money", unit: currency }
          : { kind: "count", unit: table.unit };
      }
      return { kind: "number", unit: null };
  }
}

/** The smallest span that holds a number: the call (or template) that wrote it. */
function innermost(spans: Span[], number: NumberAt): Span | undefined {
  let found: Span | undefined;
  for (const span of spans) {
    if (span.start <= number.start && number.end <= span.end) {
      if (!found || span.end - span.start < found.end - found.start) found = span;
    }
  }
  return found;
}

/**
 * The text a call printed, as report.md shows it: the span of the written Markdown moved to
 * where its numbers are in report.md (the two differ in script and layout, not in figures).
 */
function spanText(
  markdown: string,
  from: number,
  shown: NumberAt,
  number: NumberAt,
  span: Span,
  written: string,
): string {
  const text = markdown.slice(Math.max(0, from), shown.end + (span.end - number.end));
  return text.includes("\n") || text === "" ? written.slice(span.start, span.end) : text;
}

function frontMatterEnd(markdown: string): number {
  if (!markdown.startsWith("---\n")) return 0;
  const end = markdown.indexOf("\n---\n", 3);
  return end === -1 ? 0 : end + 5;
}

/** Each heading of report.md and where it starts. */
function sectionsOf(markdown: string): Array<{ start: number; text: string }> {
  const found: Array<{ start: number; text: string }> = [];
  for (const match of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
    found.push({ start: match.index, text: match[1] as string });
  }
  return found;
}

function sectionAt(sections: Array<{ start: number; text: string }>, offset: number): string {
  let text = "";
  for (const section of sections) {
    if (section.start > offset) break;
    text = section.text;
  }
  return text;
}
