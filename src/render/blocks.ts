import type { Token } from "markdown-it";

/**
 * What the Markdown's readers share about its blocks: the separator of a heading's lines and the
 * title of a table or a list. Types only from markdown-it and no YAML: report.docx reads the
 * tokens the main bundle parsed, and its own bundle stays without either library.
 */

/**
 * A heading's lines are joined by an ideographic space in the Markdown (one line there), and
 * shown as separate lines in HTML: 堅持履職為民　彰顯政協責任擔當.
 */
export const headingLineBreak = "\u3000";

/** The blocks a bold line right above is the title of. */
const titled = new Set(["table_open", "bullet_list_open", "ordered_list_open"]);

/**
 * The Markdown source of a title when the paragraph at `index` is one: nothing but bold text, on
 * one line, with a table or a list right after it (or only a table, with `of` "table").
 */
export function blockTitle(
  tokens: Token[],
  index: number,
  of: "table" | "block" = "block",
): string | undefined {
  // By index, not by a slice taken apart: this is asked of every token of a large report.
  const open = tokens[index];
  const inline = tokens[index + 1];
  const close = tokens[index + 2];
  const next = tokens[index + 3];
  if (open?.type !== "paragraph_open" || close?.type !== "paragraph_close") return undefined;
  if (!next || !(of === "table" ? next.type === "table_open" : titled.has(next.type)))
    return undefined;
  if (inline?.type !== "inline") return undefined;
  const children = boldRun(inline);
  if (children[0]?.type !== "strong_open" || children.at(-1)?.type !== "strong_close")
    return undefined;
  // Bold from the first character to the last: one strong run, not two side by side.
  const closes = children.filter((child) => child.type === "strong_close").length;
  if (closes !== 1 || !/^(\*\*|__)[\s\S]*\1$/.test(inline.content)) return undefined;
  return inline.content.slice(2, -2);
}

/** An inline token's children without the empty text markdown-it leaves around emphasis. */
export function boldRun(inline: Token): Token[] {
  return (inline.children ?? []).filter((child) => child.type !== "text" || child.content !== "");
}
