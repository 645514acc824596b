import { isChinese } from "../core/language.js";

/**
 * How figures are written: in a Chinese report money in 萬元 / 億元, counts with their unit,
 * dates as 2022年3月; in any other language through Intl with the report's language tag and
 * currency ($1,250,000, 15 March 2022). Pure functions; the template helpers call them.
 *
 * Amounts are never rounded: 元 are whole numbers, so 萬元 needs at most four decimals and
 * 億元 at most eight, and every figure in the report stays correct to the last 元. Other
 * currencies are written in full with their grouping (£1,204,350), never as "1.2 million".
 */

export type Amount = number | { about: number; wording: string };

/** Every way a figure is written in one report. */
export interface Figures {
  money(amount: Amount): string;
  count(count: number, unit: string): string;
  percent(value: number): string;
  date(date: string): string;
  month(date: string): string;
  people(groups: Beneficiary[]): string;
  /** How many were helped, short, for a chart: 100戶、580位 or "310 older residents". */
  headcount(groups: Beneficiary[]): string;
  items(items: Item[]): string;
  /** A list of texts: 城市管理、鄉村振興 or "housing, food and warmth". */
  list(texts: string[]): string;
  quote(texts: string[]): string;
  /** The title of a document: 《…》 in Chinese, “…” otherwise. */
  book(texts: string[]): string;
}

const chinese: Figures = {
  money: formatMoney,
  count: formatCount,
  percent: formatPercent,
  date: formatDate,
  month: formatMonth,
  people: formatPeople,
  headcount: (groups) =>
    groups
      .filter((group) => group.count != null)
      .map((group) => formatCount(group.count ?? 0, group.unit ?? ""))
      .join("、"),
  items: (items) => formatItems(items),
  list: (texts) => texts.join("、"),
  quote: (texts) => texts.map((text) => `“${text}”`).join(""),
  book: (texts) => texts.map((text) => `《${text}》`).join(""),
};

const cache = new Map<string, Figures>();

/**
 * The figure formats of a report in `language` (a BCP 47 tag such as zh-Hant or en-GB) whose
 * money is in `currency` (ISO 4217). Chinese reports in 元 keep the 萬元 forms.
 */
export function figuresFor(language: string, currency = "CNY"): Figures {
  const key = `${language} ${currency}`;
  let figures = cache.get(key);
  if (!figures) {
    figures =
      isChinese(language) && currency === "CNY"
        ? chinese
        : isChinese(language)
          ? { ...chinese, money: intlFigures(language, currency).money }
          : intlFigures(language, currency);
    cache.set(key, figures);
  }
  return figures;
}

/** How the Chinese approximate wordings read in other languages: 200多萬元 → over ¥2,000,000. */
const wordingInOtherLanguages: Record<string, string> = {
  多: "over",
  余: "over",
  餘: "over",
  近: "nearly",
  約: "about",
};

