import { inflateSync } from "node:zlib";

/**
 * A WOFF 1.0 font (W3C, 2012) as the TrueType/OpenType file it wraps: each table inflated where
 * it was compressed and laid out again behind an sfnt table directory. The font packages ship
 * WOFF and WOFF2 only, and the chart rasteriser reads sfnt.
 */
export function woffToSfnt(woff: Uint8Array): Buffer {
  const source = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (source.toString("latin1", 0, 4) !== "wOFF") throw new Error("not a WOFF 1.0 font");
  const flavor = source.readUInt32BE(4);
  const count = source.readUInt16BE(12);
  const tables: SfntTable[] = [];
  for (let index = 0; index < count; index++) {
    const entry = 44 + index * 20;
    const offset = source.readUInt32BE(entry + 4);
    const compressed = source.readUInt32BE(entry + 8);
    const original = source.readUInt32BE(entry + 12);
    const stored = source.subarray(offset, offset + compressed);
    tables.push({
      tag: source.toString("latin1", entry, entry + 4),
      checksum: source.readUInt32BE(entry + 16),
      data: compressed < original ? inflateSync(stored) : Buffer.from(stored),
    });
  }
  return writeSfnt(flavor, tables).file;
}

export interface SfntTable {
  tag: string;
  data: Buffer;
  /** The table's checksum as its font gives it; worked out from the data when not given. */
  checksum?: number;
}

/**
 * An sfnt file of `tables` (in the order given: tag order, as a font's directory is), each
 * 4-byte aligned behind the table directory; with where each table starts.
 */
export function writeSfnt(
  flavor: number,
  tables: readonly SfntTable[],
): { file: Buffer; offsets: Map<string, number> } {
  const count = tables.length;
  const power = 2 ** Math.floor(Math.log2(count));
  const header = Buffer.alloc(12 + count * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(Math.log2(power), 8);
  header.writeUInt16BE(count * 16 - power * 16, 10);
  const parts: Buffer[] = [header];
  const offsets = new Map<string, number>();
  let offset = header.length;
  tables.forEach((table, index) => {
    const record = 12 + index * 16;
    const padded = Buffer.alloc((table.data.length + 3) & ~3);
    table.data.copy(padded);
    header.write(table.tag, record, "latin1");
    header.writeUInt32BE(table.checksum ?? checksum(padded), record + 4);
    header.writeUInt32BE(offset, record + 8);
    header.writeUInt32BE(table.data.length, record + 12);
    offsets.set(table.tag, offset);
    parts.push(padded);
    offset += padded.length;
  });
  return { file: Buffer.concat(parts), offsets };
}

/** The sum of a 4-byte aligned block's big-endian words, modulo 2³², as sfnt checksums are. */
export function checksum(data: Buffer): number {
  let sum = 0;
  for (let at = 0; at + 4 <= data.length; at += 4) sum = (sum + data.readUInt32BE(at)) >>> 0;
  return sum;
}
