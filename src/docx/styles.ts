import { AlignmentType, type IStylesOptions, LineRuleType } from "docx";
import { writingOf } from "../core/language.js";
import type { View } from "../model/view.js";

/** A theme's page in Word's terms: margins in millimetres, and the document grid in twips. */
export interface PageSetup {
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
export function pageSetup(theme: View["theme"]): PageSetup {
  if (theme === "official") {
    const linePitch = Math.round(((225 / 22) * 1440) / 25.4);
    // 156/28 mm is 15.79 pt: each 16 pt character 0.2 pt closer.
    const characterSpacing = Math.round(((156 / 28) * (72 / 25.4) - 16) * 20);
    return {
      margins: { top: 37, right: 26, bottom: 35, left: 28, footer: 21 },
      textWidthPx: 156 * millimetre,
      grid: { linePitch, characterSpacing },
    };
  }
  return {
    margins: { top: 30, right: 26, bottom: 28, left: 28, footer: 14 },
    textWidthPx: 156 * millimetre,
  };
}

/** Fonts by role: Latin name and East Asian name. */
interface Faces {
  body: { ascii: string; eastAsia: string };
  title: { ascii: string; eastAsia: string };
  heading: { ascii: string; eastAsia: string };
  second: { ascii: string; eastAsia: string };
}

/**
 * The faces a Word document names. The official theme names the faces Chinese offices have
 * (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312); the default theme the Noto faces the PDF
 * is set in. A machine without a face shows Word's substitute for it (docs/docx.md).
 */
function facesOf(view: View): Faces {
  if (view.theme === "official") {
    return {
      body: { ascii: "Times New Roman", eastAsia: "仿宋_GB2312" },
      title: { ascii: "Times New Roman", eastAsia: "方正小标宋简体" },
      heading: { ascii: "Times New Roman", eastAsia: "黑体" },
      second: { ascii: "Times New Roman", eastAsia: "楷体_GB2312" },
    };
  }
  const writing = writingOf(view.language);
  const script = writing === "zh-Hans" ? "SC" : "TC";
  const latin = writing === "other";
  const serif = { ascii: "Noto Serif", eastAsia: `Noto Serif ${script}` };
  const sans = {
    ascii: latin ? "Noto Sans" : `Noto Sans ${script}`,
    eastAsia: `Noto Sans ${script}`,
  };
  return { body: serif, title: sans, heading: sans, second: sans };
}

/** The faces a theme names that offices may lack, and the face Word takes in each one's place. */
export function alternativeFaces(theme: View["theme"]) {
  return theme === "official"
    ? [
        { name: "仿宋_GB2312", alternative: "仿宋" },
        { name: "楷体_GB2312", alternative: "楷体" },
        { name: "方正小标宋简体", alternative: "宋体" },
        { name: "黑体", alternative: "Noto Sans SC" },
      ]
    : [];
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

export function styles(view: View, setup: PageSetup): IStylesOptions {
  const faces = facesOf(view);
  const official = view.theme === "official";
  const chinese = writingOf(view.language) !== "other";
  const lang = wordLanguage(view.language);
  const language = chinese ? { value: lang, eastAsia: lang } : { value: lang, eastAsia: "zh-TW" };
  const font = (face: Faces["body"]) => ({
    ascii: face.ascii,
    hAnsi: face.ascii,
    eastAsia: face.eastAsia,
    cs: face.ascii,
  });
  // Half-points: 三號 16 pt, 二號 22 pt, 四號 14 pt; the default theme's 12 pt body.
  const bodySize = official ? 32 : 24;
  const line =
    official && setup.grid
      ? { line: setup.grid.linePitch, lineRule: LineRuleType.EXACT }
      : { line: 360, lineRule: LineRuleType.AUTO };
  const heading = (face: Faces["body"], size: number, bold: boolean) => ({
    run: { font: font(face), size, bold, color: "000000" },
    paragraph: {
      spacing: official ? { before: 0, after: 0, ...line } : { before: 360, after: 180 },
      keepNext: true,
      keepLines: true,
      ...(official ? { indent: { firstLineChars: 200 } } : {}),
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
          bold: !official,
          color: "000000",
        },
        paragraph: {
          alignment: AlignmentType.CENTER,
          spacing: official
            ? { before: 0, after: setup.grid?.linePitch ?? 0 }
            : { before: 2400, after: 480 },
        },
      },
      heading1: heading(faces.heading, official ? 32 : 30, !official),
      heading2: heading(faces.second, official ? 32 : 26, !official),
      heading3: heading(faces.body, official ? 32 : 24, true),
      heading4: heading(faces.body, official ? 32 : 24, false),
    },
    paragraphStyles: [
      {
        id: "BodyText",
        name: "Body Text",
        basedOn: "Normal",
        quickFormat: true,
        paragraph: {
          // Two characters' indent on the first line, as Chinese paragraphs are set.
          indent: chinese ? { firstLineChars: 200 } : {},
          alignment: chinese ? AlignmentType.JUSTIFIED : AlignmentType.LEFT,
          spacing: official ? { ...line, after: 0 } : { ...line, after: chinese ? 0 : 160 },
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
          ...(official ? { indent: { firstLineChars: 200 } } : {}),
        },
      },
      {
        id: "Picture",
        name: "Picture",
        basedOn: "Normal",
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120 } },
      },
      {
        id: "TableHeading",
        name: "Table Heading",
        basedOn: "Normal",
        run: { bold: true, size: official ? 24 : 20 },
        paragraph: { spacing: { line: 276, lineRule: LineRuleType.AUTO } },
      },
      {
        id: "TableText",
        name: "Table Text",
        basedOn: "Normal",
        run: { size: official ? 24 : 20 },
        paragraph: { spacing: { line: 276, lineRule: LineRuleType.AUTO } },
      },
      { id: "ListParagraph", name: "List Paragraph", basedOn: "Normal", quickFormat: true },
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
      {
        id: "CodeChar",
        name: "Code Char",
        run: { font: { ascii: "Noto Sans Mono", hAnsi: "Noto Sans Mono" } },
      },
    ],
  };
}
