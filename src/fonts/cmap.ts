import { brotliDecompressSync, inflateSync } from "node:zlib";

/**
 * Reading a font file's tables (TTF, OTF, WOFF, WOFF2) without a font library: what it can
 * draw, its family name, any one table.
 *
 * What a font file can draw, read from its own `cmap` table: the characters it maps to a glyph,
 * and the ideographic variation sequences (a character followed by a variation selector) it
 * has a glyph for. Reads TrueType and OpenType files and their WOFF and WOFF2 wrappings.
 */
export interface FontCharacters {
  /** TrueType outlines (`glyf`), which Chromium embeds as CID TrueType; CFF ones become Type 3. */
  trueType: boolean;
  has(codePoint: number): boolean;
  /** Whether `base` followed by `selector` has a glyph of its own or is the base's default. */
  hasSequence(base: number, selector: number): boolean;
}

/** Reads the characters of a font file (TTF, OTF, WOFF or WOFF2). */
export function fontCharacters(file: Uint8Array): FontCharacters {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const signature = bytes.toString("latin1", 0, 4);
  if (!["wOF2", "wOFF", "\0\x01\0\0", "true", "OTTO"].includes(signature)) {
    throw new Error("not a TrueType, OpenType, WOFF or WOFF2 font");
  }
  const { flavor, table: cmap } = fontTable(bytes, "cmap");
  const points = new Set<number>();
  const sequences = new Set<string>();
  if (cmap) readCmap(cmap, (code) => points.add(code), sequences);
  return {
    trueType: flavor === 0x00010000 || flavor === 0x74727565,
    has: (codePoint) => points.has(codePoint),
    hasSequence: (base, selector) => sequences.has(`${base}:${selector}`),
  };
}

/**
 * A font file's family name, as its name table gives it (the typographic family where there is
 * one, else the family; Windows' Unicode names before Mac Roman ones): what a word processor
 * names the font by.
 */
export function fontFamily(file: Uint8Array): string | undefined {
  const { table } = fontTable(file, "name");
  if (!table) return undefined;
  const count = table.readUInt16BE(2);
  const strings = table.readUInt16BE(4);
  const found = new Map<string, string>();
  for (let index = 0; index < count; index++) {
    const record = 6 + index * 12;
    const platform = table.readUInt16BE(record);
    const id = table.readUInt16BE(record + 6);
    if (id !== 1 && id !== 16) continue;
    const start = strings + table.readUInt16BE(record + 10);
    const raw = table.subarray(start, start + table.readUInt16BE(record + 8));
    if (platform === 3 || platform === 0) {
      found.set(`${id}:unicode`, Buffer.from(raw).swap16().toString("utf16le"));
    } else if (platform === 1) found.set(`${id}:mac`, raw.toString("latin1"));
  }
  return (
    found.get("16:unicode") ?? found.get("1:unicode") ?? found.get("16:mac") ?? found.get("1:mac")
  );
}

/**
 * One table of a font file (TTF, OTF, WOFF or WOFF2), with the file's flavor; of a WOFF2 file,
 * only a table it stores as it is (not glyf, loca or a transformed hmtx).
 */
export function fontTable(
  file: Uint8Array,
  tag: string,
): { flavor: number; table: Buffer | undefined } {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const signature = bytes.toString("latin1", 0, 4);
  return signature === "wOF2"
    ? woff2Table(bytes, tag)
    : signature === "wOFF"
      ? woffTable(bytes, tag)
      : sfntTable(bytes, tag);
}

/**
 * Character to glyph, from a cmap's Unicode subtables (formats 4 and 12; a character two
 * subtables map keeps the first one's glyph).
 */
export function unicodeGlyphs(cmap: Buffer): Map<number, number> {
  const glyphs = new Map<number, number>();
  readCmap(cmap, (code, glyph) => {
    if (!glyphs.has(code)) glyphs.set(code, glyph);
  });
  return glyphs;
}

