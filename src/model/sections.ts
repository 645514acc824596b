import { isScalar, Scalar } from "yaml";
import type { YamlFile } from "../load/yaml-file.js";
import type { Subsection } from "../schema/narrative.js";

/**
 * A narrative paragraph and where it starts in its file, so that a mistake in one of its
 * `{{…}}` expressions can be reported at the right line.
 */
export interface Prose {
  text: string;
  file: string;
  line: number;
  column: number;
}

/** How headings are numbered: not at all, 一、（一）1.（1）, or 1 / 1.1 / 1.1.1. */
export type Numbering = "none" | "chinese" | "decimal";

export interface SectionView {
  /** The anchor: the section's id, or its parent's with its place (`supervision_2`). */
  id: string;
  heading: string[];
  paragraphs: Prose[];
  sections: SectionView[];
  /** 1 for a section (一、), 2 for its subsections ((一)), 3 and 4 below them. */
  level: number;
  /** The number before the heading (一、, （一）, 1., （1）), empty when headings are not numbered. */
  number: string;
  /** Whether the contents lists it. */
  in_contents: boolean;
}

interface SectionSource {
  id?: string | undefined;
  heading: string[];
  paragraphs: string[];
  sections?: Subsection[] | undefined;
}

/**
 * The sections of the narrative as a tree, numbered and with their prose placed in the file.
 * `contentsDepth` says how many levels the contents lists.
 */
export function sectionViews(
  sections: readonly SectionSource[],
  file: YamlFile | undefined,
  options: { numbering: Numbering; contentsDepth: number },
): SectionView[] {
  const build = (
    source: SectionSource,
    path: Array<string | number>,
    place: number[],
    parentId: string | undefined,
  ): SectionView => {
    const level = place.length;
    const id = source.id ?? `${parentId}_${place[place.length - 1]}`;
    return {
      id,
      heading: source.heading,
      paragraphs: source.paragraphs.map((text, index) =>
        proseAt(file, [...path, "paragraphs", index], text),
      ),
      sections: (source.sections ?? []).map((child, index) =>
        build(child, [...path, "sections", index], [...place, index + 1], id),
      ),
      level,
      number: headingNumber(options.numbering, place),
      in_contents: level <= options.contentsDepth,
    };
  };
  return sections.map((section, index) =>
    build(section, ["sections", index], [index + 1], undefined),
  );
}

const digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九. */
export function chineseNumeral(value: number): string {
  if (value < 10) return digits[value] ?? String(value);
  if (value < 100) {
    const tens = Math.floor(value / 10);
    return `${tens === 1 ? "" : digits[tens]}十${digits[value % 10]}`;
  }
  return String(value);
}

/** The number a heading carries at `place` (1-based, one entry per level). */
export function headingNumber(numbering: Numbering, place: number[]): string {
  const own = place[place.length - 1] ?? 1;
  if (numbering === "decimal") return `${place.join(".")} `;
  if (numbering !== "chinese") return "";
  switch (place.length) {
    case 1:
      return `${chineseNumeral(own)}、`;
    case 2:
      return `（${chineseNumeral(own)}）`;
    case 3:
      return `${own}.`;
    default:
      return `（${own}）`;
  }
}

/** A paragraph of the narrative with where its text begins. */
export function proseAt(
  file: YamlFile | undefined,
  path: Array<string | number>,
  text: string,
): Prose {
  // Its line is found when something asks for it (a figure traced, a mistake placed): finding
  // it means parsing the file's positions, which a build otherwise need not do.
  let start: Omit<Prose, "text"> | undefined;
  const at = () => {
    start ??= proseStart(file, path);
    return start;
  };
  return {
    text,
    file: file?.display ?? "narrative.yaml",
    get line() {
      return at().line;
    },
    get column() {
      return at().column;
    },
  };
}

/** Where the text of the scalar at `path` begins: after the `|-` line for block scalars. */
function proseStart(file: YamlFile | undefined, path: Array<string | number>): Omit<Prose, "text"> {
  if (!file) return { file: "narrative.yaml", line: 1, column: 1 };
  const node = file.document.getIn(path, true);
  let offset = 0;
  if (isScalar(node) && node.range) {
    offset = node.range[0];
    if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
      const lineEnd = file.text.indexOf("\n", offset);
      offset = lineEnd + 1;
      while (file.text[offset] === " ") offset++;
    } else if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
      offset += 1;
    }
  }
  const { line, col } = file.lineCounter.linePos(offset);
  return { file: file.display, line, column: col };
}
