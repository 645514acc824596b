import { chineseRegion, writingOf } from "../core/language.js";
import { chineseWording, englishWording } from "./approximate.js";
import { chineseDollarSigns } from "./currency.js";
import { decimalsOf, shiftDecimal, toHundredths } from "./decimal.js";

/**
 * How figures are written, by the report's language, currency and calendar. Chinese reports
 * write money in 元, 萬元 and 億元 (万元 and 亿元 in Simplified), counts with their measure word,
 * dates as 2022年3月 (111年3月 in the Republic of China's calendar); any other language goes
 * through Intl ($1,250,000, 15 March 2022). Pure functions; the template helpers call them.
 *
 * Amounts are exact unless a template asks for rounding: see {@link MoneyOptions}.
 */

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
}

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
  percent(value: number, digits?: number): string;
  /** A date as precise as it is recorded; a year as a number is that year. */
  date(date: string | number): string;
  month(date: string): string;
  /** A reporting period: 2022年4月至2023年3月, "April 2022 to March 2023". */
  period(start: string, end: string): string;
  /** The year's number in the report's calendar: 2022, or 111 in the ROC calendar. */
  year(year: number): string;
  /** A figure per unit of time: 每週48份, "48 parcels a week". */
  rate(figure: string, per: Per): string;
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

const cache = new Map<string, Figures>();

/**
 * The figure formats of a report in `language` whose money is in `currency`; `calendar` counts
 * the years.
 */
export function figuresFor(
  language: string,
  currency = "CNY",
  calendar: FigureStyle["calendar"] = "gregorian",
): Figures {
  const key = `${language} ${currency} ${calendar}`;
  let figures = cache.get(key);
  if (!figures) {
    const style = { language, currency, calendar };
    figures = writingOf(language) === "other" ? intlFigures(style) : chineseFigures(style);
    cache.set(key, figures);
  }
  return figures;
}

/** What makes a money option wrong, for the helper to report at its place. */
export class FigureError extends Error {
  override name = "FigureError";
}

function isApproximate(value: Quantity): value is Approximate {
  return typeof value === "object";
}

// ---------------------------------------------------------------------------------------------
// Chinese

const scales = { 元: 0, 萬: 4, 万: 4, 億: 8, 亿: 8 } as const;

