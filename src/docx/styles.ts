import { AlignmentType, type IStylesOptions, LineRuleType } from "docx";
import { writingOf } from "../core/language.js";
import type { View } from "../model/view.js";
import type { Face, Faces } from "./faces.js";

/** A theme's page in Word's terms: margins in millimetres, and the document grid in twips. */
export interface PageSetup {
  /** The paper's width and height, in twips. */
  paper: { width: number; height: number };
  /** The margins in twips. */
  margins: { top: number; right: number; bottom: number; left: number; footer: number };
  /** The text block's width in pixels at 96 per inch. */
  textWidthPx: number;
  /**
   * The line grid (twips per line), and how much closer than their size characters are set
   * (twentieths of a point) to fit the theme's characters to a line.
   */
  grid?: { linePitch: number; characterSpacing: number };
}

const millimetre = 96 / 25.4;

/**
 * The default theme's page is the PDF's (A4, 30/26/28/28 mm). The official theme's follows
 * GB/T 9704: a 156 × 225 mm text block 37 mm from the top and 28 mm from the left, 22 lines of
 * 28 characters of 16 pt: a document grid of lines 225/22 mm apart, and characters set 156/28 mm
 * apart by a character spacing on the text styles. (A grid of lines and characters would say the
 * same to Word, but LibreOffice lays it out with far fewer characters to a line.)
 */
export function pageSetup(view: Pick<View, "theme" | "page">): PageSetup {
  const { page } = view;
  if (view.theme === "official") {
    // Rounded down: 22 lines of a pitch rounded up would not fit the 225 mm, and LibreOffice
    // then sets 21.
    const linePitch = Math.floor(((225 / 22) * 1440) / 25.4);
    // 156/28 mm is 15.79 pt: each 16 pt character 0.2 pt closer.
    const characterSpacing = Math.round(((156 / 28) * (72 / 25.4) - 16) * 20);
    return {
      paper: { width: page.width, height: page.height },
      margins: { ...page.margins, footer: twips(21) },
      textWidthPx: 156 * millimetre,
      grid: { linePitch, characterSpacing },
    };
  }
  // The page number sits half the bottom margin from the paper's edge (14 mm of A4's 28).
  const { margins } = page;
  return {
    paper: { width: page.width, height: page.height },
    margins: { ...margins, footer: Math.round(margins.bottom / 2) },
    textWidthPx: page.text_width_mm * millimetre,
  };
}

/** Millimetres in twips, rounded. */
function twips(millimetres: number): number {
  return Math.round((millimetres * 1440) / 25.4);
}

/** Word's language tags: zh-TW, zh-CN (zh-HK and zh-MO kept), en-GB as the report says. */
export function wordLanguage(language: string): string {
  const writing = writingOf(language);
  const region = /-(TW|HK|MO|CN|SG)\b/i.exec(language)?.[1]?.toUpperCase();
  if (writing === "zh-Hans") return `zh-${region === "SG" ? "SG" : "CN"}`;
  if (writing === "zh-Hant")
    return `zh-${region && region !== "CN" && region !== "SG" ? region : "TW"}`;
  return language;
}

/**
 * A first line indented by two characters of `size` half-points set `spacing` twips closer: in
 * characters, which Word and WPS read, and in twips, which LibreOffice reads (it ignores the
 * characters).
 */
function twoCharacters(size: number, spacing = 0) {
  return { firstLineChars: 200, firstLine: 2 * (size * 10 + spacing) };
}

/**
 * The styles set closer than the page's line grid (the official theme's), as the PDF sets
 * tables and a chart's caption: they do not snap to it (package.ts writes it; the docx package
 * has no such style option).
 */
export const offGrid = ["FigureCaption", "TableHeading", "TableText"];

