import { inflateRawSync } from "node:zlib";

/**
 * What a workbook (a zip file) holds once inflated, found before it is opened: a 1 MB file can
 * inflate to gigabytes. The sizes the zip declares are checked against what its entries really
 * inflate to, each inflation stopped at what is left of the bound, so a zip that lies about its
 * sizes is caught too. Returns the bytes it inflates to, or the first entry past the bound.
 */
export function inflatedSize(
  bytes: Buffer,
  bound: number,
): { bytes: number } | { over: string } | { unreadable: string } {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end === -1 || end + 22 > bytes.length) return { unreadable: "no zip directory at its end" };
  const entries = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  let total = 0;
  for (let index = 0; index < entries; index++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) {
      return { unreadable: "its zip directory is damaged" };
    }
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (local + 30 > bytes.length) return { unreadable: `the entry ${name} is cut short` };
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + compressed);
    const left = bound - total;
    if (method === 0) {
      total += data.length;
    } else if (method === 8) {
      try {
        total += inflateRawSync(data, { maxOutputLength: Math.max(left, 1) }).length;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return { over: name };
        return { unreadable: `the entry ${name} does not inflate` };
      }
    } else return { unreadable: `the entry ${name} is compressed in a way Excel does not use` };
    if (total > bound) return { over: name };
  }
  return { bytes: total };
}
