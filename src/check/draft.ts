import path from "node:path";
import { InputError } from "../core/errors.js";
import { megabytes, readRegularFile, UnreadableFile } from "../core/read.js";
import { decodeBytes, type LegacyEncoding } from "../load/decode.js";
import { inflatedSize } from "../load/zip-size.js";

/**
 * A draft as a sequence of headings and paragraphs, whatever it was written in: a Word file
 * (read with mammoth, which keeps Word's heading styles as headings), Markdown, HTML, or plain
 * text in UTF-8, UTF-16 or a legacy encoding the project names.
 */
export interface DraftBlock {
  kind: "heading" | "paragraph";
  text: string;
  /** Its place in the draft: the 1-based paragraph, and for text files the line. */
  paragraph: number;
  line?: number;
}

export interface Draft {
  file: string;
  format: "docx" | "markdown" | "html" | "text";
  blocks: DraftBlock[];
}

/** A draft's text is a report's, some hundred kilobytes; a Word file may carry pictures. */
const maxTextBytes = 16 * 1024 * 1024;
const maxWordBytes = 128 * 1024 * 1024;
const maxInflatedBytes = 256 * 1024 * 1024;

export const draftExtensions = [".docx", ".md", ".markdown", ".txt", ".html", ".htm"];

export async function readDraft(
  file: string,
  shown: string,
  encoding?: LegacyEncoding,
): Promise<Draft> {
  const extension = path.extname(file).toLowerCase();
  if (!draftExtensions.includes(extension)) {
    throw draftError(
      shown,
      `expected a draft saved as .docx, .md, .txt or .html, found a file ending ${extension || "in nothing"}`,
    );
  }
  const docx = extension === ".docx";
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, docx ? maxWordBytes : maxTextBytes);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    throw draftError(shown, error.code === "ENOENT" ? "no such file" : error.message);
  }
  if (docx) {
    // A Word file is a zip: what it inflates to is bounded before mammoth opens it.
    const size = inflatedSize(bytes, maxInflatedBytes);
    if ("unreadable" in size) {
      throw draftError(
        shown,
        `expected a Word document (.docx), found a file that is not one (${size.unreadable})`,
      );
    }
    if ("over" in size) {
      throw draftError(
        shown,
        `expected a Word document that unpacks to at most ${megabytes(maxInflatedBytes)}, found more (at ${size.over})`,
      );
    }
    const mammoth = (await import("mammoth")).default;
    // A contents page (Word's toc styles) holds page numbers, not figures.
    const contents = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(
      (level) => `p[style-name='toc ${level}'] => !`,
    );
    const styleMap = [...contents, "p[style-name='TOC Heading'] => !"];
    // Pictures are left out: only the text is checked.
    const convertImage = mammoth.images.imgElement(async () => ({ src: "" }));
    const converted = await mammoth
      .convertToHtml({ buffer: bytes }, { styleMap, convertImage })
      .catch((error: Error) => {
        throw draftError(shown, `expected a Word document (.docx), found ${error.message}`);
      });
    return { file: shown, format: "docx", blocks: await htmlBlocks(converted.value) };
  }
  const decoded = decodeBytes(bytes, encoding);
  if (!("text" in decoded)) {
    throw draftError(shown, decoded.message, decoded.line, decoded.hint);
  }
  const text = decoded.text.replace(/\r\n?/g, "\n");
  if (extension === ".html" || extension === ".htm") {
    return { file: shown, format: "html", blocks: await htmlBlocks(text) };
  }
  if (extension === ".txt") return { file: shown, format: "text", blocks: textBlocks(text) };
  return { file: shown, format: "markdown", blocks: await markdownBlocks(text) };
}

function draftError(file: string, message: string, line?: number, hint?: string): InputError {
  return new InputError(`${file}: ${message}`, [
    {
      severity: "error",
      file,
      message,
      ...(line !== undefined ? { line } : {}),
      ...(hint ? { hint } : {}),
    },
  ]);
}

