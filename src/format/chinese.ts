import { chineseRegion, writingOf } from "../core/language.js";
import { Exact } from "../figure/exact.js";
import { chineseWording } from "./approximate.js";
import {
  type Amount,
  type Beneficiary,
  type CountOptions,
  corner,
  curly,
  FigureError,
  type FigureStyle,
  type Figures,
  isApproximate,
  joinItems,
  type MoneyOptions,
  monthOf,
  type Per,
  percentNumber,
  type Quantity,
  quoteMarksOf,
} from "./common.js";
import { chineseDollarSigns, writtenInYuan } from "./currency.js";
import { shiftDecimal, toHundredths } from "./decimal.js";
import { intlAmount } from "./intl.js";
import { chineseWords } from "./words.js";

/** Figures of a Chinese report: 元, 萬元 and 億元 (万元, 亿元), 2022年3月, 60名, 「」 by region. */
// Chinese

const scales = { 元: 0, 萬: 4, 万: 4, 億: 8, 亿: 8 } as const;

export function chineseFigures(style: FigureStyle): Figures {
  const simplified = writingOf(style.language) === "zh-Hans";
  const region = chineseRegion(style.language);
  const wan = simplified ? "万" : "萬";
  const yi = simplified ? "亿" : "億";
  // Taiwan, Hong Kong and Macao group digits by thousands (1,234人); the mainland does not.
  const grouped = style.grouping ?? region !== undefined;
  const group = (digits: string) =>
    grouped
      ? digits.replace(/^(-?\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+$)/g, ","))
      : digits;
  const unitOf = (scale: number) => (scale === 8 ? yi : scale === 4 ? wan : "");
  const dollarSign = chineseDollarSigns[style.currency];
  const intlMoney = writtenInYuan(style.currency)
    ? undefined
    : (amount: number, digits?: number) =>
        intlAmount(style.language, style.currency, amount, digits, style);
  // What names the currency before the number: nothing for the renminbi (516.5萬元), the
  // dollar sign for Taiwan, Hong Kong and Macao (NT$5,000元), or what the report asks for.
  const currencyName = (() => {
    switch (style.display) {
      case "unit":
        return "";
      case "code":
        return `${style.currency} `;
      case "name":
        return new Intl.DisplayNames(style.language, { type: "currency" }).of(style.currency) ?? "";
      case "symbol":
        return dollarSign ?? (style.currency === "CNY" ? "¥" : "");
      default:
        return dollarSign ?? "";
    }
  })();

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

  /** The currency's name before a number, and a minus before it: -NT$1,234萬5,000元. */
  const dollars = (number: string) =>
    number.startsWith("-") ? `-${currencyName}${number.slice(1)}` : `${currencyName}${number}`;

  const money = (amount: Amount, options: MoneyOptions = {}): string => {
    if (isApproximate(amount)) {
      const { word, infix } = chineseWording(amount.wording, simplified);
      if (intlMoney)
        return `${infix ? (simplified ? "超过" : "超過") : word}${intlMoney(amount.about)}`;
      const scale = scaleOf(options.unit) ?? autoScale(amount.about);
      const number = group(shiftDecimal(toHundredths(amount.about), scale + 2, options.digits));
      return infix
        ? `${dollars(number)}${word}${unitOf(scale)}元`
        : `${word}${dollars(number)}${unitOf(scale)}元`;
    }
    if (intlMoney) return intlMoney(amount, options.digits);
    const hundredths = toHundredths(amount);
    const requested = scaleOf(options.unit);
    if (requested === undefined && !options.exact && options.digits === undefined) {
      // Whole amounts are scaled; amounts to the 分 are published as they are.
      if (dollarSign) return `${dollars(mixed(hundredths))}元`;
      if (hundredths % 100 !== 0) return `${dollars(group(shiftDecimal(hundredths, 2)))}元`;
      const scale = autoScale(amount);
      return `${dollars(group(shiftDecimal(hundredths, scale + 2)))}${unitOf(scale)}元`;
    }
    const scale = options.exact ? 0 : (requested ?? 0);
    return `${dollars(group(shiftDecimal(hundredths, scale + 2, options.digits)))}${unitOf(scale)}元`;
  };

  const count = (value: Quantity, unit: string, options: CountOptions = {}): string => {
    const scale =
      options.scale === undefined
        ? 0
        : (scales[options.scale as keyof typeof scales] ??
          (() => {
            throw new FigureError(`expected the scale 萬 or 億, found "${options.scale}"`);
          })());
    const number = (n: number) => {
      if (options.words) return chineseWords(n, simplified);
      const scaled = Exact.of(n).dividedBy(10 ** scale);
      const digits = options.digits;
      return (
        group(digits === undefined ? scaled.toDecimal(20) : scaled.toDigits(digits)) + unitOf(scale)
      );
    };
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
  const quoteMarks = quoteMarksOf(style.quotes, region ? corner : curly);
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
    rate: (figure, per, each) =>
      `${each ? `每${each}` : ""}${per ? `每${perWords[per]}` : ""}${figure}`,
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
