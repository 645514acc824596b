import type { HelperOptions } from "handlebars";
import { describeValue } from "../core/describe.js";
import { escapeMarkdown } from "../core/escape.js";
import { Exact } from "../figure/exact.js";
import {
  type Amount,
  type Beneficiary,
  type CountOptions,
  FigureError,
  type Item,
  type Per,
  type Quantity,
} from "../format/figures.js";

import { columnMoneyFormat, moneyFormatOf, renderedFigures } from "./figure-style.js";

/** Thrown by a helper given the wrong kind of value; the template layer adds file and line. */
export class HelperError extends Error {
  readonly loc: hbs.AST.SourceLocation | undefined;
  constructor(message: string, options: HelperOptions | undefined) {
    super(message);
    this.name = "HelperError";
    // Handlebars passes the call's position to helpers; its typings do not declare it.
    this.loc = (options as { loc?: hbs.AST.SourceLocation } | undefined)?.loc;
  }
}

type Helper = (...args: unknown[]) => unknown;

/**
 * The last argument of every helper call is Handlebars' options object; the others are the
 * template's arguments.
 */
export function split(args: unknown[]): { values: unknown[]; options: HelperOptions } {
  return { values: args.slice(0, -1), options: args[args.length - 1] as HelperOptions };
}

/** An absent optional figure (null) prints as a dash, as in a table cell left blank. */
export const none = "—";

function isApproximate(value: unknown): value is { about: number; wording: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { about?: unknown }).about === "number" &&
    typeof (value as { wording?: unknown }).wording === "string"
  );
}

/** Beyond this a number has no exact hundredths in JavaScript: a template's mistake. */
const largestFigure = 1e15;

function isAmount(value: unknown): value is Amount {
  return (
    (typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= largestFigure) ||
    (isApproximate(value) && Math.abs(value.about) <= largestFigure)
  );
}

const dateForm = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

function asDate(value: unknown, helper: string, options: HelperOptions): string {
  if (typeof value === "number" && Number.isInteger(value) && value >= 1000 && value <= 9999)
    return String(value);
  if (typeof value === "string" && dateForm.test(value)) return value;
  throw new HelperError(
    `${helper} expects a date written 2022, 2022-03 or 2022-03-15, found ${describeValue(value)}`,
    options,
  );
}

/** Runs a formatter, turning its complaint about an option into an error at the call. */
function formatted(options: HelperOptions, write: () => string): string {
  try {
    return write();
  } catch (error) {
    if (error instanceof FigureError) throw new HelperError(error.message, options);
    throw error;
  }
}

function digitsOption(options: HelperOptions): number | undefined {
  const digits = options.hash?.digits;
  if (digits === undefined) return undefined;
  if (typeof digits !== "number" || !Number.isInteger(digits) || digits < 0 || digits > 8)
    throw new HelperError(
      `digits expects a whole number from 0 to 8, found ${describeValue(digits)}`,
      options,
    );
  return digits;
}

/** Text of a string, or of a record through its title or name. */
/** A count's options as the call gives them: scale="萬", digits=1, words=true. */
function countOptions(options: HelperOptions): CountOptions {
  const { scale, words } = (options.hash ?? {}) as { scale?: unknown; words?: unknown };
  if (words !== undefined && typeof words !== "boolean") {
    throw new HelperError(`words expects true or false, found ${describeValue(words)}`, options);
  }
  const digits = digitsOption(options);
  return {
    ...(typeof scale === "string" ? { scale } : {}),
    ...(digits !== undefined ? { digits } : {}),
    ...(words ? { words } : {}),
  };
}

function textOf(value: unknown, helper: string, options: HelperOptions): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null) {
    const record = value as { title?: unknown; name?: unknown };
    if (typeof record.title === "string") return record.title;
    if (typeof record.name === "string") return record.name;
  }
  throw new HelperError(
    `${helper} expects a text or a record with a title, found ${describeValue(value)}`,
    options,
  );
}

function texts(value: unknown, helper: string, options: HelperOptions): string[] {
  const all = Array.isArray(value) ? value : [value];
  return all.slice(0, limitOption(options)).map((entry) => textOf(entry, helper, options));
}

/**
 * `limit=3`: a list names its first three records only, as prose that ends "…等" does, so
 * that a paragraph stays a paragraph however many records the year keeps.
 */
function limitOption(options: HelperOptions): number | undefined {
  const limit = options.hash?.limit;
  if (limit === undefined) return undefined;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1)
    throw new HelperError(
      `limit expects a whole number of 1 or more, found ${describeValue(limit)}`,
      options,
    );
  return limit;
}

