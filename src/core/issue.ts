import { eastAsianWidth } from "get-east-asian-width";

/** One problem found in the input: where it is, what was expected, what was found. */
export interface Issue {
  severity: "error" | "warning";
  /** The file as the user names it (relative to the working folder). */
  file: string;
  /** 1-based position; absent when the problem is the file as a whole. */
  line?: number;
  column?: number;
  /** Where in the record, for example `programmes[2].amount`. */
  path?: string;
  message: string;
  /** A suggestion, such as the key the user probably meant. */
  hint?: string;
  /** The lines around the position, with a caret under the column. */
  frame?: string;
}

export type IssuePath = ReadonlyArray<string | number>;

export function formatPath(path: IssuePath): string {
  let text = "";
  for (const segment of path) {
    text += typeof segment === "number" ? `[${segment}]` : text ? `.${segment}` : segment;
  }
  return text;
}

/** `file:line:column`, or as much of it as is known. */
export function location(issue: Issue): string {
  if (issue.line === undefined) return issue.file;
  return `${issue.file}:${issue.line}:${issue.column ?? 1}`;
}

/**
 * A few lines of source around a 1-based line and column, with a caret under the column.
 * Long lines are cut around the column so the caret stays on screen.
 */
export function codeFrame(text: string, line: number, column: number, context = 2): string {
  const lines = text.split(/\r?\n/);
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let number = first; number <= last; number++) {
    const gutter = `${number === line ? ">" : " "} ${String(number).padStart(width)} | `;
    out.push(`${gutter}${clip(lines[number - 1] ?? "", column).text}`);
    if (number === line) {
      const { shift } = clip(lines[number - 1] ?? "", column);
      const caretColumn = Math.max(1, column - shift);
      out.push(
        `${" ".repeat(width + 2)} | ${" ".repeat(displayWidth(lines[number - 1]?.slice(shift, shift + caretColumn - 1) ?? ""))}^`,
      );
    }
  }
  return out.join("\n");
}

const maxFrameWidth = 100;

function clip(text: string, column: number): { text: string; shift: number } {
  if (text.length <= maxFrameWidth) return { text, shift: 0 };
  const shift = Math.max(0, Math.min(column - 20, text.length - maxFrameWidth));
  return { text: text.slice(shift, shift + maxFrameWidth), shift };
}

/** East Asian wide characters take two cells in a terminal; the caret must account for them. */
function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += eastAsianWidth(character.codePointAt(0) ?? 0);
  return width;
}
