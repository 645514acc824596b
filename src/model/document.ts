import { UsageError } from "../core/errors.js";
import { isChinese } from "../core/language.js";
import type { View } from "./view.js";

/**
 * What every output says about itself (the PDF's information and XMP, the Markdown's front
 * matter), from the records alone so that all of them say the same.
 */

/** Whether the report's title names the organisation already (某某協會2018年度報告). */
export function titleNamesOrganisation(view: { organisation: string; title: string }): boolean {
  const organisation = view.organisation.trim();
  return organisation !== "" && view.title.includes(organisation);
}

/**
 * The organisation and the report's title as one text, the organisation not said twice:
 * 某某協會2024年度報告 (Chinese, run together), Northgate Food Bank Annual Report 2023–24.
 */
export function organisationAndTitle(view: {
  organisation: string;
  title: string;
  language: string;
}): string {
  if (titleNamesOrganisation(view)) return view.title;
  return `${view.organisation}${isChinese(view.language) ? "" : " "}${view.title}`;
}

/**
 * The document's title (the PDF's, the Word file's, the HTML's and the Markdown's): the
 * organisation (unless the title names it) and the report's title, with the year where the
 * title names none.
 */
export function documentTitle(
  view: Pick<View, "organisation" | "title" | "year" | "calendar" | "calendar_year">,
): string {
  const parts = titleNamesOrganisation(view) ? [] : [view.organisation];
  // A title that names a year (2024, 2023–24, or 113 in the ROC calendar) gets no other; one
  // that does not gets the year in the report's calendar.
  const roc = view.calendar === "roc";
  const named = [String(view.year), ...(roc ? [view.calendar_year] : [])];
  const namesYear =
    named.some((year) => new RegExp(`(?<!\\d)${year}(?!\\d)`).test(view.title)) ||
    /(?<![\d,.])(19|20)\d{2}(?![\d,.]\d)/.test(view.title);
  if (!namesYear) parts.push(roc ? `${view.calendar_year}年` : String(view.year));
  return [...parts, view.title].join(" ");
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

/**
 * The PDF's date: SOURCE_DATE_EPOCH when set (reproducible builds), else the report's
 * publication date, else the last day of its period (its year), never "now".
 */
export function documentDate(view: View, env: NodeJS.ProcessEnv): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== "") {
    // Up to the last second of 9999, the last year a PDF date can hold.
    if (!/^\d+$/.test(epoch) || Number(epoch) > 253402300799)
      throw new UsageError(
        `SOURCE_DATE_EPOCH must be whole seconds up to 253402300799 (9999-12-31), found "${epoch}"`,
      );
    return new Date(Number(epoch) * 1000);
  }
  return recordedDate(view);
}
