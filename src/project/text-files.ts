import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { readRegularFile, UnreadableFile } from "../core/read.js";
import {
  type Decoded,
  decodeBytes,
  encodeText,
  type LegacyEncoding,
  roundTrips,
} from "../load/decode.js";
import { maxFileBytes } from "../load/yaml-file.js";

/**
 * Record files read to be written back (`report schema`, `report migrate`, `report init`): a
 * file is changed only when its bytes decode and encode back exactly, and it is written back in
 * its own encoding, with its byte order mark and line endings, by a rename so that nobody ever
 * sees half of it.
 */
export type TextFile = Decoded | { problem: string; missing?: true };

export async function readTextFile(file: string, encoding?: LegacyEncoding): Promise<TextFile> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, maxFileBytes);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    return { problem: error.message, ...(error.code === "ENOENT" ? { missing: true } : {}) };
  }
  const decoded = decodeBytes(bytes, encoding);
  if (!("text" in decoded)) {
    return {
      problem: `${decoded.line ? `line ${decoded.line}: ` : ""}${decoded.message}; left as it is${decoded.hint ? ` (${decoded.hint})` : ""}`,
    };
  }
  if (!roundTrips(bytes, decoded)) {
    return { problem: "its bytes do not read back the same once decoded; left as it is" };
  }
  return decoded;
}

/** `text` stored as `like` was stored, replacing the file whole. */
export async function writeTextFile(file: string, text: string, like: Decoded): Promise<void> {
  const temporary = `${file}.report-${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, encodeText(text, like));
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
