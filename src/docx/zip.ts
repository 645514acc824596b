import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import zlib from "node:zlib";
import { deflateSync } from "fflate";
import { digestedKind, keepPayload, readPayload } from "../services/kept-files.js";

/**
 * The Word package zipped exactly as fflate's zipSync zips it — the same bytes, record for
 * record — with one difference of cost: a large part's DEFLATE (an embedded font, a few hundred
 * kilobytes that take most of a document's time to compress) is kept between runs in the
 * user's cache, by the part's bytes and the compressor, and not compressed again. A part is
 * compressed by fflate's deflateSync at its level either way (zipSync calls the same).
 */
export interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** 0 stores the part as it is; otherwise its DEFLATE level. */
  level: number;
}

/** Parts from this size up have their DEFLATE kept (the fonts, the document itself). */
const keptFrom = 8 * 1024;

const fflateVersion = (createRequire(import.meta.url)("fflate/package.json") as { version: string })
  .version;

/** The fonts and documents of a few reports. */
const kind = digestedKind("deflated", "bin", 48);

function deflated(data: Uint8Array, level: number): Uint8Array {
  const compress = () => deflateSync(data, { level: level as 6 });
  if (data.length < keptFrom) return compress();
  const key = createHash("sha256")
    .update(`fflate ${fflateVersion} deflate level ${level}\n`)
    .update(data)
    .digest("hex");
  const kept = readPayload(kind, key);
  if (kept) return kept;
  const made = compress();
  keepPayload(kind, key, made);
  return made;
}

/** CRC-32 as zip files use it: Node's own where it has one (20.15 and later), else by table. */
const crc32: (data: Uint8Array) => number =
  typeof zlib.crc32 === "function" ? (data) => zlib.crc32(data) >>> 0 : tableCrc32;

let table: Uint32Array | undefined;
export function tableCrc32(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let byte = 0; byte < 256; byte++) {
      let value = byte;
      for (let bit = 0; bit < 8; bit++)
        value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
      table[byte] = value;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = (table[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The zip of `entries` in their order, each dated `mtime` (as local time, as zipSync writes
 * it; package.ts restamps every record in UTC).
 */
export function zipEntries(entries: readonly ZipEntry[], mtime: Date): Uint8Array {
  const parts = entries.map((entry) => {
    const name = Buffer.from(entry.name, "utf8");
    const compressed = entry.level === 0 ? entry.data : deflated(entry.data, entry.level);
    return { entry, name, compressed, crc: crc32(entry.data) };
  });
  const local = parts.reduce(
    (sum, part) => sum + 30 + part.name.length + part.compressed.length,
    0,
  );
  const central = parts.reduce((sum, part) => sum + 46 + part.name.length, 0);
  const out = Buffer.alloc(local + central + 22);
  const time =
    ((mtime.getFullYear() - 1980) << 25) |
    ((mtime.getMonth() + 1) << 21) |
    (mtime.getDate() << 16) |
    (mtime.getHours() << 11) |
    (mtime.getMinutes() << 5) |
    (mtime.getSeconds() >> 1);
  /** The fields a local header and a central directory record share, from `at`. */
  const common = (at: number, part: (typeof parts)[number]) => {
    out.writeUInt16LE(20, at); // version needed to extract
    // Flags: none (names are ASCII here; a UTF-8 name sets bit 11, as zipSync does).
    out.writeUInt16LE(part.name.length === part.entry.name.length ? 0 : 0x800, at + 2);
    out.writeUInt16LE(part.entry.level === 0 ? 0 : 8, at + 4);
    out.writeUInt32LE(time >>> 0, at + 6);
    out.writeUInt32LE(part.crc, at + 10);
    out.writeUInt32LE(part.compressed.length, at + 14);
    out.writeUInt32LE(part.entry.data.length, at + 18);
    out.writeUInt16LE(part.name.length, at + 22);
  };
  let at = 0;
  const offsets: number[] = [];
  for (const part of parts) {
    offsets.push(at);
    out.writeUInt32LE(0x04034b50, at);
    common(at + 4, part);
    part.name.copy(out, at + 30);
    out.set(part.compressed, at + 30 + part.name.length);
    at += 30 + part.name.length + part.compressed.length;
  }
  for (const [index, part] of parts.entries()) {
    out.writeUInt32LE(0x02014b50, at);
    out.writeUInt16LE(20, at + 4); // version made by: 2.0, on MS-DOS
    common(at + 6, part);
    out.writeUInt32LE(offsets[index] ?? 0, at + 42);
    part.name.copy(out, at + 46);
    at += 46 + part.name.length;
  }
  out.writeUInt32LE(0x06054b50, at);
  out.writeUInt16LE(parts.length, at + 8);
  out.writeUInt16LE(parts.length, at + 10);
  out.writeUInt32LE(central, at + 12);
  out.writeUInt32LE(local, at + 16);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
