import { Exact } from "../figure/exact.js";

/** A figure as recorded: a number, or an approximate one with its wording. */
export type Approximate = { about: number; wording: string };
export type Amount = number | Approximate;
export type Quantity = number | Approximate;

export interface FigureStyle {
  /** A BCP 47 tag: zh-Hant, zh-Hans, zh-TW, en-GB … */
  language: string;
  /** ISO 4217. */
  currency: string;
  /** `roc`: years counted from 1912, as Taiwan writes them (2017 is 106年). */
  calendar?: "gregorian" | "roc";
  /**
   * How money names its currency: `symbol` (NT$, £), `code` (TWD, GBP), `name` (新臺幣, British
   * pounds) or `unit`, the 元 alone (5,000元, as Taiwanese reports write it). Left out: 元 for the
   * renminbi, the dollar sign and 元 for Taiwan, Hong Kong and Macao, the symbol elsewhere.
   */
  display?: CurrencyDisplay | undefined;
  /** Digits grouped by thousands (1,234) or not (1234); left out, as the region writes them. */
  grouping?: boolean | undefined;
  /** The quotation marks; left out, 「」 in Taiwan, Hong Kong and Macao, “” elsewhere. */
  quotes?: QuoteStyle | undefined;
}

export const currencyDisplays = ["symbol", "code", "name", "unit"] as const;
/** Quotation marks: 「」 with 『』 inside, “” with ‘’ inside, or ‘’ with “” inside. */
export const quoteStyles = ["corner", "double", "single"] as const;
export type QuoteStyle = (typeof quoteStyles)[number];
export type CurrencyDisplay = (typeof currencyDisplays)[number];

/**
 * How a template asks for money to be written:
 * - nothing: exactly, scaled in Chinese to 萬元 or 億元 when the amount is whole 元 (5165000 →
 *   516.5萬元) and in 元 when it has 分 (1050985.26元, as audited figures are published);
 * - `exact`: in 元 (or pounds …) with every 分 there is, never scaled;
 * - `unit`: in that unit, 元, 萬元 or 億元 (either script);
 * - `digits`: rounded to that many decimals, half away from zero (四捨五入), and padded:
 *   1050985.26 with `unit="萬元" digits=2` is 105.10萬元. Rounding is done on the exact 分.
 */
export interface MoneyOptions {
  exact?: boolean;
  unit?: string;
  digits?: number;
}

/** A count's options: `scale` 萬 or 億 writes 32000人次 as 3.2萬人次 (Chinese only). */
export interface CountOptions {
  scale?: string;
  digits?: number;
  /** In words where the source writes them so: 兩個, "three sessions" (whole numbers to 9999). */
  words?: boolean;
}

export type Per = "day" | "week" | "month" | "quarter" | "year";

export interface Beneficiary {
  count?: Quantity | null;
  unit?: string | null;
  group: string;
}

export interface Item {
  name: string;
  quantity: Quantity;
  unit?: string | null;
}

/** Every way a figure is written in one report. */
export interface Figures {
  money(amount: Amount, options?: MoneyOptions): string;
  count(count: Quantity, unit: string, options?: CountOptions): string;
  percent(value: number | Exact, digits?: number): string;
  /** A date as precise as it is recorded; a year as a number is that year. */
  date(date: string | number): string;
  month(date: string): string;
  /** A reporting period: 2022年4月至2023年3月, "April 2022 to March 2023". */
  period(start: string, end: string): string;
  /** The year's number in the report's calendar: 2022, or 111 in the ROC calendar. */
  year(year: number): string;
  /** A figure per unit of time: 每週48份, "48 parcels a week". */
  /** A figure per period and per head: 每名學生每月2,500元, "£750 a week per family". */
  rate(figure: string, per: Per | null, each?: string | null): string;
  people(groups: Beneficiary[]): string;
  /** How many were helped, short, for a chart: 100戶、580位 or "310 older residents". */
  headcount(groups: Beneficiary[]): string;
  items(items: Item[]): string;
  /** A list of texts: 城市管理、鄉村振興 or "housing, food and warmth". */
  list(texts: string[]): string;
  /** Each text in quotation marks, quotation marks inside it turned to the inner kind. */
  quote(texts: string[]): string;
  /** The title of a document: 《…》 in Chinese, “…” otherwise. */
  book(texts: string[]): string;
}

/** What makes a figure's option wrong, for the helper to report at its place. */
export class FigureError extends Error {
  override name = "FigureError";
}

export function isApproximate(value: Quantity): value is Approximate {
  return typeof value === "object";
}

export function curly(text: string): string {
  return `“${nestedMarks(text, "‘", "’")}”`;
}

/** 「…」 outside, 『…』 inside: the marks of Taiwan, Hong Kong and Macao. */
export function corner(text: string): string {
  return `「${nestedMarks(text, "『", "』")}」`;
}

/** ‘…’ outside, “…” inside, as many British publishers quote. */
export function single(text: string): string {
  return `‘${nestedMarks(text, "“", "”")}’`;
}

/** The function that quotes a text in a style: `fallback` when the report chose none. */
export function quoteMarksOf(
  style: QuoteStyle | undefined,
  fallback: (text: string) => string,
): (text: string) => string {
  if (style === undefined) return fallback;
  return { corner, double: curly, single }[style];
}

/** Double quotation marks inside a quoted text become the inner kind: 全城抗“疫” → 全城抗‘疫’. */
function nestedMarks(text: string, open: string, close: string): string {
  let opening = true;
  return text.replace(/[“”「」"]/g, (mark) => {
    if (mark === "“" || mark === "「") return open;
    if (mark === "”" || mark === "」") return close;
    const replaced = opening ? open : close;
    opening = !opening;
    return replaced;
  });
}

// Shared

/**
 * A share or change in percent, rounded once, half away from zero: exactly `digits` decimals when
 * asked (98.5 with 2 is 98.50); else a recorded number as it was written (12.34 stays 12.34) and
 * a derived one with one decimal at most (57 of 400 is 14.25, written 14.3; 1 of 1 is 100).
 */
export function percentNumber(value: number | Exact, digits?: number): string {
  if (digits !== undefined) return Exact.of(value).toDigits(digits);
  return value instanceof Exact ? value.toDecimal(1) : Exact.of(value).toDecimal(20);
}

/** The month of a date, "03" of 2022-03; a date without one is a mistake in the template. */
export function monthOf(date: string): string {
  const month = date.split("-")[1];
  if (!month)
    throw new FigureError(`expected a date with a month such as 2022-03, found "${date}"`);
  return month;
}

/**
 * Things given, consecutive quantities of one thing sharing its name: 圖書2500冊、230套,禮物120份.
 * Groups are separated by the comma the report's prose uses.
 */
export function joinItems(items: Item[], quantity: (item: Item) => string, comma: string): string {
  const groups: string[] = [];
  let previous: string | undefined;
  for (const item of items) {
    if (item.name === previous) groups[groups.length - 1] += `、${quantity(item)}`;
    else groups.push(`${item.name}${quantity(item)}`);
    previous = item.name;
  }
  return groups.join(comma);
}

/** Whether a recorded number has more decimals than money has (分, pence). */
