import { Exact } from "../figure/exact.js";
import { englishWording } from "./approximate.js";
import {
  type Beneficiary,
  type CountOptions,
  curly,
  FigureError,
  type FigureStyle,
  type Figures,
  isApproximate,
  monthOf,
  type Per,
  percentNumber,
  type Quantity,
  quoteMarksOf,
} from "./common.js";
import { shiftDecimal, toHundredths } from "./decimal.js";
import { englishWords } from "./words.js";

/** Figures of a report in any other language, through Intl: $1,250,000, 15 March 2022. */
// Any other language, through Intl

/**
 * A decimal written out exactly ("14.30", "1234.5") in the language's digits and separators, with
 * as many decimals as it has: 14.30 stays 14.30, 1234.5 is 1,234.5 in English.
 */
export function decimalText(language: string, decimal: string, grouping?: boolean): string {
  const places = decimal.split(".")[1]?.length ?? 0;
  return new Intl.NumberFormat(language, {
    minimumFractionDigits: places,
    maximumFractionDigits: places,
    ...(grouping === undefined ? {} : { useGrouping: grouping }),
    // Intl reads a string as the exact decimal it spells, not as a binary double.
  }).format(decimal as Intl.StringNumericLiteral);
}

/** How Intl is asked to name the currency and group the digits, as the report says. */
function currencyOptions(writing: Writing): Intl.NumberFormatOptions {
  return {
    ...(writing.display && writing.display !== "unit" ? { currencyDisplay: writing.display } : {}),
    ...(writing.grouping === undefined ? {} : { useGrouping: writing.grouping }),
  };
}

type Writing = Pick<FigureStyle, "display" | "grouping">;

export function intlAmount(
  language: string,
  currency: string,
  amount: number,
  digits?: number,
  writing: Writing = {},
): string {
  const hundredths = toHundredths(amount);
  const fraction = digits ?? (hundredths % 100 === 0 ? 0 : 2);
  // Rounded on the exact hundredths first, and handed to Intl as the decimal it is.
  const value = shiftDecimal(hundredths, 2, fraction) as Intl.StringNumericLiteral;
  return new Intl.NumberFormat(language, {
    style: "currency",
    currency,
    minimumFractionDigits: fraction,
    maximumFractionDigits: fraction,
    ...currencyOptions(writing),
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
  writing: Writing = {},
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
    ...currencyOptions(writing),
  }).format(decimal as Intl.StringNumericLiteral);
  return `${number} ${unit}`;
}

export function intlFigures(style: FigureStyle): Figures {
  const { language, currency, grouping } = style;
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
      options.words
        ? inWords(n)
        : decimalText(
            language,
            options.digits === undefined
              ? Exact.of(n).toDecimal(20)
              : Exact.of(n).toDigits(options.digits),
            grouping,
          );
    const figure = isApproximate(value)
      ? `${englishWording(value.wording)} ${written(value.about)}`
      : written(value);
    return unit ? `${figure} ${unit}` : figure;
  };
  const inWords = (n: number) => {
    if (!language.startsWith("en")) {
      throw new FigureError(`words are written in Chinese and English reports, not in ${language}`);
    }
    return englishWords(n, !language.startsWith("en-US"));
  };
  const people = (groups: Beneficiary[]) =>
    and.format(
      groups.map((group) =>
        group.count == null
          ? group.group
          : `${count(group.count, group.unit ?? "")} ${group.group}`,
      ),
    );
  // The day and the year after it stay on one line (March 15,\u00a02022): a line ending
  // "15," and the next starting "2022" reads as one number broken.
  const date = (value: string | number) => {
    const text = String(value);
    const written = byPrecision[text.split("-").length - 1]?.format(asDate(text)) ?? text;
    return written.replace(/(\d), (?=\d)/g, "$1,\u00a0");
  };
  const perWords: Record<Per, string> = {
    day: "a day",
    week: "a week",
    month: "a month",
    quarter: "a quarter",
    year: "a year",
  };
  const marks = quoteMarksOf(style.quotes, curly);
  const quote = (texts: string[]) => and.format(texts.map(marks));
  return {
    money(amount, options = {}) {
      const written = (value: number) =>
        options.unit === undefined || options.exact
          ? intlAmount(language, currency, value, options.digits, style)
          : scaledAmount(language, currency, value, options.unit, options.digits, style);
      if (isApproximate(amount))
        return `${englishWording(amount.wording)} ${written(amount.about)}`;
      return written(amount);
    },
    count,
    percent: (value, digits) => `${decimalText(language, percentNumber(value, digits), grouping)}%`,
    date,
    month: (value) => monthOnly.format(asDate(`${value.slice(0, 4)}-${monthOf(value)}`)),
    period: (start, end) => `${date(start)} to ${date(end)}`,
    year: String,
    rate: (figure, per, each) =>
      `${figure}${per ? ` ${perWords[per]}` : ""}${each ? ` per ${each}` : ""}`,
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
