import { createHash } from "node:crypto";
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { packageVersion, userCacheDir } from "../core/paths.js";

/**
 * Files a run keeps for the next one in the user's cache folder, each named by a hash of all it
 * is made from (and of this release, whose files are its own), so that a file is only ever read
 * back for the very same inputs. A file is read back only if it is whole; at most `kept` of a
 * kind are kept, the least recently used removed first; a cache that cannot be written is
 * simply not used.
 */
export interface KeptKind {
  folder: string;
  extension: string;
  /** How many files of the kind are kept. */
  kept: number;
  /** Whether a file read back is whole: a file cut short or damaged is made again. */
  whole(data: Buffer): boolean;
}

export function readKept(
  kind: KeptKind,
  key: string,
  env: NodeJS.ProcessEnv = process.env,
): Buffer | undefined {
  const file = keptFileOf(kind, key, env);
  try {
    const data = readFileSync(file);
    if (!kind.whole(data)) return undefined;
    const now = new Date();
    utimesSync(file, now, now);
    return data;
  } catch {
    return undefined; // Not made yet.
  }
}

export function keep(
  kind: KeptKind,
  key: string,
  data: Uint8Array,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const file = keptFileOf(kind, key, env);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const written = `${file}.${process.pid}.tmp`;
    writeFileSync(written, data);
    renameSync(written, file);
    prune(path.dirname(file), kind);
  } catch {
    // A read-only or full disk: the next run makes it again.
  }
}

/** Where the file of `key` is kept. */
function keptFileOf(kind: KeptKind, key: string, env: NodeJS.ProcessEnv): string {
  const named = createHash("sha256").update(`report ${packageVersion()}\n${key}`).digest("hex");
  return path.join(userCacheDir(env), kind.folder, `${named}.${kind.extension}`);
}

function prune(folder: string, kind: KeptKind): void {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith(`.${kind.extension}`))
    .map((name) => {
      const file = path.join(folder, name);
      return { file, used: statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 };
    })
    .sort((a, b) => b.used - a.used);
  for (const { file } of files.slice(kind.kept)) rmSync(file, { force: true });
}

const digestBytes = 32;

/**
 * A kind whose files are a payload after its sha256 digest: a file cut short or damaged fails
 * the digest and is made again.
 */
export function digestedKind(folder: string, extension: string, kept: number): KeptKind {
  return {
    folder,
    extension,
    kept,
    whole: (data) =>
      data.length > digestBytes &&
      createHash("sha256")
        .update(data.subarray(digestBytes))
        .digest()
        .equals(data.subarray(0, digestBytes)),
  };
}

/** The payload kept under `key` in a {@link digestedKind}, when it is there and whole. */
export function readPayload(
  kind: KeptKind,
  key: string,
  env: NodeJS.ProcessEnv = process.env,
): Buffer | undefined {
  return readKept(kind, key, env)?.subarray(digestBytes);
}

/** Keeps `payload` under `key` in a {@link digestedKind}, after its digest. */
export function keepPayload(
  kind: KeptKind,
  key: string,
  payload: Uint8Array,
  env: NodeJS.ProcessEnv = process.env,
): void {
  keep(kind, key, Buffer.concat([createHash("sha256").update(payload).digest(), payload]), env);
}

/**
 * The value kept under `key` in a {@link digestedKind} of v8-serialised values, when it is there,
 * whole and readable; the caller checks its shape.
 */
export function readSerialized(
  kind: KeptKind,
  key: string,
  env: NodeJS.ProcessEnv = process.env,
): { value: unknown } | undefined {
  const data = readPayload(kind, key, env);
  if (!data) return undefined;
  try {
    return { value: v8.deserialize(data) };
  } catch {
    return undefined; // Damaged beyond its digest's reach, or another format: made again.
  }
}

/** Keeps `value` v8-serialised under `key`; a value that cannot be serialised is not kept. */
export function keepSerialized(
  kind: KeptKind,
  key: string,
  value: unknown,
  env: NodeJS.ProcessEnv = process.env,
): void {
  let payload: Buffer;
  try {
    payload = v8.serialize(value);
  } catch {
    return;
  }
  keepPayload(kind, key, payload, env);
}

const packages = new Map<string, string>();

/**
 * The package a file is in, as `name@version`, from the nearest package.json above it: what a
 * kept file's key names an installed file by (npm dates every file alike, whatever its version).
 */
export function packageOf(file: string): string {
  const folder = path.dirname(file);
  let known = packages.get(folder);
  if (known === undefined) {
    known = "";
    for (let at = folder; ; at = path.dirname(at)) {
      try {
        const manifest = JSON.parse(readFileSync(path.join(at, "package.json"), "utf8")) as {
          name?: string;
          version?: string;
        };
        known = `${manifest.name}@${manifest.version}`;
        break;
      } catch {
        if (path.dirname(at) === at) break;
      }
    }
    packages.set(folder, known);
  }
  return known;
}
