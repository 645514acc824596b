import { readFile } from "node:fs/promises";
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from "yaml";
import { codeFrame, type Issue, type IssuePath } from "../validate/issue.js";

/** A YAML file read from disk, with what is needed to point back into it. */
export interface YamlFile {
  /** The path as shown to the user. */
  display: string;
  text: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
}

export interface ReadResult {
  file?: YamlFile;
  /** The plain JavaScript value, present when the file parsed without errors. */
  value?: unknown;
  issues: Issue[];
}

/** Aliases beyond this count are refused: a few nested aliases can expand to gigabytes. */
const maxAliasCount = 100;

/**
 * Reads and parses one YAML file. Never throws for bad content: every problem becomes an issue
 * naming the file (and line, where there is one).
 */
export async function readYamlFile(absolutePath: string, display: string): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === "ENOENT"
        ? "file is missing"
        : code === "EISDIR"
          ? "expected a file, found a folder"
          : `cannot be read (${code ?? String(error)})`;
    return { issues: [{ severity: "error", file: display, message }] };
  }
  const text = decodeText(bytes);
  if (text === undefined) {
    return {
      issues: [
        {
          severity: "error",
          file: display,
          message: "expected UTF-8 text, found binary data",
        },
      ],
    };
  }
  return parseYamlText(text, display);
}

export function parseYamlText(text: string, display: string): ReadResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    // YAML 1.2 core schema: `2022-03` stays a string, `no` stays a string.
    version: "1.2",
  });
  const file: YamlFile = { display, text, document, lineCounter };
  const issues: Issue[] = [];
  for (const error of document.errors) {
    issues.push(issueAt(file, error.pos[0], "error", describeYamlError(error.code, error.message)));
  }
  for (const warning of document.warnings) {
    issues.push(issueAt(file, warning.pos[0], "warning", firstLine(warning.message)));
  }
  if (issues.some((issue) => issue.severity === "error")) return { file, issues };
  if (document.contents === null) {
    issues.push({
      severity: "error",
      file: display,
      message: "file is empty; expected a mapping of keys",
    });
    return { file, issues };
  }
  try {
    return { file, value: document.toJS({ maxAliasCount }), issues };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const node = /alias/i.test(message) ? firstAlias(document) : undefined;
    issues.push(
      issueAt(
        file,
        node?.range?.[0] ?? 0,
        "error",
        /resource exhaustion/.test(message)
          ? `expected at most ${maxAliasCount} alias expansions, found more (nested aliases that expand exponentially are refused)`
          : firstLine(message),
      ),
    );
    return { file, issues };
  }
}

function decodeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

function describeYamlError(code: string, message: string): string {
  if (code === "DUPLICATE_KEY") return "expected each key once in a mapping, found a duplicate key";
  return firstLine(message);
}

function firstLine(message: string): string {
  return message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? message;
}

function firstAlias(document: Document.Parsed): Node | undefined {
  let found: Node | undefined;
  visit(document, {
    Alias(_, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/** An issue at a character offset of the file, with a code frame. */
export function issueAt(
  file: YamlFile,
  offset: number,
  severity: Issue["severity"],
  message: string,
  extra: Partial<Issue> = {},
): Issue {
  const { line, col } = file.lineCounter.linePos(offset);
  return {
    severity,
    file: file.display,
    line,
    column: col,
    message,
    frame: codeFrame(file.text, line, col),
    ...extra,
  };
}

/**
 * The offset in the file of the value at `path`, or of its key when `key` is set (used for
 * unknown keys). When the path does not exist (a missing key) the closest existing parent is
 * used, which is where the user has to add it.
 */
export function offsetOf(file: YamlFile, path: IssuePath, options: { key?: boolean } = {}): number {
  let node: unknown = file.document.contents;
  let offset = rangeStart(node) ?? 0;
  for (let index = 0; index < path.length; index++) {
    const segment = path[index];
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) return offset;
      if (last && options.key) return rangeStart(pair.key) ?? offset;
      node = pair.value;
      offset = rangeStart(pair.value) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item === undefined) return offset;
      node = item;
      offset = rangeStart(item) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === "object" && "range" in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range?.[0];
  }
  return undefined;
}
