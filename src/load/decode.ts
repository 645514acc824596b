import { createRequire } from "node:module";

/**
 * iconv-lite, for a file that is not UTF-8: loaded from node_modules on first use, so that a
 * build of UTF-8 records does not load its code tables.
 */
let loaded: typeof import("iconv-lite") | undefined;
function iconvLite(): typeof import("iconv-lite") {
  loaded ??= createRequire(import.meta.url)("iconv-lite") as typeof import("iconv-lite");
  return loaded;
}

/**
 * The text of a file and how it was stored, so that a tool that writes it back (`report schema`,
 * `report migrate`) keeps every byte it does not mean to change: the encoding, a byte order mark,
 * the line endings.
 *
 * - UTF-8, with or without a byte order mark.
 * - UTF-16, little or big endian: with a byte order mark, or without one when every other byte
 *   is zero (as Windows editors write Chinese-free files).
 * - GB18030 (GBK's superset) or Big5 when the project says so (`encoding` in
 *   report.config.yaml). Without that, such bytes are refused: the two cannot be told apart
 *   with certainty, and a wrong guess would put other characters into the report. The message
 *   shows the line as each would read it and how to convert the file.
 */
export const legacyEncodings = ["gb18030", "big5"] as const;
export type LegacyEncoding = (typeof legacyEncodings)[number];
export type Encoding = "utf-8" | "utf-16le" | "utf-16be" | LegacyEncoding;

export interface Decoded {
  text: string;
  encoding: Encoding;
  bom: boolean;
  /** The line ending the file uses most: what a line added to it should end with. */
  newline: "\n" | "\r\n";
}

export interface Undecodable {
  /** The first line that is not text of the expected encoding (1-based), when known. */
  line?: number;
  message: string;
  hint?: string;
}

const names: Record<Encoding, string> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16",
  "utf-16be": "UTF-16",
  gb18030: "GB18030 (GBK)",
  big5: "Big5",
};

export function encodingName(encoding: Encoding): string {
  return names[encoding];
}

const saveAsUtf8 =
  "save it as UTF-8 (VS Code: the encoding in the status bar → Save with Encoding → UTF-8; Notepad: Save As → Encoding UTF-8), or convert it: iconv -f GB18030 -t UTF-8 FILE > FILE.utf8 (Big5: -f BIG5); a project whose files are all GBK or Big5 can say encoding: gb18030 or encoding: big5 in report.config.yaml";

/** The line ending a text uses most; counted in place, since a year's records can be megabytes. */
export function newlineOf(text: string): "\n" | "\r\n" {
  let crlf = 0;
  let lf = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) {
    if (at > 0 && text.charCodeAt(at - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? "\r\n" : "\n";
}

function decoded(text: string, encoding: Encoding, bom: boolean): Decoded {
  return { text, encoding, bom, newline: newlineOf(text) };
}

/** UTF-16 without a byte order mark: zero bytes at every odd (LE) or even (BE) place. */
function bomlessUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < bytes.length; index++) {
    if (bytes[index] === 0) {
      if (index % 2 === 0) evenZeros++;
      else oddZeros++;
    }
  }
  const half = bytes.length / 2;
  if (oddZeros > half * 0.3 && evenZeros === 0) return "utf-16le";
  if (evenZeros > half * 0.3 && oddZeros === 0) return "utf-16be";
  return undefined;
}