function intlFigures(language: string, currency: string): Figures {
  const money = new Intl.NumberFormat(language, {
    style: "currency",
    currency,
    maximumFractionDigits: 0,
    minimumFractionDigits: 0,
  });
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  const and = new Intl.ListFormat(language, { type: "conjunction" });
  const calendar = (parts: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(language, { ...parts, timeZone: "UTC" });
  const byPrecision = [
    calendar({ year: "numeric" }),
    calendar({ year: "numeric", month: "long" }),
    calendar({ year: "numeric", month: "long", day: "numeric" }),
  ];
  const monthOnly = calendar({ month: "long" });
  const asDate = (date: string) => {
    const [year, month = "1", day = "1"] = date.split("-");
    return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  };
  const count = (value: number, unit: string) =>
    unit ? `${number.format(value)} ${unit}` : number.format(value);
  const people = (groups: Beneficiary[]) =>
    and.format(
      groups.map((group) =>
        group.count == null
          ? group.group
          : `${count(group.count, group.unit ?? "")} ${group.group}`,
      ),
    );
  const quote = (texts: string[]) => and.format(texts.map((text) => `“${text}”`));
  return {
    money(amount) {
      if (typeof amount === "number") return money.format(amount);
      const wording = wordingInOtherLanguages[amount.wording] ?? amount.wording;
      return `${wording} ${money.format(amount.about)}`;
    },
    count,
    percent: (value) => `${number.format(Number(value.toFixed(1)))}%`,
    date: (date) => byPrecision[date.split("-").length - 1]?.format(asDate(date)) ?? date,
    month: (date) => monthOnly.format(asDate(`${date.slice(0, 4)}-${monthOf(date)}`)),
    people,
    // English names the group with its number: "310 older residents", not "310".
    headcount: (groups) => people(groups.filter((group) => group.count != null)),
    items: (items) =>
      and.format(items.map((item) => `${count(item.quantity, item.unit)} of ${item.name}`)),
    list: (texts) => and.format(texts),
    quote,
    // A title is quoted like any other words: English has no 《》.
    book: quote,
  };
}

const wan = 10_000;
const yi = 100_000_000;

/** Words that come before the number (近200萬元) rather than after it (200多萬元). */
const prefixWordings = new Set(["近", "約"]);

export function formatMoney(amount: Amount): string {
  if (typeof amount === "object") {
    const { number, unit } = scale(amount.about);
    return prefixWordings.has(amount.wording)
      ? `${amount.wording}${number}${unit}`
      : `${number}${amount.wording}${unit}`;
  }
  const { number, unit } = scale(amount);
  return `${number}${unit}`;
}

function scale(yuan: number): { number: string; unit: string } {
  if (yuan >= yi) return { number: exactDecimal(yuan, yi), unit: "億元" };
  if (yuan >= wan) return { number: exactDecimal(yuan, wan), unit: "萬元" };
  return { number: String(yuan), unit: "元" };
}

/** `value / divisor` written exactly, without trailing zeros: 5165000 / 10000 → "516.5". */
function exactDecimal(value: number, divisor: number): string {
  const digits = String(divisor).length - 1;
  const whole = Math.floor(value / divisor);
  const fraction = String(value % divisor)
    .padStart(digits, "0")
    .replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** 100 → "100%", 98.46 → "98.5%": one decimal at most, for shares that are derived. */
export function formatPercent(value: number): string {
  return `${Number(value.toFixed(1))}%`;
}

export function formatCount(count: number, unit: string): string {
  return `${count}${unit}`;
}

/** "2022" → 2022年, "2022-03" → 2022年3月, "2022-03-15" → 2022年3月15日. */
export function formatDate(date: string): string {
  const [year, month, day] = date.split("-");
  return `${year}年${month ? `${Number(month)}月` : ""}${day ? `${Number(day)}日` : ""}`;
}

/** "2022-03" → 3月, for prose that already says which year (今年3月). */
/** The month of a date, "03" of 2022-03; a date without one is a mistake in the template. */
function monthOf(date: string): string {
  const month = date.split("-")[1];
  if (!month) throw new Error(`expected a date with a month such as 2022-03, found "${date}"`);
  return month;
}

export function formatMonth(date: string): string {
  return `${Number(monthOf(date))}月`;
}

export interface Beneficiary {
  count?: number | null;
  unit?: string | null;
  group: string;
}

/** 60名白內障患者; several groups joined with 、: 100戶困難群眾、580位環衛工人. */
export function formatPeople(groups: Beneficiary[]): string {
  return groups
    .map((group) =>
      group.count == null ? group.group : `${group.count}${group.unit ?? ""}${group.group}`,
    )
    .join("、");
}

export interface Item {
  name: string;
  quantity: number;
  unit: string;
}

/**
 * Things given, consecutive quantities of one thing sharing its name: 圖書2500冊、230套,禮物120份.
 * Groups are separated by the same comma the report's prose uses.
 */
export function formatItems(items: Item[], comma = ","): string {
  const groups: string[] = [];
  let previous: string | undefined;
  for (const item of items) {
    const quantity = `${item.quantity}${item.unit}`;
    if (item.name === previous) groups[groups.length - 1] += `、${quantity}`;
    else groups.push(`${item.name}${quantity}`);
    previous = item.name;
  }
  return groups.join(comma);
}