/** A figure of figures.yaml as the `figure` helper writes it. */
interface NamedFigure {
  kind: "count" | "money" | "share" | "change";
  value: Quantity | null;
  unit: string | null;
  amount: Amount | null;
  percent: number | Exact | null;
  per: Per | null;
  each?: string | null;
}

function isNumber(value: unknown): value is number | Exact {
  return typeof value === "number" || value instanceof Exact;
}

function isNamedFigure(value: unknown): value is NamedFigure {
  return (
    typeof value === "object" &&
    value !== null &&
    ["count", "money", "share", "change"].includes((value as { kind?: unknown }).kind as string)
  );
}

export const figureHelpers: Record<string, Helper> = {
  /**
   * {{money amount}} → 2.4萬元, 516.5萬元, 200多萬元, 1050985.26元 (each as precise as recorded);
   * `exact=true`, `unit="萬元"`, `digits=2` and `hundredths=true` (to the 分) ask for other forms.
   */
  money(...args) {
    const { values, options } = split(args);
    const [amount] = values;
    if (amount === null) return none;
    if (!isAmount(amount)) {
      throw new HelperError(
        `money expects an amount${typeof amount === "number" ? " of at most 10^15" : ""}, found ${describeValue(amount)}`,
        options,
      );
    }
    const unit = options.hash?.unit;
    if (unit !== undefined && typeof unit !== "string")
      throw new HelperError(
        `unit expects a text such as "萬元", found ${describeValue(unit)}`,
        options,
      );
    const digits = digitsOption(options);
    const asked = {
      ...(options.hash?.exact === true ? { exact: true } : {}),
      ...(unit !== undefined ? { unit } : {}),
      ...(digits !== undefined ? { digits } : {}),
    };
    // What the call asks for replaces the report's way of writing amounts as a whole.
    const format =
      Object.keys(asked).length > 0
        ? asked
        : columnMoneyFormat(options, options.hash?.hundredths === true);
    return formatted(options, () => renderedFigures(options).money(amount, format));
  },
  /** {{count proposals.received "件"}} → 142件; {{count x "人次" scale="萬"}} → 3.2萬人次 */
  count(...args) {
    const { values, options } = split(args);
    const [count, unit] = values;
    if (count === null) return none;
    if (typeof count === "number" && !(Math.abs(count) <= largestFigure)) {
      throw new HelperError(
        `count expects a number of at most 10^15, found ${describeValue(count)}`,
        options,
      );
    }
    if (!(typeof count === "number" || isApproximate(count)) || typeof unit !== "string") {
      throw new HelperError(
        `count expects a number and a unit, found ${describeValue(count)} and ${describeValue(unit)}`,
        options,
      );
    }
    return formatted(options, () =>
      renderedFigures(options).count(count, unit, countOptions(options)),
    );
  },
  /** {{percent proposals.reply_rate}} → 100%; `digits=2` → 98.46% */
  percent(...args) {
    const { values, options } = split(args);
    const [value] = values;
    if (value === null) return none;
    if (typeof value !== "number" && !(value instanceof Exact))
      throw new HelperError(`percent expects a number, found ${describeValue(value)}`, options);
    return renderedFigures(options).percent(value, digitsOption(options));
  },
  /** {{share proposals.key_proposals proposals.filed}} → 16.7%: the first of the second, in percent. */
  share(...args) {
    const { values, options } = split(args);
    const [part, whole] = values;
    if (part === null || whole === null) return none;
    if (!isNumber(part) || !isNumber(whole)) {
      throw new HelperError(
        `share expects two numbers, a part and its whole, found ${describeValue(part)} and ${describeValue(whole)}`,
        options,
      );
    }
    if (Exact.of(whole).sign() === 0)
      throw new HelperError("share expects a whole other than 0", options);
    return renderedFigures(options).percent(Exact.percent(part, whole), digitsOption(options));
  },
  /** {{date activity.date}} → 2022年3月; {{date year}} → 2022年 (111年 in the ROC calendar) */
  date(...args) {
    const { values, options } = split(args);
    const [value] = values;
    if (value === null) return none;
    return renderedFigures(options).date(asDate(value, "date", options));
  },
  /**
   * {{year_of comparison.year}} → 2023, or 112 in the ROC calendar: a year as the report's
   * calendar counts it, for texts that add 年 themselves (與{year}年相比).
   */
  year_of(...args) {
    const { values, options } = split(args);
    const [value] = values;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1000 || value > 9999)
      throw new HelperError(
        `year_of expects a year such as 2023, found ${describeValue(value)}`,
        options,
      );
    return renderedFigures(options).year(value);
  },
  /** {{month activity.date}} → 3月 */
  month(...args) {
    const { values, options } = split(args);
    const value = asDate(values[0], "month", options);
    return formatted(options, () => renderedFigures(options).month(value));
  },
  /**
   * {{period}} → the reporting period: 2022年4月至2023年3月, or the year when it is a calendar
   * year; {{period start end}} for any other span.
   */
  period(...args) {
    const { values, options } = split(args);
    const figures = renderedFigures(options);
    if (values.length >= 2) {
      return figures.period(
        asDate(values[0], "period", options),
        asDate(values[1], "period", options),
      );
    }
    const root = options.data?.root as {
      period?: { start: string; end: string } | null;
      year?: number;
    };
    return root.period
      ? figures.period(root.period.start, root.period.end)
      : figures.date(String(root.year ?? ""));
  },
  /** {{people programme.beneficiaries}} → 100戶困難群眾、580位環衛工人 */
  people(...args) {
    const { values, options } = split(args);
    const [groups] = values;
    if (!Array.isArray(groups))
      throw new HelperError(
        `people expects a list of beneficiaries, found ${describeValue(groups)}`,
        options,
      );
    return groups.length ? renderedFigures(options).people(groups as Beneficiary[]) : none;
  },
  /** {{items programme.items}} → 圖書2500冊、230套,禮物120份 */
  items(...args) {
    const { values, options } = split(args);
    const [list] = values;
    if (!Array.isArray(list))
      throw new HelperError(`items expects a list of items, found ${describeValue(list)}`, options);
    return list.length ? renderedFigures(options).items(list as Item[]) : none;
  },
  /**
   * {{figure figures.members}} → 230名; a share → 38%; money → £109,000; a rate → 每週48份.
   * The options of money, count and percent apply.
   */
  figure(...args) {
    const { values, options } = split(args);
    const [figure] = values;
    if (figure === null) return none;
    if (!isNamedFigure(figure))
      throw new HelperError(
        `figure expects a figure of figures.yaml, found ${describeValue(figure)}`,
        options,
      );
    if (figure.kind === "change")
      throw new HelperError(
        "figure was given a change published alone; print it with {{change figures.<id>.change}}, which words it (增長12.34%)",
        options,
      );
    const figures = renderedFigures(options);
    const digits = digitsOption(options);
    const { unit } = (options.hash ?? {}) as { unit?: unknown };
    const written = formatted(options, () => {
      if (figure.kind === "money" && figure.amount !== null) {
        const asked = {
          ...(typeof unit === "string" ? { unit } : {}),
          ...(digits !== undefined ? { digits } : {}),
        };
        return figures.money(
          figure.amount,
          Object.keys(asked).length > 0 ? asked : moneyFormatOf(options),
        );
      }
      if (figure.kind === "share" && figure.percent !== null)
        return figures.percent(figure.percent, digits);
      if (figure.value === null) return none;
      return figures.count(figure.value, figure.unit ?? "", countOptions(options));
    });
    return figure.per || figure.each ? figures.rate(written, figure.per, figure.each) : written;
  },
  /** {{list topics}} → 城市管理、鄉村振興 (records by their title) */
  list(...args) {
    const { values, options } = split(args);
    return renderedFigures(options).list(texts(values[0], "list", options));
  },
  /** {{quote activities.lei_feng}} → “弘揚雷鋒精神 深化文明實踐”; a list gives “a”“b” */
  quote(...args) {
    const { values, options } = split(args);
    return renderedFigures(options).quote(texts(values[0], "quote", options));
  },
  /** {{book documents.relief_measures}} → 《洛江政協愛心救濟項目管理辦法(暫行)》 */
  book(...args) {
    const { values, options } = split(args);
    return renderedFigures(options).book(texts(values[0], "book", options));
  },
  /** {{plain "第3號"}}: a number in the prose that is not a figure, printed as it is. */
  plain(...args) {
    const { values, options } = split(args);
    const [text] = values;
    if (typeof text !== "string" && typeof text !== "number")
      throw new HelperError(`plain expects a text, found ${describeValue(text)}`, options);
    return String(text);
  },
};

/** Markdown's escape for text a helper builds from records (table cells, headings). */
export { escapeMarkdown };
