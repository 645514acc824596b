import MarkdownIt, { type MarkdownIt as MarkdownParser, type Token } from "markdown-it";
import { escapeHtml } from "../core/escape.js";
import { blockTitle, boldRun, headingLineBreak } from "./blocks.js";
import { keptClass, keptFigures } from "./kept-figures.js";
import { portableMarkdown } from "./portable.js";

export { headingLineBreak } from "./blocks.js";

/**
 * The style the separator between a heading's lines needs, placed before the report's own
 * stylesheet so that a stylesheet written before there was a separator still hides it: in h1
 * and h2 the lines stand one under the other, and the separator is read (bookmarks, screen
 * readers, copied text) but not seen.
 */
export const lineJoinCss =
  "h1 .line-join, h2 .line-join { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }";

export interface Heading {
  level: number;
  id: string;
  lines: string[];
}

export interface RenderedMarkdown {
  html: string;
  headings: Heading[];
  /** The Markdown as other tools read it (see portable.ts). */
  portable: string;
}

/**
 * Markdown to HTML. Raw HTML in the Markdown is escaped (records are data, not markup).
 * Headings get ids: from `ids` when their text is known there (section ids from the records),
 * otherwise `heading-N` in order. A heading's lines are joined by `lineJoin` where they are read
 * as one (bookmarks, screen readers, copied text), and a table's bold title line becomes its
 * caption.
 */
export function renderMarkdown(
  markdown: string,
  ids: ReadonlyMap<string, string>,
  charts: ReadonlySet<string> = new Set(),
  lineJoin: string = headingLineBreak,
): RenderedMarkdown {
  const md = reportMarkdown(charts);
  let portable = markdown;
  md.core.ruler.push("report_portable", (state) => {
    portable = portableMarkdown(markdown, state.tokens, { lineBreak: headingLineBreak, lineJoin });
  });
  md.core.ruler.push("report_table_titles", (state) => {
    state.tokens = captionedTables(state.tokens, state.Token);
  });
  // A number stays on the line of its unit (kept-figures.ts).
  md.renderer.rules.text = (tokens, index) =>
    keptFigures(tokens[index]?.content ?? "")
      .map(({ text, whole }) =>
        whole ? `<span class="${keptClass}">${escapeHtml(text)}</span>` : escapeHtml(text),
      )
      .join("");
  const headings: Heading[] = [];
  md.core.ruler.push("report_headings", (state) => {
    const used = new Set<string>();
    state.tokens.forEach((token, index) => {
      if (token.type !== "heading_open") return;
      const inline = state.tokens[index + 1];
      if (inline?.type !== "inline") return;
      const text = plainText(inline.children ?? []);
      let id = ids.get(text) ?? `heading-${headings.length + 1}`;
      while (used.has(id)) id = `${id}-${used.size + 1}`;
      used.add(id);
      token.attrSet("id", id);
      const lines = text.split(headingLineBreak).filter(Boolean);
      headings.push({ level: Number(token.tag.slice(1)), id, lines });
      if (lines.length > 1) {
        token.attrJoin("class", "lines");
        inline.children = splitLines(inline.children ?? [], state.Token, lineJoin);
      }
    });
  });
  const html = md.render(markdown);
  return { html, headings, portable };
}

/**
 * A table whose title the templates wrote as a bold line right above it gets that title as its
 * caption, and every table a wrapper that scrolls it sideways on a narrow screen. The wrapper is
 * a named region a keyboard can reach (and so scroll): named by the caption, or else by the
 * table's column headings.
 */
function captionedTables(tokens: Token[], TokenClass: typeof Token): Token[] {
  const result: Token[] = [];
  let tables = 0;
  const wrapper = (name: { labelledBy: string } | { label: string }) =>
    htmlBlock(
      TokenClass,
      `<div class="table-scroll" tabindex="0" role="region" ${
        "labelledBy" in name
          ? `aria-labelledby="${name.labelledBy}"`
          : `aria-label="${escapeHtml(name.label)}"`
      }>\n`,
    );
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (token.type === "table_open") {
      tables++;
      result.push(wrapper({ label: headerText(tokens, index) }), token);
      continue;
    }
    if (token.type === "table_close") {
      result.push(token, htmlBlock(TokenClass, "</div>\n"));
      continue;
    }
    if (blockTitle(tokens, index, "table") === undefined) {
      result.push(token);
      continue;
    }
    const inline = tokens[index + 1] as Token;
    const table = tokens[index + 3] as Token;
    const caption = new TokenClass("inline", "", 0);
    caption.content = inline.content.slice(2, -2);
    caption.children = boldRun(inline).slice(1, -1);
    const id = `table-${++tables}`;
    const open = new TokenClass("caption_open", "caption", 1);
    open.attrSet("id", id);
    result.push(
      wrapper({ labelledBy: id }),
      table,
      open,
      caption,
      new TokenClass("caption_close", "caption", -1),
    );
    index += 3;
  }
  return result;
}

