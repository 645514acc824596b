import { Lexer } from "yaml";
import type { Issue } from "../core/issue.js";
import type { YamlFile } from "../load/yaml-file.js";

const markers = new Set(["\x02", "\x18", "\x1f"]);

/**
 * A warning for every `# TODO` comment in a records file: `report init` marks what was carried
 * over from the year before, and the year is not finished while any is left.
 */
export function todoIssues(file: YamlFile): Issue[] {
  const issues: Issue[] = [];
  // Most files have none: lexing them again would be time spent for nothing.
  if (!/\bTODO\b/.test(file.text)) return issues;
  let offset = 0;
  for (const token of new Lexer().lex(file.text)) {
    if (token.startsWith("#") && /\bTODO\b/.test(token)) {
      const { line, col } = file.lineCounter.linePos(offset);
      issues.push({
        severity: "warning",
        file: file.display,
        line,
        column: col,
        message: `to-do: ${token.replace(/^#\s*(TODO:?\s*)?/, "")}`,
      });
    }
    // The lexer adds one-character markers (document start, scalar, flow end) that are not in
    // the text.
    if (!markers.has(token)) offset += token.length;
  }
  return issues;
}
