import { type ApproximationKind, approximationKindOf } from "../format/approximate.js";
import { cn, dateAt, dateFigure } from "./dates.js";
import {
  chineseNumber,
  decimalsIn,
  englishNumber,
  englishNumberWords,
  millionths,
  tenTo,
  trailingZeros,
  unit,
} from "./numbers.js";
import { chineseUnits, englishStopWords, normalUnit } from "./units.js";

/**
 * The figures a text states, each with what it counts and the range of values its wording
 * allows: 32件 (a count of 件, 31.5 to 32.5), 200多萬元 (money, 2,000,000 up to 3,000,000),
 * 增長14.2% (a change of +14.15 to +14.25 per cent), 113年3月 (a date in the ROC calendar).
 * The same reading is given to a draft and to the report built from the records, so that the
 * two are compared figure by figure on equal terms.
 */
export type FigureKind = "count" | "money" | "percent" | "points" | "date" | "number";

export interface DateParts {
  year?: number;
  month?: number;
  day?: number;
}

export interface StatedFigure {
  text: string;
  start: number;
  end: number;
  kind: FigureKind;
  /** 件, 人次 (in Simplified characters), "household" (singular), a currency, or null. */
  unit: string | null;
  /** The value as written, in millionths (numbers.ts). */
  value: bigint;
  /** The lowest and highest value the wording allows, in millionths. */
  low: bigint;
  high: bigint;
  approximate?: ApproximationKind;
  /** +1 for a rise, -1 for a fall, when the text says which. */
  sign?: 1 | -1;
  date?: DateParts;
  /** The unit as the text writes it (個 in a Traditional text). */
  unitAsWritten?: string;
  /** Written in words (三個, twelve). */
  words?: true;
}

export interface ReadingOptions {
  /** Years of two or three digits before 年 are ROC years (民國113年 = 2024). */
  roc?: boolean;
}

const numberCore = new RegExp(
  `(?<![0-9A-Za-z.])((?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?)(?![0-9])|(${cn.slice(0, -1)}百千]+)|\\b((?:${englishNumberWords})(?:(?:-| and | )(?:${englishNumberWords}))*)\\b`,
  "gi",
);
const currencyBefore = /(NT\$|HK\$|US\$|RMB|CNY|USD|GBP|HKD|TWD|EUR|£|\$|€|¥|￥)\s?$/;
const currencies: Record<string, string> = {
  NT$: "TWD",
  HK$: "HKD",
  US$: "USD",
  RMB: "CNY",
  "£": "GBP",
  "€": "EUR",
  "¥": "CNY",
  "￥": "CNY",
};

/** The figures stated in `text`, in order. `currency` is what a bare 元 or $ means. */
export function readFigures(
  source: string,
  currency: string,
  options: ReadingOptions = {},
): StatedFigure[] {
  // Full-width digits read as digits; each is one character either way, so places hold.
  const text = source.replace(/[０-９．]/g, (character) =>
    character === "．" ? "." : String.fromCharCode(character.charCodeAt(0) - 0xfee0),
  );
  const found: StatedFigure[] = [];
  // Which characters a figure already holds: one flag each, so a long text is read in one pass.
  const taken = new Uint8Array(text.length);
  const isTaken = (at: number) => taken[at] === 1;
  const add = (figure: StatedFigure) => {
    found.push({ ...figure, text: source.slice(figure.start, figure.end) });
    taken.fill(1, figure.start, figure.end);
  };

  for (let at = 0; at < text.length; at++) {
    if (isTaken(at) || (at > 0 && /[0-9]/.test(text[at - 1] as string))) continue;
    const date = dateAt(text, at, options);
    if (date) {
      add(date);
      at = date.end - 1;
    }
  }
  for (const match of text.matchAll(numberCore)) {
    if (isTaken(match.index)) continue;
    const figure = figureAt(text, match, currency);
    if (figure && !isTaken(figure.start)) add(figure);
  }
  return found.sort((a, b) => a.start - b.start);
}

const chineseScale: Record<string, number> = { 千: 3, 万: 4, 萬: 4, 亿: 8, 億: 8 };
const englishScale: Record<string, number> = {
  thousand: 3,
  k: 3,
  million: 6,
  m: 6,
  bn: 9,
  billion: 9,
};

