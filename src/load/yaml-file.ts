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
import { messageOf } from "../core/errors.js";
import { codeFrame, type Issue, type IssuePath } from "../core/issue.js";
import { readRegularFile, UnreadableFile } from "../core/read.js";
import { type Decoded, decodeBytes, type LegacyEncoding } from "./decode.js";
import { keepValue, keptValue } from "./parsed-cache.js";

/** A YAML file read from disk, with what is needed to point back into it. */
export interface YamlFile {
  /** The path as shown to the user. */
  display: string;
  text: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** How the file is stored: what writing it back must keep. */
  stored: Omit<Decoded, "text">;
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
 * The largest record file read. A year's records are tens of kilobytes (a hundred times the
 * 2022 records is under 3 MB); a bigger file is a mistake, and is refused before it is read.
 */
export const maxFileBytes = 8 * 1024 * 1024;

/** Records nest five levels deep; far deeper nesting is refused before it is walked. */
export const maxDepth = 32;

/** The bounds a file's value passed, part of the key it is kept under (parsed-cache.ts). */
const readingRules = `aliases ${maxAliasCount}, depth ${maxDepth}, no collection keys, no tags`;

/**
 * Reads and parses one YAML file. Never throws for bad content: every problem becomes an issue
 * naming the file (and line, where there is one).
 */
export async function readYamlFile(
  absolutePath: string,
  display: string,
  options: {
    encoding?: LegacyEncoding | undefined;
    /** The folder the file must resolve into (see confinement in core/read.ts). */
    within?: string | undefined;
  } = {},
): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(absolutePath, maxFileBytes, { within: options.within });
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    const tooBig = error.code === "ETOOBIG";
    return {
      issues: [
        {
          severity: "error",
          file: display,
          message: tooBig ? error.message.replace("a file", "a record file") : error.message,
          ...(tooBig
            ? { hint: "a year's records are tens of kilobytes; is this the right file?" }
            : {}),
        },
      ],
    };
  }
  const decoded = decodeBytes(bytes, options.encoding);
  if (!("text" in decoded)) return { issues: [{ severity: "error", file: display, ...decoded }] };
  const { text, ...stored } = decoded;
  // Kept by the bytes and what decodes them: the text follows from the two.
  const rules = `${readingRules}, bytes decoded as ${options.encoding ?? "UTF-8 or UTF-16"}`;
  const kept = keptValue(bytes, rules);
  if (kept) return { file: unparsedFile(display, text, stored), value: kept.value, issues: [] };
  const read = parseYamlText(text, display, stored);
  if (read.issues.length === 0 && read.value !== undefined) keepValue(bytes, rules, read.value);
  return read;
}

/**
 * A file whose value was kept (parsed-cache.ts): its text is parsed with positions only when
 * something asks where a value stands.
 */
function unparsedFile(display: string, text: string, stored: YamlFile["stored"]): YamlFile {
  let parsed: Pick<YamlFile, "document" | "lineCounter"> | undefined;
  const parse = () => {
    parsed ??= parsedText(text);
    return parsed;
  };
  return {
    display,
    text,
    stored,
    get document() {
      return parse().document;
    },
    get lineCounter() {
      return parse().lineCounter;
    },
  };
}

/** The text parsed as every record file is: YAML 1.2, each key once, with line positions. */
function parsedText(text: string): Pick<YamlFile, "document" | "lineCounter"> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    // YAML 1.2 core schema: `2022-03` stays a string, `no` stays a string.
    version: "1.2",
  });
  return { document, lineCounter };
}

