/**
 * Chromium tags what the HTML holds but leaves what the page adds outside any marked content:
 * the running footer (`— 6 —`), the contents' dot leaders, borders and backgrounds. PDF/UA wants
 * every mark on a page either in the structure tree or marked as an Artifact, and readers skip
 * artifacts when they read aloud, copy text or reflow. This wraps each drawing that no marked
 * content holds in `/Artifact BMC … EMC`, and leaves the rest of the stream byte for byte.
 */

/** Operators that paint a path. */
const paintPath = new Set(["S", "s", "f", "F", "f*", "B", "B*", "b", "b*"]);
/** Operators that start or extend a path. */
const buildPath = new Set(["m", "l", "c", "v", "y", "h", "re"]);
/** Operators that draw on their own: text, images and forms, shadings. */
const drawAlone = new Set(["Tj", "TJ", "'", '"', "Do", "sh"]);
/**
 * Operators an artifact must not straddle: marked content nests inside graphics states and text
 * objects, never across their ends.
 */
const boundaries = new Set(["q", "Q", "BT", "ET", "BDC", "BMC", "EMC", "BI", "BX", "EX"]);

const open = "\n/Artifact BMC\n";
const close = "\nEMC\n";

/**
 * The content stream with every unmarked drawing marked as an Artifact, or undefined when it has
 * none (or holds an inline image, which this reader does not step over).
 */
export function markArtifacts(content: string): string | undefined {
  const inserts: Array<[number, string]> = [];
  let depth = 0;
  let artifact = false;
  /** Where the path being built began, when it began outside marked content. */
  let pathStart: number | undefined;
  let operandsStart: number | undefined;
  token.lastIndex = 0;
  let end = 0;
  // Without literal strings, comments or inline images, the words BDC, BMC and EMC are only ever
  // operators: marked content (most of a page) is stepped over by searching for them alone.
  const plain = !/[(%]|\bBI\b/.test(content);
  for (let match = token.exec(content); match; match = token.exec(content)) {
    end = token.lastIndex;
    const text = match[0].trimStart();
    if (text === "") continue;
    const index = end - text.length;
    const first = text.charCodeAt(0);
    // Whitespace and comments separate; a word that starts with a letter or a quote is an
    // operator; everything else (numbers, names, strings, arrays, dictionaries) an operand.
    if (first <= 32 || first === 37) continue;
    const word =
      (first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 39 || first === 34;
    if (!word || text === "true" || text === "false" || text === "null") {
      operandsStart ??= index;
      continue;
    }
    const start = operandsStart ?? index;
    operandsStart = undefined;
    const op = text;
    if (op === "BI") return undefined;
    if (boundaries.has(op)) {
      if (artifact) inserts.push([start, close]);
      artifact = false;
      if (op === "BDC" || op === "BMC") depth++;
      else if (op === "EMC") depth = Math.max(0, depth - 1);
      if (depth > 0 && plain) {
        markedContent.lastIndex = end;
        for (let inner = markedContent.exec(content); inner; inner = markedContent.exec(content)) {
          depth += inner[1] === "EMC" ? -1 : 1;
          if (depth === 0) break;
        }
        if (depth > 0) return undefined;
        token.lastIndex = end = markedContent.lastIndex;
      }
      continue;
    }
    if (depth > 0 || artifact) {
      pathStart = undefined;
      continue;
    }
    if (buildPath.has(op)) {
      pathStart ??= start;
    } else if (paintPath.has(op) || drawAlone.has(op)) {
      inserts.push([pathStart ?? start, open]);
      artifact = true;
      pathStart = undefined;
    } else if (op === "n") {
      pathStart = undefined;
    }
  }
  // A stream this reader could not follow to its end (a string with unbalanced parentheses) is
  // left as it is.
  if (content.slice(end).trim() !== "") return undefined;
  if (artifact) inserts.push([content.length, close]);
  if (inserts.length === 0) return undefined;
  let result = "";
  let at = 0;
  for (const [position, text] of inserts) {
    result += content.slice(at, position) + text;
    at = position;
  }
  return result + content.slice(at);
}

/**
 * One token of a content stream (read as latin1) with the whitespace before it, matched where
 * the last one ended: a word (a number or an operator), a name, a hex string, a dictionary's or
 * an array's brackets, a comment, or a literal string (with escapes and one level of balanced
 * parentheses). The commonest come first.
 */
/** A marked-content operator, found by search inside marked content. */
const markedContent = /(?<=^|[\s>\]])(BDC|BMC|EMC)(?=\s|$)/g;

const token =
  /[\t\n\f\r ]*(?:[^\t\n\f\r ()<>[\]{}/%]+|\/[^\t\n\f\r ()<>[\]{}/%]*|<[0-9A-Fa-f\s]*>|<<|>>|[[\]{}]|%[^\r\n]*|\((?:\\[\s\S]|\((?:\\[\s\S]|[^\\()])*\)|[^\\()])*\))/y;
