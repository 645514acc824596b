import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { EnvironmentError } from "../core/errors.js";
import { isChinese, writingOf } from "../core/language.js";
import { type FaceTable, faceTable, fileOfRule, ruleCovers } from "./face-tables.js";

/**
 * The PDF's fonts come from npm packages, not from the machine, so the PDF is the same
 * everywhere. Fontsource's static Noto TC weights have TrueType outlines, which Chromium embeds
 * as subset CID TrueType fonts (CFF and variable fonts become Type 3 pictures instead). Each
 * weight is split by unicode-range into small files; Chromium loads only those the text needs.
 */
const traditional = [
  { name: "@fontsource/noto-serif-tc", family: "Noto Serif TC", weights: [400, 700] },
  { name: "@fontsource/noto-sans-tc", family: "Noto Sans TC", weights: [400, 700] },
] as const;
const simplified = [
  { name: "@fontsource/noto-serif-sc", family: "Noto Serif SC", weights: [400, 700] },
  { name: "@fontsource/noto-sans-sc", family: "Noto Sans SC", weights: [400, 700] },
] as const;
/** A report in any other language: Noto's Latin faces, with the TC ones for Chinese names. */
export const latin = [
  { name: "@fontsource/noto-serif", family: "Noto Serif", weights: [400, 700] },
  { name: "@fontsource/noto-sans", family: "Noto Sans", weights: [400, 700] },
] as const;
/** 楷體 for the official theme's second-level headings (Traditional; Simplified falls back). */
export const kai = {
  name: "@fontsource/lxgw-wenkai-tc",
  family: "LXGW WenKai TC",
  weights: [400],
} as const;
/**
 * The last face of every chain, for the characters the report's faces lack: HanaMin (花園明朝,
 * from GlyphWiki's Hanazono fonts, TrueType outlines) covers the CJK extensions A to F, split
 * by Unicode block. Its rules are added only for characters no other face has.
 */
export const rare = {
  name: "hanamin",
  family: "HanaMin",
  weights: [400],
  stylesheet: "HanaMin.css",
} as const;
export const packages = [...traditional, ...simplified, ...latin, kai, rare];

export type FontPackage = (typeof packages)[number];

/**
 * The serif and sans faces for a page's language: Simplified Chinese gets the SC faces, other
 * Chinese the TC ones, any other language Noto's Latin faces.
 */
export function fontsFor(language: string): readonly [FontPackage, FontPackage] {
  const writing = writingOf(language);
  return writing === "zh-Hans" ? simplified : writing === "zh-Hant" ? traditional : latin;
}

/** Faces for the characters a page's own faces lack: a Chinese name in an English report. */
export function fallbacksFor(language: string): readonly FontPackage[] {
  return isChinese(language) ? [] : traditional;
}

/**
 * The faces a character of a page in `language` is looked for in, in order: the report's own
 * (serif or sans first, then the other), the Chinese ones beside a Latin report's, then
 * {@link rare}. A character none of them has is an error before printing, so the machine's own
 * fonts never take part.
 */
export function fontChain(language: string, first: "serif" | "sans"): FontPackage[] {
  const [serif, sans] = fontsFor(language);
  const [fallbackSerif, fallbackSans] = fallbacksFor(language);
  const ordered =
    first === "serif"
      ? [serif, sans, fallbackSerif, fallbackSans]
      : [sans, serif, fallbackSans, fallbackSerif];
  return [...ordered.filter((entry): entry is FontPackage => entry !== undefined), rare];
}

/** The font families the PDF of a page in `language` must have loaded. */
export function fontFamiliesFor(language: string): string[] {
  return fontsFor(language).map((entry) => entry.family);
}

/** The `lang` of an HTML page. */
export function pageLanguage(html: string): string {
  return /<html[^>]*\slang="([^"]+)"/.exec(html)?.[1] ?? "zh-Hant";
}