export function decodeBytes(bytes: Uint8Array, declared?: LegacyEncoding): Decoded | Undecodable {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    const text = utf8(buffer.subarray(3));
    return text === undefined ? notUtf8(buffer.subarray(3)) : decoded(text, "utf-8", true);
  }
  if (buffer[0] === 0xff && buffer[1] === 0xfe) {
    return decoded(iconvLite().decode(buffer.subarray(2), "utf-16le"), "utf-16le", true);
  }
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    return decoded(iconvLite().decode(buffer.subarray(2), "utf-16be"), "utf-16be", true);
  }
  // UTF-16 without a byte order mark is told by its zero bytes: a file with none is not
  // (looked for natively first: counting them byte by byte takes a large year 10 ms).
  if (buffer.includes(0)) {
    const sixteen = bomlessUtf16(buffer);
    if (sixteen) return decoded(iconvLite().decode(buffer, sixteen), sixteen, false);
    return { message: "expected text, found binary data" };
  }
  const text = utf8(buffer);
  if (text !== undefined) return decoded(text, "utf-8", false);
  if (declared) {
    const legacy = iconvLite().decode(buffer, declared);
    if (!legacy.includes("\uFFFD") && iconvLite().encode(legacy, declared).equals(buffer)) {
      return decoded(legacy, declared, false);
    }
    const line = firstBadLine(buffer, declared);
    return {
      ...(line ? { line } : {}),
      message: `expected ${encodingName(declared)} text (the project's encoding), found bytes that are not`,
      hint: saveAsUtf8,
    };
  }
  return notUtf8(buffer);
}

function utf8(buffer: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch {
    return undefined;
  }
}

/** The line that is not UTF-8, as GB18030 and as Big5 would read it: the user sees which. */
function notUtf8(buffer: Buffer): Undecodable {
  const line = firstBadLine(buffer, "utf-8");
  const text = line ? lineBytes(buffer, line) : buffer.subarray(0, 200);
  const readings = legacyEncodings
    .map((encoding) => ({ encoding, text: iconvLite().decode(text, encoding).trim() }))
    .sort((a, b) => oddness(a.text) - oddness(b.text))
    .map(({ encoding, text: reading }) => `as ${encodingName(encoding)} «${reading.slice(0, 60)}»`);
  return {
    ...(line ? { line } : {}),
    message: `expected UTF-8 text, found bytes of another encoding; the line reads ${readings.join(", or ")}`,
    hint: saveAsUtf8,
  };
}

/** How unlike ordinary text a reading is: replacement, private-use and unusual characters. */
function oddness(text: string): number {
  let odd = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    const usual =
      code < 0x80 ||
      (code >= 0x4e00 && code <= 0x9fff) ||
      (code >= 0x3000 && code <= 0x303f) ||
      (code >= 0xff00 && code <= 0xffef);
    if (code === 0xfffd || (code >= 0xe000 && code <= 0xf8ff)) odd += 3;
    else if (!usual) odd += 1;
  }
  return odd;
}

function lineBytes(buffer: Buffer, line: number): Buffer {
  let start = 0;
  for (let current = 1; current < line; current++) start = buffer.indexOf(0x0a, start) + 1;
  const end = buffer.indexOf(0x0a, start);
  return buffer.subarray(start, end === -1 ? buffer.length : end);
}

function firstBadLine(buffer: Buffer, encoding: "utf-8" | LegacyEncoding): number | undefined {
  let start = 0;
  let line = 1;
  while (start < buffer.length) {
    const end = buffer.indexOf(0x0a, start);
    const stop = end === -1 ? buffer.length : end;
    const part = buffer.subarray(start, stop);
    const bad =
      encoding === "utf-8"
        ? utf8(part) === undefined
        : !iconvLite().encode(iconvLite().decode(part, encoding), encoding).equals(part);
    if (bad) return line;
    start = stop + 1;
    line++;
  }
  return undefined;
}

/** The text stored as `decoded` was: same encoding, byte order mark and all. */
export function encodeText(text: string, as: Pick<Decoded, "encoding" | "bom">): Buffer {
  if (as.encoding === "utf-8") {
    return Buffer.concat([
      as.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
      Buffer.from(text, "utf8"),
    ]);
  }
  const body = iconvLite().encode(text, as.encoding);
  if (!as.bom) return body;
  const mark = as.encoding === "utf-16le" ? [0xff, 0xfe] : [0xfe, 0xff];
  return Buffer.concat([Buffer.from(mark), body]);
}

/**
 * Whether the bytes come back exactly when decoded and stored again: a file is written back
 * only then, so nothing it held is lost.
 */
export function roundTrips(bytes: Uint8Array, as: Decoded): boolean {
  return encodeText(as.text, as).equals(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  );
}
