import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import v8 from "node:v8";
import { type KeptKind, keep, readKept } from "../services/kept-files.js";

/**
 * The parsed form of record files kept in the user's cache, keyed by their text: parsing YAML
 * with positions is most of what reading a large year costs, and a file read again unchanged
 * (the next build, the preview after an edit elsewhere) gives the same value. Only a file that
 * parsed without any issue is kept; its positions are parsed again only when something asks
 * where a value stands (an error, a narrative paragraph's line). An edited file has another
 * text, so another key: it is always parsed afresh.
 */

const yamlVersion = (createRequire(import.meta.url)("yaml/package.json") as { version: string })
  .version;

/**
 * What a file's value follows from besides its text: the YAML library and how it is asked to
 * parse (this release's rules are in the key of every kept file, see services/kept-files.ts).
 */
const parsing = `yaml ${yamlVersion} 1.2 unique-keys`;

const digestBytes = 32;

const records: KeptKind = {
  folder: "records",
  extension: "v8",
  // A year's record files for a few dozen projects and years.
  kept: 256,
  // A digest of the value ahead of it: a file cut short or damaged is parsed again.
  whole: (data) =>
    data.length > digestBytes &&
    digestOf(data.subarray(digestBytes)).equals(data.subarray(0, digestBytes)),
};

function digestOf(bytes: Uint8Array): Buffer {
  return createHash("sha256").update(bytes).digest();
}

function keyOf(text: string): string {
  return createHash("sha256").update(`${parsing}\n`).update(text).digest("hex");
}

/** The value a file of this very text parsed to, when it has been kept. */
export function keptValue(text: string, env?: NodeJS.ProcessEnv): { value: unknown } | undefined {
  const data = readKept(records, keyOf(text), env);
  if (!data) return undefined;
  try {
    return { value: v8.deserialize(data.subarray(digestBytes)) };
  } catch {
    return undefined;
  }
}

/** Keeps the value a file of this text parsed to without any issue. */
export function keepValue(text: string, value: unknown, env?: NodeJS.ProcessEnv): void {
  let payload: Buffer;
  try {
    payload = v8.serialize(value);
  } catch {
    return; // Not a plain value: parsed again next time.
  }
  keep(records, keyOf(text), Buffer.concat([digestOf(payload), payload]), env);
}
