import type { FigureSource } from "../audit/index.js";
import type { KnownFigure } from "./catalogue.js";
import type { DraftBlock } from "./draft.js";
import type { StatedFigure } from "./extract.js";

/**
 * Each figure of a draft held against the year's figures. A figure agrees when a figure of the
 * same kind and unit has a value its wording allows (2.4萬 for 23,950, 200多萬 for 2,036,500);
 * it disagrees when the figure the draft's words point to (the same words around it) has
 * another value; it is unknown when no record holds it and nothing points to one; ambiguous when
 * several records hold its value and the words do not tell which is meant.
 */
export type Verdict = "agrees" | "disagrees" | "unknown" | "ambiguous";

export interface DraftFigure extends StatedFigure {
  block: DraftBlock;
  /** Which figure of its paragraph or row it is, from 0. */
  order: number;
}

export interface Judged {
  figure: DraftFigure;
  verdict: Verdict;
  /** The record it agrees or disagrees with. */
  known?: KnownFigure;
  /** For an ambiguous figure: one figure of each record that holds its value. */
  candidates?: KnownFigure[];
}

/** How alike the words must be for a figure of another value to be the same figure. */
const sameWords = 0.5;
const likelyWords = 0.3;
/** How far ahead the words of one record must be to pick it among several of equal value. */
const clearLead = 0.15;

/**
 * `inScript` writes a draft's words in the report's script, when the draft is in the other one
 * (a Simplified draft of a Traditional report): the words are compared, the figures need not be.
 */
export function judge(
  figure: DraftFigure,
  known: KnownFigure[],
  inScript: (text: string) => string = (text) => text,
): Judged {
  const text = figure.block.text;
  const words = {
    before: inScript(text.slice(Math.max(0, figure.start - 20), figure.start)),
    after: inScript(text.slice(figure.end, figure.end + 12)),
  };
  const scored = known
    .filter((candidate) => comparable(figure, candidate))
    .map((candidate) => ({
      candidate,
      score: likeness(words, candidate),
      equal: valuesAgree(figure, candidate),
    }))
    .sort((a, b) => b.score - a.score);
  // A figure of another value is the same figure only when written alike: a date to the same
  // day, month or year (2024年1月12日 is not the year 2023 its cover also prints).
  const best = scored.find(
    (entry) => figure.kind !== "date" || partsOf(entry.candidate) === partsOf(figure),
  );
  let equal = scored.filter((entry) => entry.equal);
  // 2024年 is the report's year rather than the 2024年5月 of an activity: a date is matched with
  // dates written to the same day, month or year where there are any.
  const sameParts = equal.filter((entry) => partsOf(entry.candidate) === partsOf(figure));
  if (figure.kind === "date" && sameParts.length > 0) equal = sameParts;
  if (best && best.score >= sameWords && !best.equal) {
    const close = equal.find((entry) => entry.score >= best.score - 0.1);
    if (close) return { figure, verdict: "agrees", known: close.candidate };
    return { figure, verdict: "disagrees", known: best.candidate };
  }
  if (equal.length > 0) {
    const first = equal[0] as (typeof equal)[number];
    const others = equal.filter(
      (entry) => sourceKey(entry.candidate) !== sourceKey(first.candidate),
    );
    const lead = first.score - (others[0]?.score ?? 0);
    if (others.length === 0 || (first.score >= likelyWords && lead >= clearLead)) {
      return { figure, verdict: "agrees", known: first.candidate };
    }
    // A row of a table like the report's (5 | 5 | 100%): the figure in the same column.
    const alike = equal.filter(
      (entry) => entry.score >= first.score - 0.05 && entry.score >= likelyWords,
    );
    const sameColumn = alike.filter((entry) => entry.candidate.order === figure.order);
    if (
      sameColumn.length > 0 &&
      new Set(sameColumn.map((entry) => sourceKey(entry.candidate))).size === 1
    ) {
      return {
        figure,
        verdict: "agrees",
        known: (sameColumn[0] as (typeof equal)[number]).candidate,
      };
    }
    const candidates = new Map<string, KnownFigure>();
    for (const entry of equal) {
      const key = sourceKey(entry.candidate);
      if (!candidates.has(key)) candidates.set(key, entry.candidate);
    }
    return { figure, verdict: "ambiguous", candidates: [...candidates.values()] };
  }
  if (best && best.score >= likelyWords) {
    return { figure, verdict: "disagrees", known: best.candidate };
  }
  return { figure, verdict: "unknown" };
}