/** A rule's unicode-range (all of Unicode when it has none) as first and last code points. */
function parsedRanges(rule: string): Array<[number, number]> {
  const range = /unicode-range:\s*([^;}]+)/.exec(rule)?.[1] ?? "U+0-10FFFF";
  return [...range.matchAll(/U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/gi)].map(([, first = "", last]) => [
    Number.parseInt(first.replace(/\?/g, "0"), 16),
    Number.parseInt(last ?? first.replace(/\?/g, "f"), 16),
  ]);
}

/**
 * The files of a face's weight (its regular one unless told) whose unicode-range holds `code`:
 * the ones the PDF would load for it, whose cmaps {@link glyphCoverage} reads.
 */
export function fontFilesFor(
  entry: FontPackage,
  code: number,
  weight: number = entry.weights[0],
): string[] {
  const table = faceTableOf(entry, weight);
  const { low, high, reach } = table;
  // The last range starting at or before the code, then back while a range can still reach it.
  let first = 0;
  let last = low.length - 1;
  while (first <= last) {
    const middle = (first + last) >> 1;
    if ((low[middle] ?? 0) <= code) first = middle + 1;
    else last = middle - 1;
  }
  const files: string[] = [];
  for (let at = last; at >= 0 && (reach[at] ?? -1) >= code; at--) {
    if ((high[at] ?? -1) < code) continue;
    const name = fileOfRule(table.rules[table.rule[at] ?? 0] ?? "");
    if (!files.includes(name)) files.push(name);
  }
  return files;
}

const tablesRead = new Map<string, FaceTable>();

/** Where the stylesheet of one weight of a package is installed; throws when it is not. */
export function stylesheetFile(entry: FontPackage, weight: number): string {
  return createRequire(import.meta.url).resolve(
    "stylesheet" in entry ? `${entry.name}/${entry.stylesheet}` : `${entry.name}/${weight}.css`,
  );
}

/**
 * The @font-face rules of one weight of a package, pointing at its files by absolute URL; read
 * once a process (the preview prints many times).
 */
export function faceRules(entry: FontPackage, weight: number): string[] {
  return faceTableOf(entry, weight).rules;
}

/** The rules of one weight of a package with their ranges (face-tables.ts), once a process. */
function faceTableOf(entry: FontPackage, weight: number): FaceTable {
  const key = `${entry.name}/${weight}`;
  const read = tablesRead.get(key);
  if (read) return read;
  let cssFile: string;
  try {
    cssFile = stylesheetFile(entry, weight);
  } catch (error) {
    throw new EnvironmentError(
      `the font package ${entry.name} is not installed (run npm ci); the PDF needs its weight ${weight}`,
      { cause: error },
    );
  }
  const base = `${pathToFileURL(path.dirname(cssFile)).href}/`;
  const text = readFileSync(cssFile, "utf8");
  const rules = () => {
    // The WOFF files (zlib) decode faster than the WOFF2 ones (Brotli): about 0.2 s a report.
    const css = text
      .replace(/src:\s*url\([^)]+\.woff2\)\s*format\('woff2'\),\s*/g, "src: ")
      // A face installed on the machine under the same name is not the package's file.
      .replace(/src:(\s*local\([^)]*\),)+\s*/g, "src: ")
      .replace(/url\((?:\.\/)?([\w.-]+\.woff2?)\)/g, `url(${base}$1)`)
      .replace(/url\(\.\//g, `url(${base}`);
    return css.match(/@font-face\s*\{[^}]*\}/g) ?? [];
  };
  const table = faceTable(cssFile, text, rules, parsedRanges);
  tablesRead.set(key, table);
  return table;
}

/**
 * The @font-face rules of one weight of a package whose unicode-range (all of Unicode when it
 * has none) holds a character of `used`.
 */
export function rulesCovering(
  entry: FontPackage,
  weight: number,
  used: ReadonlySet<number>,
): string[] {
  const table = faceTableOf(entry, weight);
  return table.rules.filter(
    (rule, index) => !/unicode-range:/.test(rule) || ruleCovers(table, index, used),
  );
}
