import type { DateParts, ReadingOptions, StatedFigure } from "./extract.js";
import { chineseNumber } from "./numbers.js";

/** Dates as drafts write them: 2022年3月, 113年11月23日, 三月, September 14, 2024, 2024-09-14. */

const months = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const monthPattern =
  "January|February|March|April|May|June|July|August|September|October|November|December";
export const cn = "[〇零一二两兩三四五六七八九十]";

/** Every way a date is written that the reader knows, tried in this order at each place. */
const datePatterns: RegExp[] = [
  /(\d{4})-(\d{2})-(\d{2})(?![0-9])/y,
  new RegExp(
    `(?:民國|民国)?(\\d{4}|\\d{2,3}|${cn}{2,4})年(?:(\\d{1,2}|${cn}{1,3})月(?:(\\d{1,2}|${cn}{1,3})[日號号])?)?`,
    "y",
  ),
  new RegExp(`(\\d{1,2}|${cn}{1,3})月(?:(\\d{1,2}|${cn}{1,3})[日號号])?`, "y"),
  new RegExp(`(${monthPattern}) (\\d{1,2}),?\\s(\\d{4})`, "yi"),
  new RegExp(`(\\d{1,2}) (${monthPattern}),? (\\d{4})`, "yi"),
  new RegExp(`(${monthPattern}) (\\d{4})`, "yi"),
];

/** A date read from a text: its place and its parts. */
export function dateFigure(start: number, end: number, date: DateParts): StatedFigure {
  return { text: "", start, end, kind: "date", unit: null, value: 0n, low: 0n, high: 0n, date };
}

export function dateAt(
  text: string,
  at: number,
  options: ReadingOptions,
): StatedFigure | undefined {
  for (const [index, pattern] of datePatterns.entries()) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) continue;
    const parts = datePartsOf(index, match, options);
    if (!parts) continue;
    const end = at + match[0].length;
    return dateFigure(at, end, parts);
  }
  return undefined;
}

function datePartsOf(
  index: number,
  match: RegExpExecArray,
  options: ReadingOptions,
): DateParts | undefined {
  const number = (text: string | undefined) =>
    text === undefined ? undefined : /\d/.test(text) ? Number(text) : chineseNumber(text);
  const month = (text: string | undefined) => {
    if (text === undefined) return undefined;
    const value = /^[a-z]/i.test(text) ? months.indexOf(text.toLowerCase()) + 1 : number(text);
    return value !== undefined && value >= 1 && value <= 12 ? value : Number.NaN;
  };
  const day = (text: string | undefined) => {
    const value = number(text);
    return value === undefined || (value >= 1 && value <= 31) ? value : Number.NaN;
  };
  let parts: DateParts;
  switch (index) {
    case 0:
      parts = { year: Number(match[1]), month: month(match[2]), day: day(match[3]) };
      break;
    case 1: {
      const written = match[1] as string;
      let year = number(written);
      if (year === undefined) return undefined;
      if (/^\d{2,3}$/.test(written)) {
        // 10年 is ten years unless the project counts years from 1912 or the text says 民國.
        if (!options.roc && !/^民/.test(match[0])) return undefined;
        year += 1911;
      } else if (year < 1900 || year > 2100) return undefined;
      parts = { year, month: month(match[2]), day: day(match[3]) };
      break;
    }
    case 2:
      parts = { month: month(match[1]), day: day(match[2]) };
      break;
    case 3:
      parts = { year: Number(match[3]), month: month(match[1]), day: day(match[2]) };
      break;
    case 4:
      parts = { year: Number(match[3]), month: month(match[2]), day: day(match[1]) };
      break;
    default:
      parts = { year: Number(match[2]), month: month(match[1]) };
  }
  if (Number.isNaN(parts.month) || Number.isNaN(parts.day)) return undefined;
  return Object.fromEntries(Object.entries(parts).filter(([, value]) => value !== undefined));
}
