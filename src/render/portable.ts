import type { Token } from "markdown-it";
import { Document, parse, visit } from "yaml";
import { escapeMarkdown } from "../core/escape.js";
import { blockTitle } from "./blocks.js";

/**
 * The report's Markdown as other tools read it (pandoc, Quarto, static-site generators, GitHub,
 * markdownlint), made from the Markdown the templates wrote:
 *
 * - a heading's lines joined by the language's separator (an ideographic space in Chinese,
 *   ": " in English) rather than the ideographic space the templates join them with;
 * - the title of a table or a list, written by the templates as a bold paragraph right above it,
 *   as a heading one level below the one it stands under, since Markdown has no captions;
 * - no H1 for the title, which the front matter holds (withFrontMatter);
 * - the cover's subtitle lines (a quote right under the title) as paragraphs of their own,
 *   which HTML keeps apart with a style and Markdown readers would join into one;
 * - never two blank lines in a row, and one line break at the end.
 *
 * Lines inside code blocks and raw HTML are left as written.
 */
export function portableMarkdown(
  markdown: string,
  tokens: Token[],
  options: { lineBreak: string; lineJoin: string },
): string {
  const lines = markdown.split("\n");
  const verbatim = new Set<number>();
  const dropped = new Set<number>();
  let titled1 = false;
  let level = 1;
  tokens.forEach((token, index) => {
    if (token.level !== 0 && token.type !== "heading_open") return;
    const [start, end] = token.map ?? [0, 0];
    if (token.type === "fence" || token.type === "code_block" || token.type === "html_block") {
      for (let line = start; line < end; line++) verbatim.add(line);
    }
    if (token.type === "heading_open" && token.tag === "h1" && !titled1) {
      // The title is the front matter's (withFrontMatter): one title, as markdownlint's rules
      // and pandoc -s count them.
      titled1 = true;
      for (let line = start; line < end; line++) dropped.add(line);
    }
    if (token.type === "heading_open") {
      level = Number(token.tag.slice(1));
      for (let line = start; line < end; line++) {
        lines[line] = (lines[line] ?? "").split(options.lineBreak).join(options.lineJoin);
      }
    }
    if (token.type === "blockquote_open" && tokens[index - 1]?.tag === "h1") {
      for (let line = start; line < end - 1; line++) {
        if (/^>\s*\S/.test(lines[line] ?? "") && /^>\s*\S/.test(lines[line + 1] ?? "")) {
          lines[line] = `${lines[line]}\n>`;
        }
      }
    }
    const title = blockTitle(tokens, index);
    if (title !== undefined && end === start + 1) {
      lines[start] = `${"#".repeat(Math.min(6, level + 1))} ${title}`;
    }
  });
  const kept: string[] = [];
  lines.forEach((line, index) => {
    if (dropped.has(index)) return;
    const blank = line.trim() === "";
    if (blank && !verbatim.has(index) && kept.length > 0 && kept[kept.length - 1] === "") return;
    kept.push(blank && !verbatim.has(index) ? "" : line);
  });
  while (kept.length > 0 && kept[kept.length - 1] === "") kept.pop();
  while (kept.length > 0 && kept[0] === "") kept.shift();
  return `${kept.join("\n")}\n`;
}

export interface FrontMatter {
  title: string;
  author: string;
  date: string;
  lang: string;
  subject: string;
  keywords: string[];
}

/**
 * YAML front matter: what pandoc, Quarto and site generators read a document's metadata from.
 * pandoc reads its texts as Markdown, so they are escaped as the body's record texts are.
 * A text that a YAML 1.1 or 1.2 reader would take for something else (yes, on, 0o17, 12:30) is
 * quoted; the date stays a plain date.
 */
export function withFrontMatter(markdown: string, meta: FrontMatter): string {
  const document = new Document({
    title: escapeMarkdown(meta.title),
    author: escapeMarkdown(meta.author),
    date: meta.date,
    lang: meta.lang,
    subject: escapeMarkdown(meta.subject),
    ...(meta.keywords.length > 0 ? { keywords: meta.keywords.map(escapeMarkdown) } : {}),
  });
  visit(document, {
    Scalar(_key, node) {
      const text = node.value;
      if (typeof text === "string" && text !== meta.date && !readAsText(text)) {
        node.type = "QUOTE_DOUBLE";
      }
    },
  });
  const yaml = document.toString({ lineWidth: 0 });
  return `---\n${yaml}---\n\n${markdown}`;
}

/** Whether `text`, written plain, reads back as that text in YAML 1.1 and 1.2 alike. */
function readAsText(text: string): boolean {
  try {
    return (["1.1", "1.2"] as const).every(
      (version) => parse(`key: ${text}`, { version, logLevel: "silent" })?.key === text,
    );
  } catch {
    return false;
  }
}
