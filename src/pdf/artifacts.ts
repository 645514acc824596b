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
  for (const token of tokens(content)) {
    if (token.kind === "operand") {
      operandsStart ??= token.start;
      continue;
    }
    const start = operandsStart ?? token.start;
    operandsStart = undefined;
    const op = token.text;
    if (op === "BI") return undefined;
    if (boundaries.has(op)) {
      if (artifact) inserts.push([start, close]);
      artifact = false;
      if (op === "BDC" || op === "BMC") depth++;
      else if (op === "EMC") depth = Math.max(0, depth - 1);
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

interface ContentToken {
  kind: "operand" | "operator";
  text: string;
  start: number;
}

const whitespace = /[\0\t\n\f\r ]/;
const delimiter = /[\0\t\n\f\r ()<>[\]{}/%]/;

/** The tokens of a content stream (read as latin1): operands and operators, in order. */
function* tokens(content: string): Generator<ContentToken> {
  let index = 0;
  const length = content.length;
  while (index < length) {
    const char = content[index] as string;
    if (whitespace.test(char)) {
      index++;
      continue;
    }
    const start = index;
    if (char === "%") {
      while (index < length && content[index] !== "\n" && content[index] !== "\r") index++;
      continue;
    }
    if (char === "(") {
      index = stringEnd(content, index);
    } else if (char === "<" && content[index + 1] === "<") {
      index = dictionaryEnd(content, index);
    } else if (char === "<") {
      index = content.indexOf(">", index) + 1 || length;
    } else if (char === "[" || char === "]") {
      index++;
    } else if (char === "/") {
      index++;
      while (index < length && !delimiter.test(content[index] as string)) index++;
    } else {
      while (index < length && !delimiter.test(content[index] as string)) index++;
      if (index === start) index++;
      const text = content.slice(start, index);
      const operand =
        /^[+\-.\d]/.test(text) || text === "true" || text === "false" || text === "null";
      yield { kind: operand ? "operand" : "operator", text, start };
      continue;
    }
    yield { kind: "operand", text: "", start };
  }
}

/** The index after a literal string's closing parenthesis, minding nesting and escapes. */
function stringEnd(content: string, start: number): number {
  let nesting = 0;
  for (let index = start; index < content.length; index++) {
    const char = content[index];
    if (char === "\\") index++;
    else if (char === "(") nesting++;
    else if (char === ")" && --nesting === 0) return index + 1;
  }
  return content.length;
}

/** The index after a dictionary's closing `>>`, minding nested dictionaries and strings. */
function dictionaryEnd(content: string, start: number): number {
  let nesting = 0;
  for (let index = start; index < content.length; index++) {
    const char = content[index];
    if (char === "(") index = stringEnd(content, index) - 1;
    else if (char === "<" && content[index + 1] === "<") {
      nesting++;
      index++;
    } else if (char === ">" && content[index + 1] === ">") {
      nesting--;
      index++;
      if (nesting === 0) return index + 1;
    }
  }
  return content.length;
}
