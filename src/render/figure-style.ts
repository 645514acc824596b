import type { HelperOptions } from "handlebars";
import {
  type CurrencyDisplay,
  currencyDisplays,
  type QuoteStyle,
  quoteStyles,
} from "../format/common.js";
import { type Figures, figuresOfView, type MoneyOptions } from "../format/figures.js";

/** How the report being rendered writes its figures, read from the view at the template's root. */

/** The figure formats of the report being rendered: its language, currency and calendar. */
export function renderedFigures(options: HelperOptions): Figures {
  const root = (options?.data?.root ?? {}) as {
    language?: unknown;
    currency?: unknown;
    calendar?: unknown;
    currency_display?: unknown;
    grouping?: unknown;
    quotes?: unknown;
  };
  return figuresOfView({
    language: typeof root.language === "string" ? root.language : "zh-Hant",
    currency: typeof root.currency === "string" ? root.currency : "CNY",
    calendar: root.calendar === "roc" ? "roc" : "gregorian",
    currency_display: (currencyDisplays as readonly unknown[]).includes(root.currency_display)
      ? (root.currency_display as CurrencyDisplay)
      : null,
    grouping: typeof root.grouping === "boolean" ? root.grouping : null,
    quotes: (quoteStyles as readonly unknown[]).includes(root.quotes)
      ? (root.quotes as QuoteStyle)
      : null,
  });
}

/** How the report writes amounts when a call asks for nothing else (view.money_format). */
export function moneyFormatOf(options: HelperOptions): MoneyOptions {
  const format = (options?.data?.root as { money_format?: unknown } | undefined)?.money_format;
  return format && typeof format === "object" ? (format as MoneyOptions) : {};
}

/**
 * The report's way of writing amounts; without one, to the 分 when `hundredths` (a statement or
 * a table that keeps some amounts to the 分 writes its whole column so), else each as recorded.
 */
export function columnMoneyFormat(options: HelperOptions, hundredths: boolean): MoneyOptions {
  const chosen = moneyFormatOf(options);
  return Object.keys(chosen).length === 0 && hundredths ? { exact: true, digits: 2 } : chosen;
}
