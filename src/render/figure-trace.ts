import Handlebars from "handlebars";
import { walk } from "./ast.js";

/**
 * Where each figure of a rendered report came from, for `report figures`. While a render is
 * traced, every helper that prints a figure wraps what it prints in marks that name the call,
 * and every template or prose paragraph wraps its output in marks that name its place; the
 * marks are private-use characters, which no report contains (validation refuses them) and
 * which are taken out again before anything is read. A render that is not traced is unchanged.
 */

/** One figure a helper printed: what it printed, what it was given, and the call's place. */
export interface TracedCall {
  /** The helper (`count`, `money`, …), or `value` for a number printed as `{{year}}`. */
  helper: string;
  text: string;
  /** The values the helper was given, as the view holds them. */
  values: unknown[];
  /** The expressions that gave them, as the template writes them (`proposals.received`). */
  params: string[];
  /** The template file or record file, and the line of the call in it. */
  file: string;
  line: number;
}

/** A template or prose paragraph that wrote part of the report. */
export interface TracedOrigin {
  file: string;
  /** The line its text starts on in its file (1 for a template file). */
  line: number;
  text: string;
}

export interface Trace {
  calls: TracedCall[];
  origins: TracedOrigin[];
}

const callOpen = "\uFDD0";
const callClose = "\uFDD1";
const originOpen = "\uFDD2";
const originClose = "\uFDD3";
const idEnd = "\uFDD4";
const digitBase = 0xfde0;

let active: { trace: Trace; stack: TracedOrigin[] } | undefined;

/** Runs `work` (a render) traced, and gives its output and what was traced. */
export function traced<T>(work: () => T): { result: T; trace: Trace } {
  const trace: Trace = { calls: [], origins: [] };
  const outer = active;
  active = { trace, stack: [] };
  try {
    return { result: work(), trace };
  } finally {
    active = outer;
  }
}

function id(index: number): string {
  return [...String(index)].map((digit) => String.fromCharCode(digitBase + Number(digit))).join("");
}

/**
 * What a helper prints, marked as a figure when the render is traced. `values` are the
 * helper's arguments; the expressions that gave them are read from the template at the call.
 */
export function markFigure(
  helper: string,
  options: unknown,
  values: unknown[],
  text: string,
): string {
  if (!active || text === "") return text;
  const origin = active.stack[active.stack.length - 1];
  // Handlebars passes the call's position to helpers; its typings do not declare it.
  const loc = (options as { loc?: hbs.AST.SourceLocation } | undefined)?.loc;
  const line = loc?.start.line ?? 1;
  const index = active.trace.calls.length;
  active.trace.calls.push({
    helper,
    text,
    values,
    params: origin ? parametersAt(origin.text, loc) : [],
    file: origin?.file ?? "",
    line: (origin?.line ?? 1) + line - 1,
  });
  return `${callOpen}${id(index)}${idEnd}${text}${callClose}`;
}

/** Runs a template or prose paragraph, its output marked with its place when traced. */
export function markOrigin(origin: TracedOrigin, run: () => string): string {
  if (!active) return run();
  const index = active.trace.origins.length;
  active.trace.origins.push(origin);
  active.stack.push(origin);
  try {
    const output = run();
    return `${originOpen}${id(index)}${idEnd}${output}${originClose}`;
  } finally {
    active.stack.pop();
  }
}

const parsed = new Map<string, Map<string, string[]>>();
/** Template and prose texts whose calls are kept parsed. */
const maxParsed = 2000;

/** The parameters of the helper call at `loc`, as written in the template's text. */
function parametersAt(text: string, loc: hbs.AST.SourceLocation | undefined): string[] {
  if (!loc) return [];
  let calls = parsed.get(text);
  if (!calls) {
    // Prose edited under the preview gives new texts; past the bound, start again.
    if (parsed.size >= maxParsed) parsed.clear();
    calls = new Map();
    try {
      const found = calls;
      walk(Handlebars.parse(text) as unknown as hbs.AST.Node & Record<string, unknown>, (node) => {
        if (node.type !== "MustacheStatement" && node.type !== "SubExpression") return;
        const call = node as unknown as hbs.AST.MustacheStatement;
        const key = `${call.loc.start.line}:${call.loc.start.column}`;
        if (!found.has(key)) found.set(key, call.params.map(expressionText));
        // A value printed on its own (`{{year}}`) is its own expression.
        if (call.params.length === 0 && call.path.type === "PathExpression")
          found.set(key, [(call.path as hbs.AST.PathExpression).original]);
      });
    } catch {
      // The render already parsed it; a text that does not parse here has no calls to name.
    }
    parsed.set(text, calls);
  }
  return calls.get(`${loc.start.line}:${loc.start.column}`) ?? [];
}

function expressionText(expression: hbs.AST.Expression): string {
  if (expression.type === "PathExpression") return (expression as hbs.AST.PathExpression).original;
  if (expression.type === "SubExpression") {
    const call = expression as hbs.AST.SubExpression;
    return `(${[expressionText(call.path), ...call.params.map(expressionText)].join(" ")})`;
  }
  const literal = expression as hbs.AST.Literal;
  return JSON.stringify((literal as { value?: unknown }).value ?? null);
}

/** A span of the report's text that one figure call or one origin wrote. */
export interface Span {
  start: number;
  end: number;
  index: number;
}

/**
 * A traced render's output read back: the text without marks (the report as an untraced
 * render writes it), and the spans of text each figure call and each origin wrote.
 */
export function readTrace(marked: string): { text: string; calls: Span[]; origins: Span[] } {
  const pieces: string[] = [];
  let length = 0;
  const calls: Span[] = [];
  const origins: Span[] = [];
  const open: Array<{ kind: "call" | "origin"; index: number; start: number }> = [];
  const marks = /[\uFDD0-\uFDD3]/g;
  let from = 0;
  for (let found = marks.exec(marked); found; found = marks.exec(marked)) {
    const text = marked.slice(from, found.index);
    pieces.push(text);
    length += text.length;
    const mark = found[0];
    if (mark === callOpen || mark === originOpen) {
      // The mark's number, in noncharacter digits up to the end of its id.
      const end = marked.indexOf(idEnd, found.index);
      const digits = [...marked.slice(found.index + 1, end)]
        .map((digit) => (digit.charCodeAt(0) - digitBase).toString())
        .join("");
      open.push({
        kind: mark === callOpen ? "call" : "origin",
        index: Number(digits),
        start: length,
      });
      marks.lastIndex = end + 1;
    } else {
      const span = open.pop();
      if (span) {
        const spans = span.kind === "call" ? calls : origins;
        spans.push({ start: span.start, end: length, index: span.index });
      }
    }
    from = marks.lastIndex;
  }
  pieces.push(marked.slice(from));
  return { text: pieces.join(""), calls, origins };
}
