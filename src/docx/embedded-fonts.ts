import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { decodeEntities } from "../core/escape.js";
import { fontCharacters } from "../fonts/cmap.js";
import { type FontPackage, fontFilesFor, packages, rare } from "../fonts/faces.js";
import { mergedFont } from "../fonts/merge.js";
import { keptFont } from "./kept.js";

/**
 * The report's own fonts inside report.docx, so that Word, WPS and LibreOffice show the PDF's
 * glyphs on a machine that lacks them (ECMA-376 Part 1, 17.8.1). Each face the document uses
 * (a family in regular or bold) is embedded once, cut down to the characters set in it: the
 * same font package files the PDF embeds, joined into one TrueType file (fonts/merge.ts).
 *
 * Which characters are set in which face is read from the document as it was written: each
 * run's font and weight follow from its own properties, its character style, its paragraph's
 * style and the document defaults, as Word resolves them; the text of list levels and of the
 * charts' SVG counts too. A character is looked for in the run's East Asian font, and one below
 * the CJK blocks in its Latin font too (Word chooses between them by the character and the
 * language, and punctuation such as “ ” may go either way). HanaMinA and HanaMinB, the faces of
 * rare characters (text-runs.ts), come from HanaMin's WOFF2 files.
 */
export interface EmbeddedFont {
  family: string;
  bold: boolean;
  /** The TrueType file, not yet obfuscated. */
  data: Buffer;
  /** The key it is obfuscated with: a GUID made from its bytes, so the same font gives the same. */
  key: string;
}

export async function embeddedFonts(
  parts: Readonly<Record<string, string>>,
  projectFonts: ReadonlyMap<string, readonly string[]> = new Map(),
): Promise<EmbeddedFont[]> {
  const used = charactersByFace(parts);
  const faces = [...used].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Every face at once: their files are read and inflated together, on the thread pool.
  const fonts = await Promise.all(
    faces.map(async ([face, codes]): Promise<EmbeddedFont | undefined> => {
      const [family, weight] = face.split("|") as [string, string];
      const own = projectFonts.get(family);
      if (own) {
        // A font of the project's own: its files cut to the characters set in it, regular.
        if (weight === "bold") return undefined;
        const data = await projectFont(own, codes);
        return data ? { family, bold: false, data, key: keyOf(data) } : undefined;
      }
      // HanaMin is two fonts under one family in its stylesheet: Word names each by its own.
      const half = /^HanaMin[AB]$/.test(family) ? family : undefined;
      const entry = half ? rare : packages.find((candidate) => candidate.family === family);
      if (!entry) return undefined; // A face no package has (a code font): the reader's own.
      const bold = weight === "bold";
      // A family without a bold weight is drawn bold by the reader from its regular one.
      if (bold && !(entry.weights as readonly number[]).includes(700)) return undefined;
      // The digits a page number or an updated contents may show are set in every face.
      for (const digit of "0123456789") codes.add(digit.codePointAt(0) ?? 0);
      const data = await fontOf(entry, bold ? 700 : 400, codes, half);
      return data ? { family, bold, data, key: keyOf(data) } : undefined;
    }),
  );
  return fonts.filter((font): font is EmbeddedFont => font !== undefined);
}

/** The embedded file as ECMA-376 stores it: the first 32 bytes XORed with the key's bytes. */
export function obfuscated(font: EmbeddedFont): Buffer {
  const hex = font.key.replace(/[^0-9A-F]/gi, "");
  // The key's bytes from its last to its first, as written in the GUID.
  const key = Array.from({ length: 16 }, (_, index) =>
    Number.parseInt(hex.slice(30 - index * 2, 32 - index * 2), 16),
  );
  const data = Buffer.from(font.data);
  for (let index = 0; index < 32 && index < data.length; index++) {
    data[index] = (data[index] ?? 0) ^ (key[index % 16] ?? 0);
  }
  return data;
}