/** One table of an sfnt (a TTF or OTF file), with the file's flavor. */
function sfntTable(sfnt: Buffer, tag: string): { flavor: number; table: Buffer | undefined } {
  const flavor = sfnt.readUInt32BE(0);
  const count = sfnt.readUInt16BE(4);
  for (let index = 0; index < count; index++) {
    const record = 12 + index * 16;
    if (sfnt.toString("latin1", record, record + 4) !== tag) continue;
    const offset = sfnt.readUInt32BE(record + 8);
    return { flavor, table: sfnt.subarray(offset, offset + sfnt.readUInt32BE(record + 12)) };
  }
  return { flavor, table: undefined };
}

/** One table of a WOFF 1.0 file, inflated alone: the rest of the font is not needed. */
function woffTable(woff: Buffer, tag: string): { flavor: number; table: Buffer | undefined } {
  const flavor = woff.readUInt32BE(4);
  const count = woff.readUInt16BE(12);
  for (let index = 0; index < count; index++) {
    const entry = 44 + index * 20;
    if (woff.toString("latin1", entry, entry + 4) !== tag) continue;
    const offset = woff.readUInt32BE(entry + 4);
    const compressed = woff.readUInt32BE(entry + 8);
    const original = woff.readUInt32BE(entry + 12);
    const stored = woff.subarray(offset, offset + compressed);
    return { flavor, table: compressed < original ? inflateSync(stored) : stored };
  }
  return { flavor, table: undefined };
}

/** The tags WOFF2 writes as a 6-bit index instead of four letters (WOFF2 §5.1). */
const knownTags = [
  "cmap",
  "head",
  "hhea",
  "hmtx",
  "maxp",
  "name",
  "OS/2",
  "post",
  "cvt ",
  "fpgm",
  "glyf",
  "loca",
  "prep",
  "CFF ",
  "VORG",
  "EBDT",
  "EBLC",
  "gasp",
  "hdmx",
  "kern",
  "LTSH",
  "PCLT",
  "VDMX",
  "vhea",
  "vmtx",
  "BASE",
  "GDEF",
  "GPOS",
  "GSUB",
  "EBSC",
  "JSTF",
  "MATH",
  "CBDT",
  "CBLC",
  "COLR",
  "CPAL",
  "SVG ",
  "sbix",
  "acnt",
  "avar",
  "bdat",
  "bloc",
  "bsln",
  "cvar",
  "fdsc",
  "feat",
  "fmtx",
  "fvar",
  "gvar",
  "hsty",
  "just",
  "lcar",
  "mort",
  "morx",
  "opbd",
  "prop",
  "trak",
  "Zapf",
  "Silf",
  "Glat",
  "Gloc",
  "Feat",
  "Sill",
];

/**
 * One table of a WOFF2 file. The tables are one Brotli stream, in directory order; a table
 * keeps its length unless transformed (glyf and loca by default, hmtx when flagged), and cmap
 * never is, so the lengths before it tell where it starts.
 */
function woff2Table(woff2: Buffer, tag: string): { flavor: number; table: Buffer | undefined } {
  const flavor = woff2.readUInt32BE(4);
  const count = woff2.readUInt16BE(12);
  const compressedLength = woff2.readUInt32BE(20);
  let at = 48;
  const base128 = (): number => {
    let value = 0;
    for (let index = 0; index < 5; index++) {
      const byte = woff2[at++] ?? 0;
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) return value;
    }
    throw new Error("not a WOFF2 font: a length runs past five bytes");
  };
  let offset = 0;
  let found: { offset: number; length: number } | undefined;
  for (let index = 0; index < count; index++) {
    const flags = woff2[at++] ?? 0;
    let entryTag = knownTags[flags & 0x3f] ?? "";
    if ((flags & 0x3f) === 0x3f) {
      entryTag = woff2.toString("latin1", at, at + 4);
      at += 4;
    }
    const version = (flags >> 6) & 3;
    const original = base128();
    const transformed = entryTag === "glyf" || entryTag === "loca" ? version === 0 : version !== 0;
    const length = transformed ? base128() : original;
    if (entryTag === tag) found = { offset, length };
    offset += length;
  }
  if (!found) return { flavor, table: undefined };
  // A collection (flavor ttcf) has a header of its own after the directory; report's fonts
  // are single faces, and a collection simply has no characters read here.
  if (flavor === 0x74746366) return { flavor, table: undefined };
  const tables = brotliDecompressSync(woff2.subarray(at, at + compressedLength));
  return { flavor, table: tables.subarray(found.offset, found.offset + found.length) };
}

