import {
  AlignmentType,
  Bookmark,
  BookmarkEnd,
  BookmarkStart,
  BorderStyle,
  ExternalHyperlink,
  ImageRun,
  InternalHyperlink,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { Token } from "markdown-it";
import { blockTitle, boldRun, headingLineBreak } from "../render/blocks.js";
import { columnWidths, printedWidths, shortCell } from "./table-widths.js";
import { textRuns } from "./text-runs.js";

/**
 * The report's body as Word paragraphs and tables, from the token stream every output reads:
 * headings in Word's built-in heading styles (the navigation pane and the contents field find
 * them), paragraphs in Body Text, a table's title in Caption above a table whose header row
 * repeats on each page, lists as Word lists, charts as SVG pictures with a PNG beside them.
 */
export interface ContentInput {
  tokens: Token[];
  /** Each heading's bookmark, in the order of the headings. */
  bookmarks: string[];
  /** What joins a heading's lines in Word, where they stand on one line. */
  lineJoin: string;
  /**
   * Whether the title's and the sections' two lines stand one under the other, as the default
   * theme's PDF sets them (the first in a character style of its own: `TitleLead` for the
   * title, `HeadingLead` for a section; the second of a section in `HeadingSecond`), or on one
   * line as the official theme's.
   */
  stacked: boolean;
  charts: ReadonlyMap<string, { svg: Buffer; png: Buffer; width: number; height: number }>;
  /** The width of the text block, in pixels at 96 per inch: pictures are scaled to fit it. */
  textWidth: number;
  /** The width of a half-width character of a table's text, in twips: columns are sized by it. */
  tableCharacter: number;
  /**
   * Each table's column widths as the PDF's print laid them out (any unit), in the order of the
   * tables: followed where a table has as many columns; the text's length shares the rest.
   */
  tableColumns: readonly number[][];
  /** The title's paragraph style: `Title` on a cover page, `Masthead` at the head of the body. */
  titleStyle: "Title" | "Masthead";
  /** The face of each rare character (text-runs.ts): set in it, the rest as styled. */
  rare: ReadonlyMap<number, string>;
}

/**
 * The ids a document numbers its bookmarks and pictures with, from 1 in order. docx takes them
 * from counters of the whole process, so a document made after another in the same process
 * (watch, the preview) had other bytes than the same document made alone.
 */
interface DocumentIds {
  bookmark: number;
  drawing: number;
  /** The tables so far, which is the index of the next one's measured columns. */
  table: number;
}
type Context = ContentInput & { ids: DocumentIds };

/** A heading's bookmark, with the next bookmark id of its document. */
function bookmarkOf(name: string, children: ParagraphChild[], ids: DocumentIds): Bookmark {
  const id = ++ids.bookmark;
  return Object.assign(new Bookmark({ id: name, children }), {
    start: new BookmarkStart(name, id),
    end: new BookmarkEnd(id),
  });
}

/**
 * The cover (the title and the quote of subtitle lines under it) and the rest, in order.
 */
export function bodyContent(content: ContentInput): {
  cover: Paragraph[];
  body: Array<Paragraph | Table>;
} {
  const input: Context = { ...content, ids: { bookmark: 0, drawing: 0, table: 0 } };
  const { tokens } = input;
  const cover: Paragraph[] = [];
  const blocks: Array<Paragraph | Table> = [];
  let heading = 0;
  let quote = false;
  /** Whether what comes is still the cover: the title, and the quote right under it. */
  let onCover = false;
  /** The lists the paragraphs are in, innermost last: whether each is numbered. */
  const lists: boolean[] = [];
  // What follows a table stands off it by the table's bottom margin in the PDF (1.5 rem of
  // 16 px, which collapses with the next block's top margin: no style's is larger).
  const offTable = () => (blocks.at(-1) instanceof Table ? { spacing: { before: 360 } } : {});
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (token.type === "blockquote_open" || token.type === "blockquote_close") {
      quote = token.type === "blockquote_open";
      continue;
    }
    if (token.type === "heading_open") {
      const inline = tokens[index + 1] as Token;
      const level = Number(token.tag.slice(1));
      onCover = level === 1;
      const bookmark = input.bookmarks[heading++] ?? `_Toc${heading}`;
      const lines = plain(inline).split(headingLineBreak);
      const stacked = input.stacked && level <= 2 && lines.length === 2;
      const children = stacked
        ? [
            ...textRuns(
              lines[0] ?? "",
              { style: level === 1 ? "TitleLead" : "HeadingLead" },
              input.rare,
            ),
            // The join, hidden as the HTML hides it: the heading still reads as one line of
            // text (the navigation pane, a screen reader, copied text).
            new TextRun({ text: input.lineJoin, vanish: true }),
            new TextRun({ break: 1 }),
            ...textRuns(lines[1] ?? "", level === 2 ? { style: "HeadingSecond" } : {}, input.rare),
          ]
        : textRuns(lines.join(input.lineJoin), {}, input.rare);
      (onCover ? cover : blocks).push(
        new Paragraph({
          ...offTable(),
          style: level === 1 ? input.titleStyle : `Heading${Math.min(level - 1, 6)}`,
          children: [bookmarkOf(bookmark, children, input.ids)],
        }),
      );
      index += 2;
      continue;
    }
    if (token.type === "bullet_list_open" || token.type === "ordered_list_open") {
      lists.push(token.type === "ordered_list_open");
      continue;
    }
    if (token.type === "bullet_list_close" || token.type === "ordered_list_close") {
      lists.pop();
      continue;
    }
    const title = blockTitle(tokens, index, "table");
    if (title !== undefined) {
      blocks.push(
        new Paragraph({
          ...offTable(),
          style: "Caption",
          keepNext: true,
          children: runs(boldRun(tokens[index + 1] as Token).slice(1, -1), input),
        }),
      );
      index += 2;
      continue;
    }
    if (token.type === "paragraph_open" && onCover && quote) {
      // Each line of the quote a subtitle line of its own.
      const lines: Token[][] = [[]];
      for (const child of (tokens[index + 1] as Token).children ?? []) {
        if (child.type === "softbreak" || child.type === "hardbreak") lines.push([]);
        else lines.at(-1)?.push(child);
      }
      for (const line of lines) {
        cover.push(new Paragraph({ style: "Subtitle", children: runs(line, input) }));
      }
      index += 2;
      continue;
    }
    onCover = false;
    if (token.type === "paragraph_open") {
      const inline = tokens[index + 1] as Token;
      const children = runs(inline.children ?? [], input);
      const gap = offTable();
      blocks.push(
        new Paragraph(
          lists.length > 0
            ? {
                ...gap,
                style: "ListParagraph",
                numbering: {
                  reference: lists.at(-1) ? "ordered" : "bullet",
                  level: lists.length - 1,
                },
                children,
              }
            : isPicture(inline)
              ? {
                  ...gap,
                  style: "Picture",
                  alignment: AlignmentType.CENTER,
                  keepNext: true,
                  children,
                }
              : { ...gap, style: quote ? "Quote" : "BodyText", children },
        ),
      );
      // A chart's title under it, as the PDF's figure caption.
      const alt = isPicture(inline) && lists.length === 0 ? pictureOf(inline)?.content : undefined;
      if (alt) {
        blocks.push(
          new Paragraph({ style: "FigureCaption", children: textRuns(alt, {}, input.rare) }),
        );
      }
      index += 2;
      continue;
    }
    if (token.type === "table_open") {
      const end = tokens.findIndex(
        (candidate, at) => at > index && candidate.type === "table_close",
      );
      blocks.push(table(tokens.slice(index, end + 1), input));
      index = end;
    }
  }
  return { cover, body: blocks };
}