/** A project's font files cut to the characters of `codes` each holds, joined in one file. */
async function projectFont(
  files: readonly string[],
  codes: ReadonlySet<number>,
): Promise<Buffer | undefined> {
  const left = new Set(codes);
  const slices: Array<{ file: Uint8Array; codes: number[] }> = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    const font = fontCharacters(bytes);
    const held = [...left].filter((code) => font.has(code)).sort((a, b) => a - b);
    if (held.length === 0) continue;
    for (const code of held) left.delete(code);
    slices.push({ file: await trueType(file, bytes, held), codes: held });
  }
  return slices.length > 0 ? mergedFont(slices) : undefined;
}

/** A font file as merge.ts reads it: a WOFF2 one cut to `codes` as TrueType by HarfBuzz. */
async function trueType(
  file: string,
  bytes: Buffer,
  codes: readonly number[],
): Promise<Uint8Array> {
  if (!file.endsWith(".woff2") && bytes.toString("latin1", 0, 4) !== "wOF2") return bytes;
  const { default: subsetFont } = await import("subset-font");
  return subsetFont(bytes, String.fromCodePoint(...codes), { targetFormat: "truetype" });
}

function keyOf(data: Buffer): string {
  const hex = createHash("sha256").update(data).digest("hex").toUpperCase();
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`;
}

/**
 * The font of one weight of a package holding `codes`, from the files whose ranges hold them
 * (of those whose names start with `half`, when given). A WOFF2 file (HanaMin's) is cut to its
 * characters as TrueType by HarfBuzz first: its outlines are stored transformed.
 */
async function fontOf(
  entry: FontPackage,
  weight: number,
  codes: ReadonlySet<number>,
  half?: string,
): Promise<Buffer | undefined> {
  // The file of each character: one whose unicode-range holds it (of HanaMin's half asked for).
  const byFile = new Map<string, number[]>();
  for (const code of [...codes].sort((a, b) => a - b)) {
    const file = fontFilesFor(entry, code, weight).find(
      (candidate) => !half || path.basename(candidate).startsWith(`${half}.`),
    );
    if (!file) continue;
    const held = byFile.get(file) ?? [];
    byFile.set(file, held);
    held.push(code);
  }
  if (byFile.size === 0) return undefined;
  const sources = [...byFile].map(([file, codes]) => ({ file, codes }));
  return keptFont(sources, async () => {
    const slices = await Promise.all(
      sources.map(async ({ file, codes: held }) => ({
        file: await trueType(file, readFileSync(file), held),
        codes: held,
      })),
    );
    return mergedFont(slices);
  });
}

/** Run properties as far as the font goes: each unset property is inherited. */
interface RunFont {
  ascii?: string;
  eastAsia?: string;
  bold?: boolean;
}

/** The characters each face (`family|regular` or `family|bold`) sets in the document's text. */
function charactersByFace(parts: Readonly<Record<string, string>>): Map<string, Set<number>> {
  const styles = stylesOf(parts["word/styles.xml"] ?? "");
  const used = new Map<string, Set<number>>();
  const add = (family: string | undefined, bold: boolean, code: number) => {
    if (!family) return;
    const face = `${family}|${bold ? "bold" : "regular"}`;
    const codes = used.get(face) ?? new Set<number>();
    used.set(face, codes.add(code));
  };
  // The text of list levels (bullets, the dot after a number), in the level's font.
  for (const level of parts["word/numbering.xml"]?.match(/<w:lvl [\s\S]*?<\/w:lvl>/g) ?? []) {
    const font = {
      ...styles.defaults,
      ...runFont(/<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(level)?.[1] ?? ""),
    };
    const text = decodeEntities(/<w:lvlText w:val="([^"]*)"/.exec(level)?.[1] ?? "").replace(
      /%\d/g,
      "",
    );
    for (const character of text) {
      const code = character.codePointAt(0) ?? 0;
      add(font.eastAsia, font.bold ?? false, code);
      if (code < 0x2e80) add(font.ascii, font.bold ?? false, code);
    }
  }
  // The charts' text, drawn by the reader from the SVG in the faces its style names.
  for (const [name, svg] of Object.entries(parts)) {
    if (!/^word\/media\/.+\.svg$/.test(name)) continue;
    for (const match of svg.matchAll(/<text\b([^>]*)>([\s\S]*?)<\/text>/g)) {
      const style = match[1] ?? "";
      const families = (/font-family:([^;"]+)/.exec(style)?.[1] ?? "")
        .split(",")
        .map((family) => family.trim().replace(/^['"]|['"]$/g, ""));
      const bold = /font-weight:\s*(bold|[6-9]00)/.test(style);
      const text = decodeEntities((match[2] ?? "").replace(/<[^>]+>/g, ""));
      for (const character of text) {
        for (const family of families) add(family, bold, character.codePointAt(0) ?? 0);
      }
    }
  }
  const texts = Object.entries(parts)
    .filter(([name]) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(name))
    .map(([, xml]) => xml);
  for (const xml of texts) {
    for (const paragraph of xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []) {
      const paragraphStyle =
        /<w:pStyle w:val="([^"]+)"/.exec(paragraph)?.[1] ?? styles.defaultParagraph;
      for (const run of paragraph.match(/<w:r>[\s\S]*?<\/w:r>|<w:r [\s\S]*?<\/w:r>/g) ?? []) {
        const properties = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(run)?.[1] ?? "";
        const characterStyle = /<w:rStyle w:val="([^"]+)"/.exec(properties)?.[1];
        const font = {
          ...styles.defaults,
          ...styles.resolve(paragraphStyle),
          ...(characterStyle ? styles.resolve(characterStyle) : {}),
          ...runFont(properties),
        };
        const text = [...run.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
          .map((match) => decodeEntities(match[1] ?? ""))
          .join("");
        for (const character of text) {
          const code = character.codePointAt(0) ?? 0;
          add(font.eastAsia, font.bold ?? false, code);
          if (code < 0x2e80) add(font.ascii, font.bold ?? false, code);
        }
      }
    }
  }
  return used;
}

/** The styles of styles.xml, each resolved through the styles it is based on. */
function stylesOf(xml: string) {
  const defaults = runFont(/<w:rPrDefault><w:rPr>([\s\S]*?)<\/w:rPr>/.exec(xml)?.[1] ?? "");
  const own = new Map<string, { basedOn?: string; font: RunFont }>();
  let defaultParagraph = "Normal";
  for (const style of xml.match(/<w:style [\s\S]*?<\/w:style>/g) ?? []) {
    const id = /w:styleId="([^"]+)"/.exec(style)?.[1];
    if (!id) continue;
    if (/w:type="paragraph"[^>]*w:default="(1|true)"/.test(style)) defaultParagraph = id;
    const basedOn = /<w:basedOn w:val="([^"]+)"/.exec(style)?.[1];
    const properties = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(style)?.[1] ?? "";
    own.set(id, { ...(basedOn ? { basedOn } : {}), font: runFont(properties) });
  }
  const resolve = (id: string, depth = 0): RunFont => {
    const style = own.get(id);
    if (!style || depth > 20) return {};
    return { ...(style.basedOn ? resolve(style.basedOn, depth + 1) : {}), ...style.font };
  };
  return { defaults, defaultParagraph, resolve };
}

function runFont(properties: string): RunFont {
  const font: RunFont = {};
  const fonts = /<w:rFonts ([^>]*)\/>/.exec(properties)?.[1] ?? "";
  const ascii = /w:ascii="([^"]+)"/.exec(fonts)?.[1];
  const eastAsia = /w:eastAsia="([^"]+)"/.exec(fonts)?.[1];
  if (ascii) font.ascii = decodeEntities(ascii);
  if (eastAsia) font.eastAsia = decodeEntities(eastAsia);
  const bold = /<w:b(?: w:val="([^"]*)")?\/>/.exec(properties);
  if (bold) font.bold = !["false", "0", "off"].includes(bold[1] ?? "true");
  return font;
}
