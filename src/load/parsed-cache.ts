import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { digestedKind, keepSerialized, readSerialized } from "../services/kept-files.js";

/**
 * The parsed form of record files (and of the templates' locale files, render/locale.ts) kept
 * in the user's cache, keyed by their text (a record file: its bytes and what decodes them) and
 * how they are read: parsing YAML with positions is most of what reading a large year costs,
 * and a file read again unchanged (the next build, the preview after an edit elsewhere) gives
 * the same value. Only a file that parsed without any issue is kept; its positions are parsed
 * again only when something asks where a value stands (an error, a narrative paragraph's line).
 * An edited file has other bytes, so another key: it is always parsed afresh.
 */

const yamlVersion = (createRequire(import.meta.url)("yaml/package.json") as { version: string })
  .version;

/**
 * What a file's value follows from besides its text: the YAML library and how it is asked to
 * parse (this release's rules are in the key of every kept file, see services/kept-files.ts).
 */
const parsing = `yaml ${yamlVersion} 1.2 unique-keys`;

/** A year's record files for a few dozen projects and years. */
const records = digestedKind("records", "v8", 256);

/**
 * `rules`: what the reader refuses besides YAML errors (its bounds), which a kept value passed.
 * `text`: the file's text, or its bytes with what they are decoded by in `rules` (hashing the
 * bytes spares encoding a large text to UTF-8 again; the bytes of a UTF-8 file are its text's).
 */
function keyOf(text: string | Uint8Array, rules: string): string {
  return createHash("sha256").update(`${parsing}\n${rules}\n`).update(text).digest("hex");
}

/** The value a file of this very text (or these bytes, see keyOf) parsed to, when kept. */
export function keptValue(
  text: string | Uint8Array,
  rules: string,
  env?: NodeJS.ProcessEnv,
): { value: unknown } | undefined {
  return readSerialized(records, keyOf(text, rules), env);
}

/** Keeps the value a file of this text (or these bytes) parsed to without any issue. */
export function keepValue(
  text: string | Uint8Array,
  rules: string,
  value: unknown,
  env?: NodeJS.ProcessEnv,
): void {
  // A value that is not plain is not kept: parsed again next time.
  keepSerialized(records, keyOf(text, rules), value, env);
}
