import { writingOf } from "../core/language.js";
import type { Exact } from "../figure/exact.js";
import { chineseFigures } from "./chinese.js";
import type {
  Amount,
  Beneficiary,
  FigureStyle,
  Figures,
  Item,
  MoneyOptions,
  Quantity,
} from "./common.js";
import { intlFigures } from "./intl.js";

export {
  type Amount,
  type Approximate,
  type Beneficiary,
  type CountOptions,
  FigureError,
  type FigureStyle,
  type Figures,
  type Item,
  type MoneyOptions,
  type Per,
  type Quantity,
} from "./common.js";

/**
 * How figures are written, by the report's language, currency and calendar. Chinese reports
 * write money in 元, 萬元 and 億元 (万元 and 亿元 in Simplified), counts with their measure word,
 * dates as 2022年3月 (111年3月 in the Republic of China's calendar); any other language goes
 * through Intl ($1,250,000, 15 March 2022). Pure functions; the template helpers call them.
 *
 * Amounts are exact unless a template asks for rounding: see {@link MoneyOptions}.
 */

const cache = new Map<string, Figures>();

/**
 * The figure formats of a report in `language` whose money is in `currency`; `calendar` counts
 * the years, `writing` says how the currency is named and whether digits are grouped.
 */
export function figuresFor(
  language: string,
  currency = "CNY",
  calendar: FigureStyle["calendar"] = "gregorian",
  writing: Pick<FigureStyle, "display" | "grouping" | "quotes"> = {},
): Figures {
  const key = `${language} ${currency} ${calendar} ${writing.display} ${writing.grouping} ${writing.quotes}`;
  let figures = cache.get(key);
  if (!figures) {
    const style = { language, currency, calendar, ...writing };
    figures = writingOf(language) === "other" ? intlFigures(style) : chineseFigures(style);
    cache.set(key, figures);
  }
  return figures;
}

/** The figure formats a view's report is written with. */
export function figuresOfView(view: {
  language: string;
  currency: string;
  calendar: FigureStyle["calendar"];
  currency_display?: FigureStyle["display"] | null;
  grouping?: boolean | null;
  quotes?: FigureStyle["quotes"] | null;
}): Figures {
  return figuresFor(view.language, view.currency, view.calendar, {
    display: view.currency_display ?? undefined,
    grouping: view.grouping ?? undefined,
    quotes: view.quotes ?? undefined,
  });
}

// The forms of a report in Traditional Chinese and 元, by name, for tests and docs.
const traditional = figuresFor("zh-Hant");
export const formatMoney = (amount: Amount, options?: MoneyOptions) =>
  traditional.money(amount, options);
export const formatPercent = (value: number | Exact) => traditional.percent(value);
export const formatCount = (value: Quantity, unit: string) => traditional.count(value, unit);
export const formatDate = (value: string | number) => traditional.date(value);
export const formatMonth = (value: string) => traditional.month(value);
export const formatPeople = (groups: Beneficiary[]) => traditional.people(groups);
export const formatItems = (items: Item[]) => traditional.items(items);