export function parseYamlText(
  text: string,
  display: string,
  stored: YamlFile["stored"] = { encoding: "utf-8", bom: false, newline: "\n" },
): ReadResult {
  const { document, lineCounter } = parsedText(text);
  const file: YamlFile = { display, text, document, lineCounter, stored };
  const issues: Issue[] = [];
  for (const error of document.errors) {
    issues.push(issueAt(file, error.pos[0], "error", describeYamlError(error.code, error.message)));
  }
  if (!document.errors.length) {
    const deep = tooDeep(document);
    if (deep !== undefined) issues.push(issueAt(file, deep, "error", nestingMessage));
    else {
      const key = collectionKey(document);
      if (key !== undefined) {
        issues.push(
          issueAt(
            file,
            key,
            "error",
            "expected a key of plain text, found a list or mapping used as a key",
          ),
        );
      }
    }
  }
  for (const warning of document.warnings) {
    // Records are plain YAML: a tag such as !!js/function or !!binary is a mistake, not data.
    const tag =
      warning.code === "TAG_RESOLVE_FAILED" ? /^!\S*/.exec(text.slice(warning.pos[0])) : null;
    issues.push(
      tag
        ? issueAt(file, warning.pos[0], "error", `expected plain YAML, found the tag ${tag[0]}`)
        : issueAt(file, warning.pos[0], "warning", firstLine(warning.message)),
    );
  }
  // A tag the YAML library knows (!!binary, !!set, !!timestamp) is resolved, not warned about:
  // it is as much a mistake in a record as one it does not know.
  if (!issues.some((issue) => issue.severity === "error")) {
    const tagged = explicitTag(document);
    if (tagged) {
      issues.push(
        issueAt(file, tagged.offset, "error", `expected plain YAML, found the tag ${tagged.tag}`),
      );
    }
  }
  if (issues.some((issue) => issue.severity === "error")) return { file, issues };
  if (document.contents === null || /^[\s\uFEFF]*$/.test(text)) {
    issues.push({
      severity: "error",
      file: display,
      message:
        /\r/.test(text) && !/\n/.test(text)
          ? "file holds nothing but line breaks (carriage returns, as old Mac editors end lines); expected a mapping of keys"
          : "file is empty; expected a mapping of keys",
    });
    return { file, issues };
  }
  try {
    return { file, value: document.toJS({ maxAliasCount }), issues };
  } catch (error) {
    const message = messageOf(error);
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

const nestingMessage = `expected at most ${maxDepth} levels of nesting, found more`;

function describeYamlError(code: string, message: string): string {
  if (code === "DUPLICATE_KEY") return "expected each key once in a mapping, found a duplicate key";
  if (/call stack/i.test(message)) return nestingMessage;
  if (/multiple documents/i.test(message))
    return "expected one YAML document, found another after a --- line";
  return firstLine(message);
}

/** The offset of the first key that is itself a list or mapping (`? [a, b]: c`, `{a: 1}: c`). */
function collectionKey(document: Document.Parsed): number | undefined {
  let found: number | undefined;
  visit(document, {
    Pair(_, pair) {
      if (isMap(pair.key) || isSeq(pair.key)) {
        found = rangeStart(pair.key) ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The offset of a collection nested deeper than {@link maxDepth}, walked without recursion. */
function tooDeep(document: Document.Parsed): number | undefined {
  const stack: Array<[unknown, number]> = [[document.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > maxDepth) return rangeStart(node) ?? 0;
    for (const item of node.items) {
      if (isMap(node)) stack.push([(item as { value?: unknown }).value, depth + 1]);
      else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/** The first node written with an explicit tag (`!!binary`, `!foo`), with where it is. */
function explicitTag(document: Document.Parsed): { tag: string; offset: number } | undefined {
  let found: { tag: string; offset: number } | undefined;
  visit(document, (_, node) => {
    if (!node) return undefined;
    const tag = (node as { tag?: unknown }).tag;
    if ((isScalar(node) || isMap(node) || isSeq(node)) && typeof tag === "string") {
      found = { tag: shortTag(tag), offset: rangeStart(node) ?? 0 };
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

/** tag:yaml.org,2002:binary → !!binary */
function shortTag(tag: string): string {
  return tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice("tag:yaml.org,2002:".length)}` : tag;
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
