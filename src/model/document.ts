import { isChinese } from "../core/language.js";
import type { View } from "./view.js";

/**
 * What every output says about itself (the PDF's information and XMP, the Markdown's front
 * matter), from the records alone so that all of them say the same.
 */

/** The document's title: the organisation and the report's title, with the year where it lacks one. */
export function documentTitle(view: View): string {
  // A title that names its year, as the report's calendar counts it (2024, or 113 in the ROC
  // calendar), gets no other; one that does not gets the year in that calendar.
  const roc = view.calendar === "roc";
  const named = [String(view.year), ...(roc ? [view.calendar_year] : [])];
  if (named.some((year) => new RegExp(`(?<!\\d)${year}(?!\\d)`).test(view.title)))
    return `${view.organisation} ${view.title}`;
  return `${view.organisation} ${roc ? `${view.calendar_year}年` : view.year} ${view.title}`;
}

/**
 * The report's date: its publication date, else the last day of its period (its year). Never
 * "now", so that the same records give the same outputs.
 */
export function recordedDate(view: View): Date {
  if (view.published) {
    const [year, month = "1", day = "1"] = view.published.split("-");
    return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  }
  if (view.period) {
    const [year, month = "12", day] = view.period.end.split("-");
    return new Date(Date.UTC(Number(year), Number(month) - (day ? 1 : 0), day ? Number(day) : 0));
  }
  return new Date(Date.UTC(view.year, 11, 31));
}

/** A heading's lines read as one: an ideographic space in Chinese, a colon in other languages. */
export function headingJoin(language: string): string {
  return isChinese(language) ? "\u3000" : ": ";
}
