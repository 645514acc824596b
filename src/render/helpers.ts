import type { HelperOptions } from "handlebars";
import {
  type Amount,
  type Beneficiary,
  type Figures,
  figuresFor,
  type Item,
} from "../format/figures.js";

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
function split(args: unknown[]): { values: unknown[]; options: HelperOptions } {
  return { values: args.slice(0, -1), options: args[args.length - 1] as HelperOptions };
}

function describe(value: unknown): string {
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `the text ${JSON.stringify(value)}`;
  return typeof value === "object" ? "a mapping" : `${typeof value} ${String(value)}`;
}

/** The figure formats of the report being rendered: its language and currency. */
function figuresOf(options: HelperOptions): Figures {
  const root = (options?.data?.root ?? {}) as { language?: unknown; currency?: unknown };
  return figuresFor(
    typeof root.language === "string" ? root.language : "zh-Hant",
    typeof root.currency === "string" ? root.currency : "CNY",
  );
}

/** An absent optional figure (null) prints as a dash, as in a table cell left blank. */
const none = "—";

function isAmount(value: unknown): value is Amount {
  return (
    (typeof value === "number" && Number.isInteger(value)) ||
    (typeof value === "object" && value !== null && "about" in value && "wording" in value)
  );
}

/** Text of a string, or of a record through its title or name. */
function textOf(value: unknown, helper: string, options: HelperOptions): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null) {
    const record = value as { title?: unknown; name?: unknown };
    if (typeof record.title === "string") return record.title;
    if (typeof record.name === "string") return record.name;
  }
  throw new HelperError(
    `${helper} expects a text or a record with a title, found ${describe(value)}`,
    options,
  );
}

function texts(value: unknown, helper: string, options: HelperOptions): string[] {
  return (Array.isArray(value) ? value : [value]).map((entry) => textOf(entry, helper, options));
}

export const figureHelpers: Record<string, Helper> = {
  /** {{money amount}} → 2.4萬元, 516.5萬元, 200多萬元 */
  money(...args) {
    const { values, options } = split(args);
    const [amount] = values;
    if (amount === null) return none;
    if (!isAmount(amount))
      throw new HelperError(`money expects an amount in 元, found ${describe(amount)}`, options);
    return figuresOf(options).money(amount);
  },
  /** {{count proposals.received "件"}} → 142件 */
  count(...args) {
    const { values, options } = split(args);
    const [count, unit] = values;
    if (count === null) return none;
    if (typeof count !== "number" || typeof unit !== "string") {
      throw new HelperError(
        `count expects a number and a unit, found ${describe(count)} and ${describe(unit)}`,
        options,
      );
    }
    return figuresOf(options).count(count, unit);
  },
  /** {{percent proposals.reply_rate}} → 100% */
  percent(...args) {
    const { values, options } = split(args);
    const [value] = values;
    if (value === null) return none;
    if (typeof value !== "number")
      throw new HelperError(`percent expects a number, found ${describe(value)}`, options);
    return figuresOf(options).percent(value);
  },
  /** {{date activity.date}} → 2022年3月 */
  date(...args) {
    const { values, options } = split(args);
    const [value] = values;
    if (value === null) return none;
    if (typeof value !== "string")
      throw new HelperError(`date expects a date, found ${describe(value)}`, options);
    return figuresOf(options).date(value);
  },
  /** {{month activity.date}} → 3月 */
  month(...args) {
    const { values, options } = split(args);
    const [value] = values;
    if (typeof value !== "string")
      throw new HelperError(`month expects a date, found ${describe(value)}`, options);
    try {
      return figuresOf(options).month(value);
    } catch (error) {
      throw new HelperError((error as Error).message, options);
    }
  },
  /** {{people programme.beneficiaries}} → 100戶困難群眾、580位環衛工人 */
  people(...args) {
    const { values, options } = split(args);
    const [groups] = values;
    if (!Array.isArray(groups))
      throw new HelperError(
        `people expects a list of beneficiaries, found ${describe(groups)}`,
        options,
      );
    return groups.length ? figuresOf(options).people(groups as Beneficiary[]) : none;
  },
  /** {{items programme.items}} → 圖書2500冊、230套,禮物120份 */
  items(...args) {
    const { values, options } = split(args);
    const [list] = values;
    if (!Array.isArray(list))
      throw new HelperError(`items expects a list of items, found ${describe(list)}`, options);
    return list.length ? figuresOf(options).items(list as Item[]) : none;
  },
  /** {{list topics}} → 城市管理、鄉村振興 (records by their title) */
  list(...args) {
    const { values, options } = split(args);
    return figuresOf(options).list(texts(values[0], "list", options));
  },
  /** {{quote activities.lei_feng}} → “弘揚雷鋒精神 深化文明實踐”; a list gives “a”“b” */
  quote(...args) {
    const { values, options } = split(args);
    return figuresOf(options).quote(texts(values[0], "quote", options));
  },
  /** {{book documents.relief_measures}} → 《洛江政協愛心救濟項目管理辦法(暫行)》 */
  book(...args) {
    const { values, options } = split(args);
    return figuresOf(options).book(texts(values[0], "book", options));
  },
  /** {{#if (eq a b)}} */
  eq(...args) {
    const { values } = split(args);
    return values[0] === values[1];
  },
};