function chineseFigures(style: Required<FigureStyle>): Figures {
  const simplified = writingOf(style.language) === "zh-Hans";
  const region = chineseRegion(style.language);
  const wan = simplified ? "万" : "萬";
  const yi = simplified ? "亿" : "億";
  // Taiwan, Hong Kong and Macao group digits by thousands (1,234人); the mainland does not.
  const grouped = region !== undefined;
  const group = (digits: string) =>
    grouped
      ? digits.replace(/^(-?\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+$)/g, ","))
      : digits;
  const unitOf = (scale: number) => (scale === 8 ? yi : scale === 4 ? wan : "");
  const dollarSign = chineseDollarSigns[style.currency];
  const intlMoney =
    style.currency === "CNY" || dollarSign
      ? undefined
      : (amount: number, digits?: number) =>
          intlAmount(style.language, style.currency, amount, digits);

  /** The largest of 億, 萬 and ones that the whole number reaches. */
  const autoScale = (value: number) =>
    Math.abs(value) >= 1e8 ? 8 : Math.abs(value) >= 1e4 ? 4 : 0;

  /** 27634000 → 2,763萬4,000 (a number written with 萬 and 億 inside it). */
  const mixed = (hundredths: number): string => {
    const sign = hundredths < 0 ? "-" : "";
    let rest = Math.abs(hundredths);
    const cents = rest % 100;
    rest = (rest - cents) / 100;
    const parts: string[] = [];
    for (const [size, name] of [
      [1e8, yi],
      [1e4, wan],
    ] as const) {
      if (rest >= size) {
        const head = Math.floor(rest / size);
        parts.push(`${group(String(head))}${name}`);
        rest -= head * size;
      }
    }
    if (rest > 0 || parts.length === 0 || cents > 0) {
      parts.push(group(String(rest)) + (cents > 0 ? `.${String(cents).padStart(2, "0")}` : ""));
    }
    return sign + parts.join("");
  };

  const scaleOf = (unit: string | undefined): number | undefined => {
    if (unit === undefined) return undefined;
    const key = unit.replace(/元$/, "") || "元";
    if (key in scales) return scales[key as keyof typeof scales];
    throw new FigureError(`expected the unit 元, 萬元 or 億元, found "${unit}"`);
  };

  const money = (amount: Amount, options: MoneyOptions = {}): string => {
    if (isApproximate(amount)) {
      const { word, infix } = chineseWording(amount.wording, simplified);
      if (intlMoney)
        return `${infix ? (simplified ? "超过" : "超過") : word}${intlMoney(amount.about)}`;
      const scale = scaleOf(options.unit) ?? autoScale(amount.about);
      const number = group(shiftDecimal(toHundredths(amount.about), scale + 2, options.digits));
      const sign = dollarSign ?? "";
      return infix
        ? `${sign}${number}${word}${unitOf(scale)}元`
        : `${word}${sign}${number}${unitOf(scale)}元`;
    }
    if (intlMoney) return intlMoney(amount, options.digits);
    const hundredths = toHundredths(amount);
    const sign = dollarSign ?? "";
    const requested = scaleOf(options.unit);
    if (requested === undefined && !options.exact && options.digits === undefined) {
      // Whole amounts are scaled; amounts to the 分 are published as they are.
      if (dollarSign) return `${sign}${mixed(hundredths)}元`;
      if (hundredths % 100 !== 0) return `${shiftDecimal(hundredths, 2)}元`;
      const scale = autoScale(amount);
      return `${group(shiftDecimal(hundredths, scale + 2))}${unitOf(scale)}元`;
    }
    const scale = options.exact ? 0 : (requested ?? 0);
    return `${sign}${group(shiftDecimal(hundredths, scale + 2, options.digits))}${unitOf(scale)}元`;
  };

  const count = (value: Quantity, unit: string, options: CountOptions = {}): string => {
    const scale =
      options.scale === undefined
        ? 0
        : (scales[options.scale as keyof typeof scales] ??
          (() => {
            throw new FigureError(`expected the scale 萬 or 億, found "${options.scale}"`);
          })());
    const number = (n: number) =>
      group(shiftDecimal(Math.round(n * 100), scale + 2, options.digits)) + unitOf(scale);
    if (!isApproximate(value)) return `${number(value)}${unit}`;
    const { word, infix } = chineseWording(value.wording, simplified);
    return infix ? `${number(value.about)}${word}${unit}` : `${word}${number(value.about)}${unit}`;
  };

  const yearNumber = (year: number) =>
    style.calendar === "roc" ? String(year - 1911) : String(year);
  const date = (value: string | number): string => {
    const [year, month, day] = String(value).split("-");
    return `${yearNumber(Number(year))}年${month ? `${Number(month)}月` : ""}${day ? `${Number(day)}日` : ""}`;
  };
  const quoteMarks = region ? corner : curly;
  const perWords: Record<Per, string> = {
    day: "日",
    week: simplified ? "周" : "週",
    month: "月",
    quarter: "季度",
    year: "年",
  };
  const people = (groups: Beneficiary[]) =>
    groups
      .map((entry) =>
        entry.count == null ? entry.group : `${count(entry.count, entry.unit ?? "")}${entry.group}`,
      )
      .join("、");
  return {
    money,
    count,
    percent: (value, digits) => `${percentNumber(value, digits)}%`,
    date,
    month: (value) => `${Number(monthOf(value))}月`,
    period: (start, end) => `${date(start)}至${date(end)}`,
    year: yearNumber,
    rate: (figure, per) => `每${perWords[per]}${figure}`,
    people,
    headcount: (groups) =>
      groups
        .filter((entry) => entry.count != null)
        .map((entry) => count(entry.count ?? 0, entry.unit ?? ""))
        .join("、"),
    items: (items) => joinItems(items, (item) => count(item.quantity, item.unit ?? ""), ","),
    list: (texts) => texts.join("、"),
    quote: (texts) => texts.map((text) => quoteMarks(text)).join(""),
    book: (texts) =>
      texts.map((text) => `《${text.replace(/《/g, "〈").replace(/》/g, "〉")}》`).join(""),
  };
}

/** “…” outside, ‘…’ inside: the marks of the mainland and of English. */
function curly(text: string): string {
  return `“${nestedMarks(text, "‘", "’")}”`;
}