function comparable(figure: StatedFigure, known: KnownFigure): boolean {
  if (figure.kind === "number") return known.kind === "number";
  if (figure.kind !== known.kind) return false;
  if (figure.kind === "date" || figure.kind === "percent" || figure.kind === "points") return true;
  if (figure.unit === known.unit) return true;
  // "12 sessions" is the report's "12 technology help sessions".
  return (
    figure.kind === "count" &&
    figure.unit !== null &&
    /^[a-z]/.test(figure.unit) &&
    nounsAfter(known).includes(figure.unit)
  );
}

function nounsAfter(known: KnownFigure): string[] {
  return known.context
    .slice(known.start, known.end + 40)
    .toLowerCase()
    .split(/[^a-z]+/)
    .map((word) => (word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word));
}

export function valuesAgree(figure: StatedFigure, known: StatedFigure): boolean {
  if (figure.kind === "date") {
    const a = figure.date ?? {};
    const b = known.date ?? {};
    const parts = (["year", "month", "day"] as const).filter(
      (part) => a[part] !== undefined && b[part] !== undefined,
    );
    return parts.length > 0 && parts.every((part) => a[part] === b[part]);
  }
  let [low, high, knownLow, knownHigh] = [figure.low, figure.high, known.low, known.high];
  if ((figure.kind === "percent" || figure.kind === "points") && (!figure.sign || !known.sign)) {
    // A share or a change without a word for its direction: compared by size.
    [low, high] = absolute(low, high);
    [knownLow, knownHigh] = absolute(knownLow, knownHigh);
  }
  // A record's exact value (a range of one point) must round to what the draft writes: 23,500
  // is 2.4萬, 24,500 is not. Two printed figures agree when their ranges overlap.
  if (knownLow === knownHigh) return low <= knownLow && knownLow < high;
  return low < knownHigh && knownLow < high;
}

function absolute(low: bigint, high: bigint): [bigint, bigint] {
  return low < 0n ? [-high, -low] : [low, high];
}

/**
 * What a figure is read from: two figures from the same records are one, however the derivation
 * was written (`volunteers.hours` in the narrative, `@root.volunteers.hours` in a template).
 */
function sourceKey(known: KnownFigure): string {
  return JSON.stringify(
    known.sources.map((source) =>
      source.type === "derived" && source.inputs?.length
        ? source.inputs.map((input) => `${input.file}:${input.line}`)
        : source.type === "derived" && /^the report's year/.test(source.derivation)
          ? "year"
          : source,
    ),
  );
}

function partsOf(figure: StatedFigure): string {
  return Object.keys(figure.date ?? {}).join(",");
}

/** How alike the words around two figures are, from 0 to 1: the words before count most. */
function likeness(words: { before: string; after: string }, known: KnownFigure): number {
  const before = dice(
    words.before,
    known.context.slice(Math.max(0, known.start - 20), known.start),
  );
  const after = dice(words.after, known.context.slice(known.end, known.end + 12));
  return 0.65 * before + 0.35 * after;
}

/** Dice's coefficient of the character pairs of two texts, digits and spaces left out. */
export function dice(a: string, b: string): number {
  const plainOf = (text: string) => text.toLowerCase().replace(/[\s0-9０-９.,|#*_]/g, "");
  // Words that are the same are alike; a cell's lone "%" beside the report's lone "%" only
  // a little.
  if (plainOf(a) === plainOf(b)) return plainOf(a).length >= 2 ? 1 : 0.5;
  const pairs = (text: string) => {
    const plain = plainOf(text);
    const found = new Set<string>();
    for (let at = 0; at < plain.length - 1; at++) found.add(plain.slice(at, at + 2));
    return found;
  };
  const first = pairs(a);
  const second = pairs(b);
  if (first.size === 0 || second.size === 0) return 0;
  let shared = 0;
  for (const pair of first) if (second.has(pair)) shared++;
  return (2 * shared) / (first.size + second.size);
}

export type { FigureSource };
