import type { ProjectConfig, Theme } from "../schema/config.js";

/** The paper a report prints on and its margins, as the view gives them to the outputs. */
export interface PageView {
  size: "A4" | "Letter";
  /** The paper's width and height, and the margins, in twentieths of a point (Word's twips). */
  width: number;
  height: number;
  margins: { top: number; right: number; bottom: number; left: number };
  /** The width of the text between the side margins, in millimetres. */
  text_width_mm: number;
  /**
   * The CSS that prints this page over the theme's stylesheet (after it, so that an ejected
   * report.css is overridden too); empty when the page is the theme's own.
   */
  css: string;
}

/** The paper sizes in twips: A4 is 210 × 297 mm, Letter 8.5 × 11 in. */
const papers = {
  A4: { css: "A4", width: millimetres(210), height: millimetres(297), mm: 210, length: "297mm" },
  Letter: { css: "letter", width: 8.5 * 1440, height: 11 * 1440, mm: 215.9, length: "11in" },
} as const;

/** The default theme's margins (the official theme's are GB/T 9704's, set by its stylesheet). */
const defaultMargins = { A4: "30mm 26mm 28mm 28mm", Letter: "1in" } as const;

/**
 * Regions whose offices print on Letter (CLDR's measurement data: the United States, Canada,
 * the Philippines, Mexico, Chile, Colombia and a few more); everyone else on A4.
 */
const letterRegions = new Set(["US", "CA", "PH", "MX", "CL", "CO", "CR", "GT", "PR", "VE", "BZ"]);

/** The paper a language tag's region prints on: en-US and es-MX on Letter, en-GB and zh-TW on A4. */
export function regionPaper(language: string): "A4" | "Letter" {
  const region = /-([A-Za-z]{2})(?:-|$)/.exec(language)?.[1]?.toUpperCase();
  return region && letterRegions.has(region) ? "Letter" : "A4";
}

/**
 * The page of a report: the config's `page`, its size else the region's; the official theme
 * always GB/T 9704's A4 (the config refuses a page for it).
 */
export function pageOf(
  config: Pick<ProjectConfig, "page"> | undefined,
  language: string,
  theme: Theme,
): PageView {
  if (theme === "official") {
    const { width, height } = papers.A4;
    return { size: "A4", width, height, ...marginsOf("37mm 26mm 35mm 28mm", 210), css: "" };
  }
  const size = config?.page?.size ?? regionPaper(language);
  const margins = config?.page?.margins?.trim().split(/\s+/).join(" ") ?? defaultMargins[size];
  const paper = papers[size];
  const own = size === "A4" && margins === defaultMargins.A4;
  return {
    size,
    width: paper.width,
    height: paper.height,
    ...marginsOf(margins, paper.mm),
    css: own
      ? ""
      : [
          `@page { size: ${paper.css}; margin: ${margins}; }`,
          `@media print { .cover:not(.masthead) { height: ${paper.length}; } }`,
        ].join("\n"),
  };
}

/**
 * CSS margins (one to four lengths: top, right, bottom, left) in twips, and the text's width
 * on paper `paperMm` wide.
 */
function marginsOf(css: string, paperMm: number): Pick<PageView, "margins" | "text_width_mm"> {
  const lengths = css.trim().split(/\s+/).map(lengthOf);
  const [top, right = top, bottom = top, left = right] = lengths;
  if (!top || !right || !bottom || !left) throw new Error(`not margins: ${css}`);
  return {
    margins: { top: top.twips, right: right.twips, bottom: bottom.twips, left: left.twips },
    text_width_mm: paperMm - left.mm - right.mm,
  };
}

/** A CSS length in mm, cm, in or pt (the config's pattern), in millimetres and in twips. */
function lengthOf(length: string): { mm: number; twips: number } {
  const match = /^(\d+(?:\.\d+)?)(mm|cm|in|pt)$/.exec(length);
  if (!match) throw new Error(`not a length: ${length}`);
  const value = Number(match[1]);
  switch (match[2]) {
    case "in":
      return { mm: value * 25.4, twips: Math.round(value * 1440) };
    case "pt":
      return { mm: (value * 25.4) / 72, twips: Math.round(value * 20) };
    case "cm":
      return { mm: value * 10, twips: millimetres(value * 10) };
    default:
      return { mm: value, twips: millimetres(value) };
  }
}

/** Millimetres in twips, rounded: 210 mm is 11906. */
function millimetres(value: number): number {
  return Math.round((value * 1440) / 25.4);
}

/** A report of fewer sections than this has no contents page unless its config asks for one. */
export const contentsFrom = 3;

/**
 * The cover and contents pages a report has: as its config says, else (auto) a cover for more
 * than one section and a contents page from {@link contentsFrom} sections on.
 */
export function frames(
  config: Pick<ProjectConfig, "cover" | "contents" | "contents_depth"> | undefined,
  sections: number,
): { cover_page: boolean; contents_page: boolean } {
  const cover = config?.cover ?? "auto";
  const contents = config?.contents ?? "auto";
  return {
    cover_page: cover === "auto" ? sections > 1 : cover,
    contents_page:
      (config?.contents_depth ?? 1) > 0 &&
      (contents === "auto" ? sections >= contentsFrom : contents),
  };
}