export function styles(view: View, setup: PageSetup, faces: Faces): IStylesOptions {
  const official = view.theme === "official";
  const chinese = writingOf(view.language) !== "other";
  const lang = wordLanguage(view.language);
  const language = chinese
    ? { value: "en-US", eastAsia: lang }
    : { value: lang, eastAsia: "zh-TW" };
  const font = (face: Face) => ({
    ascii: face.ascii,
    hAnsi: face.ascii,
    eastAsia: face.eastAsia,
    cs: face.ascii,
  });
  // Half-points: 三號 16 pt, 二號 22 pt, 四號 14 pt; the default theme's 12 pt body.
  const bodySize = official ? 32 : 24;
  const spacing = setup.grid?.characterSpacing ?? 0;
  const line =
    official && setup.grid
      ? { line: setup.grid.linePitch, lineRule: LineRuleType.EXACT }
      : { line: 360, lineRule: LineRuleType.AUTO };
  // The PDF's tables: 12 pt on lines of 1.5 in the official theme, 10 pt on 1.6 otherwise.
  const tableLine = { line: official ? 360 : 320, lineRule: LineRuleType.EXACT };
  const heading = (face: Face, size: number, bold: boolean, around: [number, number]) => ({
    run: { font: font(face), size, bold, color: "000000" },
    paragraph: {
      spacing: official
        ? { before: 0, after: 0, ...line }
        : // Lines of 1.5 times the size, as CSS's line-height (Word's "1.5 lines" would be
          // of the face's own, much taller, line).
          { before: around[0], after: around[1], line: size * 15, lineRule: LineRuleType.EXACT },
      keepNext: true,
      keepLines: true,
      ...(official ? { indent: twoCharacters(32, spacing) } : {}),
    },
  });
  return {
    default: {
      document: {
        run: {
          font: font(faces.body),
          size: bodySize,
          language,
          ...(setup.grid ? { characterSpacing: setup.grid.characterSpacing } : {}),
        },
        paragraph: { spacing: { ...line } },
      },
      title: {
        run: {
          font: font(faces.title),
          size: official ? 44 : 52,
          bold: faces.titleBold,
          color: "000000",
        },
        paragraph: {
          alignment: AlignmentType.CENTER,
          spacing: official
            ? { before: 0, after: setup.grid?.linePitch ?? 0 }
            : { before: 2400, after: 480 },
        },
      },
      // The PDF's sizes and margins (report.css in print): h2 1.35 rem (16.2 pt), 10 mm above
      // and 1.25 rem below; h3 1.15 rem, 2 rem and 1 rem; h4 1.5 and 0.75 rem; h5 1.25 and
      // 0.5 rem, at 12 pt a rem.
      heading1: heading(faces.heading, 32, !official, [567, 300]),
      heading2: heading(faces.second, official ? 32 : 28, !official, [480, 240]),
      heading3: heading(faces.body, official ? 32 : 24, true, [360, 180]),
      heading4: heading(faces.body, official ? 32 : 24, false, [300, 120]),
    },
    paragraphStyles: [
      {
        id: "BodyText",
        name: "Body Text",
        basedOn: "Normal",
        quickFormat: true,
        paragraph: {
          // Two characters' indent on the first line, as Chinese paragraphs are set.
          indent: chinese ? twoCharacters(bodySize, spacing) : {},
          alignment: chinese ? AlignmentType.JUSTIFIED : AlignmentType.LEFT,
          // The PDF's: 12 pt on lines of 1.85 (22.2 pt) and 1 rem (12 pt) after each paragraph;
          // the official theme's on its line grid, with nothing between paragraphs.
          spacing: official
            ? { ...line, after: 0 }
            : { line: 444, lineRule: LineRuleType.EXACT, after: 240 },
        },
      },
      {
        id: "Subtitle",
        name: "Subtitle",
        basedOn: "Normal",
        run: { font: font(faces.title), size: 32, color: official ? "000000" : "A4161A" },
        paragraph: { alignment: AlignmentType.CENTER },
      },
      {
        // The title where there is no cover page: at the head of the first page, as the PDF's
        // masthead (20 pt, 4 mm below).
        id: "Masthead",
        name: "Masthead",
        basedOn: "Title",
        next: "Normal",
        run: { size: official ? 44 : 40 },
        paragraph: { spacing: { before: 0, after: 240 } },
      },
      {
        id: "Imprint",
        name: "Imprint",
        basedOn: "Normal",
        run: { size: 28 },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 4800 } },
      },
      {
        id: "Quote",
        name: "Quote",
        basedOn: "BodyText",
        paragraph: { indent: { left: 720 } },
      },
      {
        id: "Caption",
        name: "caption",
        basedOn: "Normal",
        next: "Normal",
        quickFormat: true,
        run: {
          font: font(official ? faces.second : faces.heading),
          bold: !official,
          size: official ? 32 : 22,
        },
        paragraph: {
          keepNext: true,
          spacing: { before: official ? 0 : 240, after: official ? 0 : 120 },
          ...(official ? { indent: twoCharacters(32, spacing) } : {}),
        },
      },
      {
        id: "Picture",
        name: "Picture",
        basedOn: "Normal",
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120 } },
      },
      {
        id: "FigureCaption",
        name: "Figure Caption",
        basedOn: "Normal",
        next: "Normal",
        run: { font: font(faces.heading), size: official ? 28 : 20, color: "5C5C5C" },
        paragraph: {
          alignment: AlignmentType.CENTER,
          spacing: { before: 0, after: 240, line: 276, lineRule: LineRuleType.AUTO },
        },
      },
      {
        id: "TableHeading",
        name: "Table Heading",
        basedOn: "Normal",
        run: { bold: true, size: official ? 24 : 20 },
        paragraph: { spacing: tableLine },
      },
      {
        id: "TableText",
        name: "Table Text",
        basedOn: "Normal",
        run: { size: official ? 24 : 20 },
        paragraph: { spacing: tableLine },
      },
      {
        id: "ListParagraph",
        name: "List Paragraph",
        basedOn: "Normal",
        quickFormat: true,
        // The body's lines; 0.2 rem between items, as the PDF's.
        ...(official
          ? {}
          : { paragraph: { spacing: { line: 444, lineRule: LineRuleType.EXACT, after: 48 } } }),
      },
      {
        id: "TOCHeading",
        name: "TOC Heading",
        basedOn: "Normal",
        run: { font: font(faces.heading), size: 32, bold: true },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 480 } },
      },
      ...[1, 2].map((level) => ({
        id: `TOC${level}`,
        name: `toc ${level}`,
        basedOn: "Normal",
        next: "Normal",
        paragraph: { indent: { left: (level - 1) * 420 }, spacing: { after: 120 } },
      })),
      {
        id: "PageNumber",
        name: "Page Number Text",
        basedOn: "Normal",
        run: { size: official ? 28 : 22, font: font(faces.body) },
      },
    ],
    characterStyles: [
      // The lines of the title and of a section that stand one under the other (content.ts):
      // the organisation above the title, small, in the text face; a section's first line in the
      // accent colour, its second in the text face, smaller and not bold.
      {
        id: "TitleLead",
        name: "Title Lead",
        run: { font: font(faces.body), size: 32, bold: false, color: "5C5C5C" },
      },
      { id: "HeadingLead", name: "Heading Lead", run: { color: "A4161A" } },
      {
        id: "HeadingSecond",
        name: "Heading Second",
        run: { font: font(faces.body), size: 26, bold: false },
      },
      {
        id: "CodeChar",
        name: "Code Char",
        run: { font: { ascii: "Noto Sans Mono", hAnsi: "Noto Sans Mono" } },
      },
    ],
  };
}