/** The text of a table's header row, its cells joined by commas. */
function headerText(tokens: Token[], open: number): string {
  const cells: string[] = [];
  for (let index = open; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (token.type === "thead_close" || token.type === "table_close") break;
    if (token.type === "inline") cells.push(plainText(token.children ?? []));
  }
  return cells.filter(Boolean).join(", ");
}

function htmlBlock(TokenClass: typeof Token, content: string): Token {
  const token = new TokenClass("html_block", "", 0);
  token.content = content;
  return token;
}

/**
 * markdown-it as every output reads the report's Markdown. Raw HTML is escaped (records are
 * data, not markup); links go to the web, to an address or within the report, and anything
 * else (javascript:, data:, file:, a path on this machine) stays text; the report's own charts
 * are its only images, and any other image becomes a link named by its alt text, so that
 * nothing is ever fetched.
 */
export function reportMarkdown(charts: ReadonlySet<string>): MarkdownParser {
  const isChart = (source: string) => {
    const name = ownImage.exec(source.trim())?.[1];
    return name !== undefined && charts.has(name);
  };
  const md = new MarkdownIt("default", { html: false, linkify: false, typographer: false });
  md.validateLink = (url) => allowedLink.test(url.trim()) || isChart(url);
  md.core.ruler.push("report_images", (state) => {
    for (const token of state.tokens) {
      if (token.type !== "inline" || !token.children) continue;
      token.children = token.children.flatMap((child) =>
        child.type === "image" && !isChart(String(child.attrGet("src") ?? ""))
          ? imageAsLink(child, state.Token)
          : [child],
      );
    }
  });
  return md;
}

/** Where a link in the records may point: the web, an e-mail address, a place in the report. */
const allowedLink = /^(https?:\/\/|mailto:|#)/i;
/** The only images a report shows are its own charts; printing never fetches anything. */
const ownImage = /^charts\/([a-z][a-z0-9_]*)\.svg$/;

/** An image from elsewhere becomes a link to it, named by its alt text. */
function imageAsLink(image: Token, TokenClass: typeof Token): Token[] {
  const open = new TokenClass("link_open", "a", 1);
  open.attrSet("href", String(image.attrGet("src") ?? ""));
  const text = new TokenClass("text", "", 0);
  text.content = image.content || String(image.attrGet("src") ?? "");
  return [open, text, new TokenClass("link_close", "a", -1)];
}

function plainText(children: Token[]): string {
  return children
    .map((child) => (child.type === "text" || child.type === "code_inline" ? child.content : ""))
    .join("");
}

/**
 * Each line of a multi-line heading becomes a span, so print styles can set them apart, with the
 * separator between them as text of its own that styles may hide where lines stand apart.
 */
function splitLines(children: Token[], TokenClass: typeof Token, lineJoin: string): Token[] {
  const result: Token[] = [];
  const open = () => {
    const token = new TokenClass("html_inline", "", 0);
    token.content = '<span class="line">';
    return token;
  };
  const close = () => {
    const token = new TokenClass("html_inline", "", 0);
    token.content = "</span>";
    return token;
  };
  result.push(open());
  for (const child of children) {
    if (child.type !== "text" || !child.content.includes(headingLineBreak)) {
      result.push(child);
      continue;
    }
    child.content.split(headingLineBreak).forEach((part, index) => {
      if (index > 0) {
        const join = new TokenClass("html_inline", "", 0);
        join.content = `<span class="line-join">${escapeHtml(lineJoin)}</span>`;
        result.push(close(), join, open());
      }
      if (part) {
        const text = new TokenClass("text", "", 0);
        text.content = part;
        result.push(text);
      }
    });
  }
  result.push(close());
  return result;
}