/** 「…」 outside, 『…』 inside: the marks of Taiwan, Hong Kong and Macao. */
function corner(text: string): string {
  return `「${nestedMarks(text, "『", "』")}」`;
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

// ---------------------------------------------------------------------------------------------
// Any other language, through Intl

function intlAmount(language: string, currency: string, amount: number, digits?: number): string {
  const hundredths = toHundredths(amount);
  const fraction = digits ?? (hundredths % 100 === 0 ? 0 : 2);
  // Rounded on the exact hundredths first, so Intl only writes a number it holds exactly.
  const value = Number(shiftDecimal(hundredths, 2, fraction));
  return new Intl.NumberFormat(language, {
    style: "currency",
    currency,
    minimumFractionDigits: fraction,
    maximumFractionDigits: fraction,
  }).format(value);
}

const englishScales: Record<string, number> = { thousand: 3, million: 6, billion: 9 };

/** £1.2 million: an amount in thousands, millions or billions, exact unless `digits` rounds it. */
function scaledAmount(
  language: string,
  currency: string,
  amount: number,
  unit: string,
  digits?: number,
): string {
  const shift = englishScales[unit];
  if (shift === undefined) {
    throw new FigureError(`expected the unit thousand, million or billion, found "${unit}"`);
  }
  const decimal = shiftDecimal(toHundredths(amount), shift + 2, digits);
  const fraction = decimal.split(".")[1]?.length ?? 0;
  const number = new Intl.NumberFormat(language, {
    style: "currency",
    currency,
    minimumFractionDigits: fraction,
    maximumFractionDigits: fraction,
  }).format(Number(decimal));
  return `${number} ${unit}`;
}

function intlFigures(style: Required<FigureStyle>): Figures {
  const { language, currency } = style;
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const and = new Intl.ListFormat(language, { type: "conjunction" });
  const calendar = (parts: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(language, { ...parts, timeZone: "UTC" });
  const byPrecision = [
    calendar({ year: "numeric" }),
    calendar({ year: "numeric", month: "long" }),
    calendar({ year: "numeric", month: "long", day: "numeric" }),
  ];
  const monthOnly = calendar({ month: "long" });
  const asDate = (value: string) => {
    const [year, month = "1", day = "1"] = value.split("-");
    return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  };
  const count = (value: Quantity, unit: string, options: CountOptions = {}) => {
    if (options.scale !== undefined) {
      throw new FigureError(`scale is for Chinese reports (萬, 億); found "${options.scale}"`);
    }
    const written = (n: number) =>
      options.digits === undefined
        ? number.format(n)
        : new Intl.NumberFormat(language, {
            minimumFractionDigits: options.digits,
            maximumFractionDigits: options.digits,
          }).format(n);
    const figure = isApproximate(value)
      ? `${englishWording(value.wording)} ${written(value.about)}`
      : written(value);
    return unit ? `${figure} ${unit}` : figure;
  };
  const people = (groups: Beneficiary[]) =>
    and.format(
      groups.map((group) =>
        group.count == null
          ? group.group
          : `${count(group.count, group.unit ?? "")} ${group.group}`,
      ),
    );
  const date = (value: string | number) => {
    const text = String(value);
    return byPrecision[text.split("-").length - 1]?.format(asDate(text)) ?? text;
  };
  const perWords: Record<Per, string> = {
    day: "a day",
    week: "a week",
    month: "a month",
    quarter: "a quarter",
    year: "a year",
  };
  const quote = (texts: string[]) => and.format(texts.map(curly));
  return {
    money(amount, options = {}) {
      const written = (value: number) =>
        options.unit === undefined || options.exact
          ? intlAmount(language, currency, value, options.digits)
          : scaledAmount(language, currency, value, options.unit, options.digits);
      if (isApproximate(amount))
        return `${englishWording(amount.wording)} ${written(amount.about)}`;
      return written(amount);
    },
    count,
    percent: (value, digits) => `${number.format(Number(percentNumber(value, digits)))}%`,
    date,
    month: (value) => monthOnly.format(asDate(`${value.slice(0, 4)}-${monthOf(value)}`)),
    period: (start, end) => `${date(start)} to ${date(end)}`,
    year: String,
    rate: (figure, per) => `${figure} ${perWords[per]}`,
    people,
    // English names the group with its number: "310 older residents", not "310".
    headcount: (groups) => people(groups.filter((group) => group.count != null)),
    // "40 boxes of winter coats"; without a unit, "5,200 packed lunches".
    items: (items) =>
      and.format(
        items.map((item) =>
          item.unit
            ? `${count(item.quantity, item.unit)} of ${item.name}`
            : count(item.quantity, item.name),
        ),
      ),
    list: (texts) => and.format(texts),
    quote,
    // A title is quoted like any other words: English has no 《》.
    book: quote,
  };
}

// ---------------------------------------------------------------------------------------------
// Shared

/** A share written with one decimal at most (98.46 → 98.5), or exactly `digits` decimals. */
function percentNumber(value: number, digits?: number): string {
  if (digits === undefined) return String(Number(value.toFixed(1)));
  return shiftDecimal(Math.round(value * 10 ** digits), digits, digits);
}

/** The month of a date, "03" of 2022-03; a date without one is a mistake in the template. */
function monthOf(date: string): string {
  const month = date.split("-")[1];
  if (!month)
    throw new FigureError(`expected a date with a month such as 2022-03, found "${date}"`);
  return month;
}

/**
 * Things given, consecutive quantities of one thing sharing its name: 圖書2500冊、230套,禮物120份.
 * Groups are separated by the comma the report's prose uses.
 */
function joinItems(items: Item[], quantity: (item: Item) => string, comma: string): string {
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
export function hasTooManyDecimals(value: number): boolean {
  return decimalsOf(value) > 2;
}

// The forms of a report in Traditional Chinese and 元, by name, for tests and docs.
const traditional = figuresFor("zh-Hant");
export const formatMoney = (amount: Amount, options?: MoneyOptions) =>
  traditional.money(amount, options);
export const formatPercent = (value: number) => traditional.percent(value);
export const formatCount = (value: Quantity, unit: string) => traditional.count(value, unit);
export const formatDate = (value: string | number) => traditional.date(value);
export const formatMonth = (value: string) => traditional.month(value);
export const formatPeople = (groups: Beneficiary[]) => traditional.people(groups);
export const formatItems = (items: Item[]) => traditional.items(items);
