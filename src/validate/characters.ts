import { isScalar, visit } from "yaml";
import type { Issue } from "../core/issue.js";
import { issueAt, type YamlFile } from "../load/yaml-file.js";

/**
 * Characters no record should hold: the C0 control characters other than tab and line breaks
 * (NUL among them), DEL, and the bidirectional embedding, override and isolate controls, which
 * can make a text show other than it reads (U+202E turns what follows around). They would reach
 * the Markdown, the HTML and the PDF's metadata as they are. Nor what is no character at all:
 * the noncharacters (U+FFFE, U+FFFF, U+FDD0…) and a surrogate without its pair (written
 * "\uD800" in a quoted text), which no font draws and no encoder writes.
 */
const forbidden =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069\p{Noncharacter_Code_Point}\uD800-\uDFFF]/u;

const names: Record<number, string> = {
  0: "NUL",
  127: "DELETE",
  8234: "LEFT-TO-RIGHT EMBEDDING",
  8235: "RIGHT-TO-LEFT EMBEDDING",
  8236: "POP DIRECTIONAL FORMATTING",
  8237: "LEFT-TO-RIGHT OVERRIDE",
  8238: "RIGHT-TO-LEFT OVERRIDE",
  8294: "LEFT-TO-RIGHT ISOLATE",
  8295: "RIGHT-TO-LEFT ISOLATE",
  8296: "FIRST STRONG ISOLATE",
  8297: "POP DIRECTIONAL ISOLATE",
};

function describe(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  return `U+${hex} (${names[code] ?? kindOf(code)})`;
}

function kindOf(code: number): string {
  if (code >= 0xd800 && code <= 0xdfff) return "half of a surrogate pair, without the other half";
  if (code > 0x7f) return "a noncharacter";
  return "a control character";
}

/** Whether any text of a parsed value, its keys included, holds such a character. */
function holdsForbidden(value: unknown): boolean {
  if (typeof value === "string") return forbidden.test(value);
  if (Array.isArray(value)) return value.some(holdsForbidden);
  if (value !== null && typeof value === "object") {
    // Key by key, without an array of pairs for every record of a large year.
    for (const key of Object.keys(value)) {
      if (forbidden.test(key) || holdsForbidden((value as Record<string, unknown>)[key])) {
        return true;
      }
    }
  }
  return false;
}

/**
 * An error at each text of the file that holds such a character, at the character. With the
 * file's parsed `value`, a file none of whose texts holds one is passed without walking its
 * positions.
 */
export function characterIssues(file: YamlFile, value?: unknown): Issue[] {
  const issues: Issue[] = [];
  if (value !== undefined && !holdsForbidden(value)) return issues;
  visit(file.document, {
    Scalar(_, node) {
      if (!isScalar(node) || typeof node.value !== "string" || !node.range) return;
      const found = forbidden.exec(node.value);
      if (!found) return;
      // The character itself when the file holds it as it is; the text's start when it is
      // written as an escape ("\u202E").
      const raw = file.text.slice(node.range[0], node.range[1]).search(forbidden);
      issues.push(
        issueAt(
          file,
          node.range[0] + Math.max(raw, 0),
          "error",
          `expected a text without control characters or noncharacters, found ${describe(found[0])}`,
          {
            hint: "delete it (it does not show in most editors; VS Code shows it with editor.renderControlCharacters)",
          },
        ),
      );
    },
  });
  return issues;
}