/** Each character a cmap maps, with its glyph. */
type Mapped = (code: number, glyph: number) => void;

/** The Unicode subtables of a cmap: formats 4 and 12 (characters) and 14 (sequences). */
function readCmap(cmap: Buffer, mapped: Mapped, sequences?: Set<string>): void {
  const count = cmap.readUInt16BE(2);
  for (let index = 0; index < count; index++) {
    const record = 4 + index * 8;
    const platform = cmap.readUInt16BE(record);
    const encoding = cmap.readUInt16BE(record + 2);
    const table = cmap.subarray(cmap.readUInt32BE(record + 4));
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const format = table.readUInt16BE(0);
    if (format === 4) readFormat4(table, mapped);
    else if (format === 12) readFormat12(table, mapped);
    else if (format === 14 && sequences) readFormat14(table, sequences);
  }
}

function readFormat4(table: Buffer, mapped: Mapped): void {
  const segments = table.readUInt16BE(6) / 2;
  const ends = 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let segment = 0; segment < segments; segment++) {
    const end = table.readUInt16BE(ends + segment * 2);
    const start = table.readUInt16BE(starts + segment * 2);
    const delta = table.readUInt16BE(deltas + segment * 2);
    const rangeOffset = table.readUInt16BE(rangeOffsets + segment * 2);
    for (let code = start; code <= end && code !== 0xffff; code++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (code + delta) & 0xffff;
      else {
        const at = rangeOffsets + segment * 2 + rangeOffset + (code - start) * 2;
        glyph = at + 2 <= table.length ? table.readUInt16BE(at) : 0;
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) mapped(code, glyph);
    }
  }
}

function readFormat12(table: Buffer, mapped: Mapped): void {
  const groups = table.readUInt32BE(12);
  for (let group = 0; group < groups; group++) {
    const at = 16 + group * 12;
    const start = table.readUInt32BE(at);
    const end = table.readUInt32BE(at + 4);
    const glyph = table.readUInt32BE(at + 8);
    for (let code = start; code <= end; code++) {
      if (glyph + (code - start) !== 0) mapped(code, glyph + (code - start));
    }
  }
}

/** Variation sequences: the default ones (the base's own glyph) and those with a glyph of their own. */
function readFormat14(table: Buffer, sequences: Set<string>): void {
  const records = table.readUInt32BE(6);
  const uint24 = (at: number) => (table.readUInt16BE(at) << 8) | (table[at + 2] ?? 0);
  for (let record = 0; record < records; record++) {
    const at = 10 + record * 11;
    const selector = uint24(at);
    const defaults = table.readUInt32BE(at + 3);
    const others = table.readUInt32BE(at + 7);
    if (defaults) {
      const ranges = table.readUInt32BE(defaults);
      for (let range = 0; range < ranges; range++) {
        const start = uint24(defaults + 4 + range * 4);
        const extra = table[defaults + 4 + range * 4 + 3] ?? 0;
        for (let code = start; code <= start + extra; code++) sequences.add(`${code}:${selector}`);
      }
    }
    if (others) {
      const mappings = table.readUInt32BE(others);
      for (let mapping = 0; mapping < mappings; mapping++) {
        sequences.add(`${uint24(others + 4 + mapping * 5)}:${selector}`);
      }
    }
  }
}