function isPicture(inline: Token): boolean {
  return pictureOf(inline) !== undefined;
}

/** The picture a paragraph holds alone, if it does. */
function pictureOf(inline: Token): Token | undefined {
  const children = (inline.children ?? []).filter(
    (child) => child.type !== "text" || child.content.trim(),
  );
  return children.length === 1 && children[0]?.type === "image" ? children[0] : undefined;
}

function table(tokens: Token[], input: Context): Table {
  const rows: TableRow[] = [];
  let cells: TableCell[] = [];
  let header = false;
  let columns = 0;
  /**
   * Each column's widest text and the widest it must not wrap (a header, a short figure), in
   * half-width characters (a Chinese character counts two).
   */
  const widest: number[] = [];
  const unwrapped: number[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (token.type === "thead_open") header = true;
    if (token.type === "tbody_open") header = false;
    if (token.type === "tr_open") cells = [];
    if (token.type === "th_open" || token.type === "td_open") {
      const align = /text-align:(left|right|center)/.exec(
        String(token.attrGet("style") ?? ""),
      )?.[1];
      const inline = tokens[index + 1] as Token;
      const width = [...plain(inline)].reduce(
        (sum, character) => sum + ((character.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1),
        0,
      );
      widest[cells.length] = Math.max(widest[cells.length] ?? 0, width);
      if (header || width <= shortCell) {
        unwrapped[cells.length] = Math.max(unwrapped[cells.length] ?? 0, width);
      }
      cells.push(
        new TableCell({
          children: [
            new Paragraph({
              style: header ? "TableHeading" : "TableText",
              alignment:
                align === "right"
                  ? AlignmentType.RIGHT
                  : align === "center"
                    ? AlignmentType.CENTER
                    : AlignmentType.LEFT,
              children: runs(inline.children ?? [], input),
            }),
          ],
        }),
      );
    }
    if (token.type === "tr_close") {
      columns = Math.max(columns, cells.length);
      rows.push(new TableRow({ tableHeader: header, cantSplit: true, children: cells }));
    }
  }
  const twips = Math.round((input.textWidth * 1440) / 96);
  const measured = input.tableColumns[input.ids.table++];
  return new Table({
    rows,
    width: { size: twips, type: WidthType.DXA },
    // WPS takes the columns from the grid, Word from the table's width. Each column takes the
    // share of the width the PDF's print gave it, else what its text asks (table-widths.ts).
    columnWidths:
      printedWidths(measured, columns, twips) ??
      columnWidths(
        Array.from({ length: columns }, (_, column) => ({
          widest: widest[column] ?? 0,
          unwrapped: unwrapped[column] ?? 0,
        })),
        twips,
        input.tableCharacter,
      ),
    // The PDF's cell padding: 0.4 by 0.6 of a 16 px em.
    margins: { top: 96, bottom: 96, left: 144, right: 144 },
    // Rules above and below, and between the rows, as the PDF's tables have.
    borders: {
      top: { style: BorderStyle.SINGLE, size: 8, color: "1B1B1B" },
      bottom: { style: BorderStyle.SINGLE, size: 8, color: "1B1B1B" },
      insideHorizontal: { style: BorderStyle.SINGLE, size: 4, color: "D9D4CC" },
      left: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
      right: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
      insideVertical: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
    },
  });
}

/** The runs of an inline token's children: text, bold, italic, code, links, charts. */
function runs(children: Token[], input: Context): ParagraphChild[] {
  const result: ParagraphChild[] = [];
  let bold = false;
  let italics = false;
  let link: { href: string; runs: TextRun[] } | undefined;
  const push = (run: TextRun) => (link ? link.runs.push(run) : result.push(run));
  children.forEach((child, index) => {
    switch (child.type) {
      case "strong_open":
      case "strong_close":
        bold = child.type === "strong_open";
        break;
      case "em_open":
      case "em_close":
        italics = child.type === "em_open";
        break;
      case "text":
        if (child.content) {
          for (const run of textRuns(child.content, { bold, italics }, input.rare)) push(run);
        }
        break;
      case "code_inline":
        push(new TextRun({ text: child.content, bold, italics, style: "CodeChar" }));
        break;
      case "softbreak":
        // A line break inside a paragraph: nothing between Chinese characters, a space elsewhere.
        if (!/\p{Script=Han}$/u.test(children[index - 1]?.content ?? "")) push(new TextRun(" "));
        break;
      case "hardbreak":
        push(new TextRun({ break: 1 }));
        break;
      case "link_open":
        link = { href: String(child.attrGet("href") ?? ""), runs: [] };
        break;
      case "link_close":
        if (link) {
          result.push(
            link.href.startsWith("#")
              ? new InternalHyperlink({ anchor: link.href.slice(1), children: link.runs })
              : new ExternalHyperlink({ link: link.href, children: link.runs }),
          );
        }
        link = undefined;
        break;
      case "image": {
        const name = /^charts\/([a-z][a-z0-9_]*)\.svg$/.exec(
          String(child.attrGet("src") ?? ""),
        )?.[1];
        const chart = name ? input.charts.get(name) : undefined;
        if (!chart) break;
        const scale = Math.min(1, input.textWidth / chart.width);
        result.push(
          new ImageRun({
            type: "svg",
            data: chart.svg,
            fallback: { type: "png", data: chart.png },
            transformation: { width: chart.width * scale, height: chart.height * scale },
            altText: {
              name: name ?? "",
              title: child.content,
              description: child.content,
              id: String(++input.ids.drawing),
            },
          }),
        );
        break;
      }
    }
  });
  return result;
}

function plain(inline: Token): string {
  return (inline.children ?? [])
    .map((child) => (child.type === "text" || child.type === "code_inline" ? child.content : ""))
    .join("");
}