/** Headings, paragraphs, list items and table cells of an HTML text, in order. */
async function htmlBlocks(html: string): Promise<DraftBlock[]> {
  const { Parser } = await import("htmlparser2");
  const blocks: DraftBlock[] = [];
  const open: Array<{ tag: string; text: string }> = [];
  let skipped = 0;
  // A table row is one block, its cells joined as Markdown writes them: what a figure in a cell
  // means is said by the cells beside it.
  const blockTags = /^(h[1-6]|p|li|tr|caption|figcaption|blockquote|dt|dd)$/;
  const cellTags = /^(td|th)$/;
  const close = () => {
    const block = open.pop();
    if (!block) return;
    const text = block.text.replace(/\s+/g, (space) => (/\n/.test(space) ? "" : " ")).trim();
    if (text) {
      const kind = /^h[1-6]$/.test(block.tag) ? "heading" : "paragraph";
      blocks.push({ kind, text, paragraph: blocks.length + 1 });
    }
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (/^(script|style|head|template|svg)$/.test(name)) skipped++;
        else if (blockTags.test(name) && open.at(-1)?.tag === "tr") {
          // A paragraph inside a cell (as Word writes every cell) is part of the row.
          (open.at(-1) as { text: string }).text += " ";
        } else if (blockTags.test(name)) {
          // A block inside another (a paragraph in a list item) ends the outer one's text.
          if (open.length > 0) close();
          open.push({ tag: name, text: "" });
        } else if (cellTags.test(name) && open.at(-1)?.tag === "tr") {
          const row = open.at(-1) as { text: string };
          if (row.text.trim()) row.text += " | ";
        } else if (name === "br" && open.length > 0) (open.at(-1) as { text: string }).text += " ";
      },
      ontext(text) {
        if (skipped === 0 && open.length > 0) (open.at(-1) as { text: string }).text += text;
      },
      onclosetag(name) {
        if (/^(script|style|head|template|svg)$/.test(name)) skipped = Math.max(0, skipped - 1);
        else if (blockTags.test(name) && open.at(-1)?.tag === name) close();
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  while (open.length > 0) close();
  return blocks;
}

/** The headings and paragraphs of a Markdown text, with their lines; front matter left out. */
async function markdownBlocks(text: string): Promise<DraftBlock[]> {
  const MarkdownIt = (await import("markdown-it")).default;
  const frontMatter = /^---\n[\s\S]*?\n---\n/.exec(text);
  const skippedLines = frontMatter ? frontMatter[0].split("\n").length - 1 : 0;
  const tokens = new MarkdownIt({ html: false }).parse(
    text.slice(frontMatter?.[0].length ?? 0),
    {},
  );
  const blocks: DraftBlock[] = [];
  let row: { cells: string[]; line: number } | undefined;
  tokens.forEach((token, index) => {
    if (token.type === "tr_open")
      row = { cells: [], line: (token.map?.[0] ?? 0) + 1 + skippedLines };
    if (token.type === "tr_close" && row) {
      const text = row.cells.filter(Boolean).join(" | ");
      if (text)
        blocks.push({ kind: "paragraph", text, paragraph: blocks.length + 1, line: row.line });
      row = undefined;
    }
    if (token.type !== "inline") return;
    const opener = tokens[index - 1];
    const plain = (token.children ?? [])
      .map((child) =>
        child.type === "text" || child.type === "code_inline"
          ? child.content
          : child.type === "softbreak" || child.type === "hardbreak"
            ? " "
            : "",
      )
      .join("")
      .trim();
    if (row) {
      row.cells.push(plain);
      return;
    }
    if (!plain) return;
    const line = (token.map?.[0] ?? opener?.map?.[0] ?? 0) + 1 + skippedLines;
    blocks.push({
      kind: opener?.type === "heading_open" ? "heading" : "paragraph",
      text: plain,
      paragraph: blocks.length + 1,
      line,
    });
  });
  return blocks;
}

/**
 * The lines of a plain text. A short line that ends without a sentence's punctuation is a
 * heading (as a pasted Word file writes them); the rest are paragraphs.
 */
function textBlocks(text: string): DraftBlock[] {
  const blocks: DraftBlock[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const heading = [...line].length <= 30 && !/[。.!?！？;；:：,，、”"」)]$/.test(line);
    blocks.push({
      kind: heading ? "heading" : "paragraph",
      text: line,
      paragraph: blocks.length + 1,
      line: index + 1,
    });
  });
  return blocks;
}
