import path from "node:path";
import { describeSource } from "../audit/describe.js";
import type { RunOptions, YearResult } from "../build/index.js";
import { InputError } from "../core/errors.js";
import { writingOf } from "../core/language.js";
import type { LegacyEncoding } from "../load/decode.js";
import { scriptConverter } from "../render/script.js";
import { yearFigures } from "./catalogue.js";
import { type Draft, readDraft } from "./draft.js";
import { readFigures } from "./extract.js";
import { type DraftFigure, type Judged, judge, type Verdict } from "./match.js";
import { decimalText } from "./numbers.js";
import { figureEntry } from "./unknown.js";

export type { Judged, Verdict };

/** A year's report states some hundreds of figures; a draft of more is not one report. */
const maxFigures = 20_000;

export interface CheckOptions extends RunOptions {
  /** The draft, as the user named it. */
  draft: string;
  encoding?: LegacyEncoding;
}

export interface CheckedDraft {
  result: YearResult;
  draft?: Draft;
  judged?: Judged[];
  counts?: Record<Verdict, number>;
  /** The report's language tag, which the marked page is written in. */
  language?: string;
}

/**
 * `report check <draft>`: every figure of a draft written by hand, held against the year's
 * figures as the records give them. Nothing is written.
 */
export async function checkDraft(options: CheckOptions, year: number): Promise<CheckedDraft> {
  const shown = options.draft;
  const draft = await readDraft(path.resolve(options.cwd, options.draft), shown, options.encoding);
  const figures = await yearFigures(options, year);
  if (!figures.known) return { result: figures.result, draft };
  const known = figures.known;
  const judged: Judged[] = [];
  let count = 0;
  for (const block of draft.blocks) {
    count += readFigures(block.text, figures.currency, figures.reading).length;
    if (count > maxFigures) {
      throw new InputError(`${shown}: too many figures to check`, [
        {
          severity: "error",
          file: shown,
          ...(block.line !== undefined ? { line: block.line } : {}),
          message: `expected a report's draft of at most ${maxFigures.toLocaleString("en")} figures, found more by ${block.line !== undefined ? `line ${block.line}` : `paragraph ${block.paragraph}`}`,
          hint: "check the draft a chapter at a time",
        },
      ]);
    }
  }
  const inScript = await draftInReportScript(draft, figures.language);
  for (const block of draft.blocks) {
    for (const [order, stated] of readFigures(
      block.text,
      figures.currency,
      figures.reading,
    ).entries()) {
      const figure: DraftFigure = { ...stated, block, order };
      judged.push(judge(figure, known, inScript));
    }
  }
  const counts: Record<Verdict, number> = { agrees: 0, disagrees: 0, unknown: 0, ambiguous: 0 };
  for (const entry of judged) counts[entry.verdict]++;
  return { result: figures.result, draft, judged, counts, language: figures.language };
}

/** Characters common in reports that each script writes its own way. */
const simplifiedMarks = /[们这个会为发区协员项万实织关经济]/g;
const traditionalMarks = /[們這個會為發區協員項萬實織關經濟]/g;

/**
 * A converter of the draft's words into the report's script when a Chinese draft is in the
 * other one; undefined (words compared as they are) otherwise.
 */
async function draftInReportScript(
  draft: Draft,
  language: string,
): Promise<((text: string) => string) | undefined> {
  const writing = writingOf(language);
  if (writing === "other") return undefined;
  const text = draft.blocks.map((block) => block.text).join("");
  const simplified = text.match(simplifiedMarks)?.length ?? 0;
  const traditional = text.match(traditionalMarks)?.length ?? 0;
  const draftWriting =
    simplified > traditional ? "zh-Hans" : traditional > simplified ? "zh-Hant" : writing;
  if (draftWriting === writing) return undefined;
  return scriptConverter(writing === "zh-Hans" ? "hans" : "hant");
}

/** Where a figure stands in its draft: `draft.md:12`, or `draft.docx ¶7`. */
export function placeOf(draft: Draft, figure: DraftFigure): string {
  return figure.block.line !== undefined
    ? `${draft.file}:${figure.block.line}`
    : `${draft.file} ¶${figure.block.paragraph}`;
}

/** One checked figure as `--json` prints it. */
export function judgedJson(draft: Draft, entry: Judged) {
  const { figure, known } = entry;
  return {
    verdict: entry.verdict,
    text: figure.text,
    kind: figure.kind,
    unit: figure.unit,
    value: statedValue(figure),
    ...(figure.approximate ? { approximate: figure.approximate } : {}),
    draft: {
      place: placeOf(draft, figure),
      paragraph: figure.block.paragraph,
      ...(figure.block.line !== undefined ? { line: figure.block.line } : {}),
      text: figure.block.text,
    },
    ...(known ? { record: recordJson(known) } : {}),
    ...(entry.candidates ? { candidates: entry.candidates.map(recordJson) } : {}),
    ...(entry.verdict === "unknown" ? { yaml: figureEntry(figure) ?? null } : {}),
  };
}

function recordJson(known: NonNullable<Judged["known"]>) {
  return {
    text: known.text,
    value: statedValue(known),
    report_line: known.line,
    sources: known.sources.map(describeSource),
  };
}

export function statedValue(figure: {
  kind: string;
  value: bigint;
  date?: { year?: number; month?: number; day?: number };
}): string {
  if (figure.kind !== "date") return decimalText(figure.value);
  const { year, month, day } = figure.date ?? {};
  return [year, month, day]
    .map((part, index) =>
      part === undefined
        ? index === 0
          ? ""
          : undefined
        : String(part).padStart(index ? 2 : 4, "0"),
    )
    .filter((part) => part !== undefined)
    .join("-");
}