function figureAt(
  text: string,
  match: RegExpExecArray,
  currency: string,
): StatedFigure | undefined {
  const start = match.index;
  const [, digits, chinese, english] = match;
  let written: string;
  let words = false;
  if (digits !== undefined) written = digits;
  else {
    const value = chinese !== undefined ? chineseNumber(chinese) : englishNumber(english as string);
    if (value === undefined || value <= 1) return undefined;
    written = String(value);
    words = true;
  }
  let end = start + match[0].length;
  let value = millionths(written);
  const decimals = decimalsIn(written);
  let zeros = trailingZeros(written);
  let scale = 0;
  // What follows the number, as far as a unit or scale can reach.
  const after = () => text.slice(end, end + 40);

  const early = /^(多|余|餘)(?=千|万|萬|亿|億)/.exec(after());
  if (early) end += 1;
  const chineseScaled = /^(千|万|萬|亿|億)/.exec(after());
  const englishScaled = /^\s?(thousand|million|billion|bn|m|k)\b/i.exec(after());
  const scaled = digits !== undefined ? (chineseScaled ?? englishScaled) : chineseScaled;
  if (scaled) {
    scale = (chineseScale[scaled[1] as string] ??
      englishScale[(scaled[1] as string).toLowerCase()]) as number;
    end += scaled[0].length;
    // 241萬5,000元: the rest of the number after its 萬.
    const rest = /^(\d[\d,]*)(?=元)/.exec(after());
    if (rest && scale === 4) {
      value = value * tenTo(4) + millionths(rest[1] as string);
      end += (rest[1] as string).length;
      scale = 0;
      zeros = 0;
    }
  }
  const infix = early ?? /^(多|余|餘)/.exec(after());
  if (infix && !early) end += infix[0].length;
  value *= tenTo(scale);
  const ulp = (tenTo(scale) * unit) / tenTo(decimals);
  const before = text.slice(Math.max(0, start - 12), start);
  let approximate: ApproximationKind | undefined = infix
    ? approximationKindOf(infix[0])
    : undefined;
  let figureStart = start;
  const symbol = currencyBefore.exec(before);
  const beforeSymbol = symbol ? before.slice(0, symbol.index) : before;
  const prefix =
    /(大約|大约|將近|将近|接近|超過|超过|不到|不足|約|约|近|逾|more than|fewer than|less than|just over|just under|close to|nearly|almost|about|around|approximately|roughly|some|over|under)\s?$/i.exec(
      beforeSymbol,
    );

  let kind: FigureKind;
  let figureUnit: string | null = null;
  let sign: 1 | -1 | undefined;
  let unitAsWritten: string | undefined;
  const tail = after();
  const percent = /^\s?(%|％|per ?cent\b)/i.exec(tail);
  const points = /^\s?(个百分点|個百分點|percentage points?\b)/i.exec(tail);
  const chineseUnit = chineseUnits.find((word) => tail.startsWith(word));
  const englishUnit = /^[ -]([A-Za-z][A-Za-z-]*)/.exec(tail);
  if (symbol && !words) {
    kind = "money";
    figureUnit =
      currencies[symbol[1] as string] ??
      (symbol[1] === "$" ? dollarOf(currency) : (symbol[1] as string));
    figureStart = start - symbol[0].length;
    if (tail.startsWith("元")) end += 1;
  } else if (tail.startsWith("元")) {
    kind = "money";
    figureUnit = currency;
    end += 1;
  } else if (points) {
    kind = "points";
    figureUnit = "point";
    end += points[0].length;
  } else if (percent) {
    kind = "percent";
    figureUnit = "%";
    end += percent[0].length;
  } else if (chineseUnit) {
    kind = "count";
    figureUnit = normalUnit(chineseUnit);
    unitAsWritten = chineseUnit;
    end += chineseUnit.length;
  } else if (englishUnit && !englishStopWords.has((englishUnit[1] as string).toLowerCase())) {
    kind = "count";
    figureUnit = normalUnit(englishUnit[1] as string);
    unitAsWritten = englishUnit[1] as string;
    end += englishUnit[0].length;
  } else if (words) return undefined;
  else if (/^\d{4}$/.test(written) && Number(written) >= 1900 && Number(written) <= 2100) {
    return dateFigure(start, end, { year: Number(written) });
  } else kind = "number";
  if (words && (text[start - 1] === "第" || kind === "money")) return undefined;

  if (prefix && !approximate) {
    approximate = approximationKindOf(prefix[1] as string);
    figureStart = start - (symbol?.[0].length ?? 0) - prefix[0].length;
  }
  if (kind === "percent" || kind === "points")
    sign = signBefore(text.slice(Math.max(0, figureStart - 40), figureStart));

  // How far a rounded or approximate figure reaches: the last digit written, or for 200多 the
  // place of the last digit that is not a zero.
  const place = decimals > 0 ? ulp : tenTo(zeros + scale) * unit;
  const step = approximate && place > ulp ? place : ulp;
  let low = value - ulp / 2n;
  let high = value + ulp / 2n;
  if (approximate === "over") [low, high] = [value, value + step];
  else if (approximate === "nearly") [low, high] = [value - step, value];
  else if (approximate === "under") [low, high] = [0n, value];
  else if (approximate === "about") [low, high] = [value - step / 2n, value + step / 2n];
  if (sign === -1) [value, low, high] = [-value, -high, -low];
  return {
    text: "",
    start: figureStart,
    end,
    kind,
    unit: figureUnit,
    value,
    low,
    high,
    ...(approximate ? { approximate } : {}),
    ...(sign ? { sign } : {}),
    ...(unitAsWritten ? { unitAsWritten } : {}),
    ...(words ? { words: true as const } : {}),
  };
}

function dollarOf(currency: string): string {
  return ["USD", "TWD", "HKD", "AUD", "CAD", "SGD", "NZD"].includes(currency) ? currency : "USD";
}

/** Whether the words before a percentage say it rose or fell: 增長14.2%, down 2.1%. */
function signBefore(text: string): 1 | -1 | undefined {
  const chinese =
    /(增长|增長|上升|提高|增加|上涨|上漲|下降|减少|減少|降低|下滑|回落|下跌)[^，,。;；\d]{0,4}$/.exec(
      text,
    );
  if (chinese) return /增|升|提|涨|漲/.test(chinese[1] as string) ? 1 : -1;
  const english =
    /\b(up|rose|risen|rising|increased?|grew|grown|higher|down|fell|fallen|falling|decreased?|dropped|lower|declined?)\b(?: by)?\s?$/i.exec(
      text,
    );
  if (english) return /^(up|ris|rose|incr|gr|high)/i.test(english[1] as string) ? 1 : -1;
  return undefined;
}
