import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { EnvironmentError } from "../core/errors.js";
import { isChinese, writingOf } from "../core/language.js";
import { charactersOf, type GlyphCoverage, glyphCoverage } from "./coverage.js";

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
const latin = [
  { name: "@fontsource/noto-serif", family: "Noto Serif", weights: [400, 700] },
  { name: "@fontsource/noto-sans", family: "Noto Sans", weights: [400, 700] },
] as const;
/** 楷體 for the official theme's second-level headings (Traditional; Simplified falls back). */
const kai = {
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
const packages = [...traditional, ...simplified, ...latin, kai, rare];

type FontPackage = (typeof packages)[number];

/**
 * The serif and sans faces for a page's language: Simplified Chinese gets the SC faces, other
 * Chinese the TC ones, any other language Noto's Latin faces.
 */
export function fontsFor(language: string): readonly [FontPackage, FontPackage] {
  const writing = writingOf(language);
  return writing === "zh-Hans" ? simplified : writing === "zh-Hant" ? traditional : latin;
}

/** Faces for the characters a page's own faces lack: a Chinese name in an English report. */
function fallbacksFor(language: string): readonly FontPackage[] {
  return isChinese(language) ? [] : traditional;
}

/**
 * The faces a character of a page in `language` is looked for in, in order: the report's own
 * (serif or sans first, then the other), the Chinese ones beside a Latin report's, then
 * {@link rare}. A character none of them has is an error before printing, so the machine's own
 * fonts never take part.
 */
/** The family a project's own font file is declared under in the printed page. */
function extraFamily(index: number): string {
  return `report-font-${index + 1}`;
}

export function fontChain(language: string, first: "serif" | "sans"): FontPackage[] {
  const [serif, sans] = fontsFor(language);
  const [fallbackSerif, fallbackSans] = fallbacksFor(language);
  const ordered =
    first === "serif"
      ? [serif, sans, fallbackSerif, fallbackSans]
      : [sans, serif, fallbackSans, fallbackSerif];
  return [...ordered.filter((entry): entry is FontPackage => entry !== undefined), rare];
}

/**
 * `--serif`, `--sans` and `--kai` for a page printed with the packages' fonts alone, a
 * project's own fonts (`extra` of them) standing before {@link rare}.
 */
function familyVariables(language: string, extra = 0): string {
  const list = (faces: FontPackage[]) =>
    faces
      .flatMap((entry) =>
        entry === rare
          ? [...Array.from({ length: extra }, (_, index) => extraFamily(index)), entry.family]
          : [entry.family],
      )
      .map((family) => `"${family}"`)
      .join(", ");
  return (
    `--serif: ${list(fontChain(language, "serif"))} !important; ` +
    `--sans: ${list(fontChain(language, "sans"))} !important; ` +
    `--kai: ${list([kai, ...fontChain(language, "serif")])} !important;`
  );
}

/** The font families the PDF of a page in `language` must have loaded. */
export function fontFamiliesFor(language: string): string[] {
  return fontsFor(language).map((entry) => entry.family);
}

/** The `lang` of an HTML page. */
export function pageLanguage(html: string): string {
  return /<html[^>]*\slang="([^"]+)"/.exec(html)?.[1] ?? "zh-Hant";
}

/**
 * @font-face rules pointing at the packages' font files by absolute file: URL, only those whose
 * unicode-range holds a character of `text`: four weights come as over 400 rules with long
 * ranges, and Chromium is quicker to lay out a page that declares the 60 it needs.
 */
export function fontFaceCss(text: string, coverage: GlyphCoverage = glyphCoverage(text)): string {
  const used = new Set<number>();
  for (const character of text) used.add(character.codePointAt(0) ?? 0);
  const rules: string[] = [];
  // The 楷體 face only for a page whose styles use it (the official theme).
  const language = pageLanguage(text);
  const faces = [
    ...fontsFor(language),
    ...fallbacksFor(language),
    ...(text.includes("var(--kai)") ? [kai] : []),
  ];
  for (const entry of faces) {
    for (const weight of entry.weights) {
      for (const rule of faceRules(entry, weight)) if (coversAny(rule, used)) rules.push(rule);
    }
  }
  for (const rule of faceRules(rare, 400)) if (coversAny(rule, coverage.rare)) rules.push(rule);
  // A project's own fonts, each for the characters it was found to draw.
  [...coverage.extra].forEach(([file, characters], index) => {
    if (characters.size === 0) return;
    const range = [...characters].map((code) => `U+${code.toString(16)}`).join(", ");
    rules.push(
      `@font-face { font-family: "${extraFamily(index)}"; src: url(${pathToFileURL(file).href}); unicode-range: ${range}; }`,
    );
  });
  return rules.join("\n");
}

/**
 * The WOFF files of the sans faces (the report's, and the Chinese one beside a Latin report's)
 * that hold a character of `text`: what charts are drawn with outside a browser. The serif
 * faces stay out: each subset file is a face of its own, and a serif one would stand in for
 * any character the first sans file lacks.
 */
export function sansFontFiles(language: string, text: string): string[] {
  const used = new Set<number>();
  for (const character of text) used.add(character.codePointAt(0) ?? 0);
  const faces = [fontsFor(language)[1], fallbacksFor(language)[1]].filter(
    (entry): entry is FontPackage => entry !== undefined,
  );
  return faces.flatMap((entry) =>
    entry.weights.flatMap((weight) =>
      faceRules(entry, weight)
        .filter((rule) => coversAny(rule, used))
        .flatMap((rule) => [...rule.matchAll(/url\((file:[^)]+\.woff)\)/g)])
        .map((match) => fileURLToPath(match[1] ?? "")),
    ),
  );
}

/**
 * The unicode-range of each font file of a face's regular weight, parsed once a process: the
 * ranges by their first code point, with the highest last code point so far, for a search.
 */
interface RangeIndex {
  low: number[];
  high: number[];
  reach: number[];
  file: string[];
}
const rangesRead = new Map<string, RangeIndex>();

function rangeIndex(entry: FontPackage): RangeIndex {
  let index = rangesRead.get(entry.name);
  if (index) return index;
  const ranges: Array<{ low: number; high: number; file: string }> = [];
  for (const rule of faceRules(entry, entry.weights[0])) {
    const url = /url\((file:[^)]+\.woff2?)\)/.exec(rule)?.[1];
    if (!url) continue;
    const file = fileURLToPath(url);
    const range = /unicode-range:\s*([^;}]+)/.exec(rule)?.[1] ?? "U+0-10FFFF";
    for (const part of range.split(",")) {
      const match = /U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
      if (!match?.[1]) continue;
      const low = Number.parseInt(match[1].replace(/\?/g, "0"), 16);
      const high = Number.parseInt(match[2] ?? match[1].replace(/\?/g, "f"), 16);
      ranges.push({ low, high, file });
    }
  }
  ranges.sort((a, b) => a.low - b.low);
  index = { low: [], high: [], reach: [], file: [] };
  let reach = -1;
  for (const range of ranges) {
    reach = Math.max(reach, range.high);
    index.low.push(range.low);
    index.high.push(range.high);
    index.reach.push(reach);
    index.file.push(range.file);
  }
  rangesRead.set(entry.name, index);
  return index;
}

/**
 * The files of a face's regular weight whose unicode-range holds `code`: the ones the PDF would
 * load for it, whose cmaps {@link glyphCoverage} reads.
 */
export function fontFilesFor(entry: FontPackage, code: number): string[] {
  const { low, high, reach, file } = rangeIndex(entry);
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
    const name = file[at] ?? "";
    if ((high[at] ?? -1) >= code && !files.includes(name)) files.push(name);
  }
  return files;
}

const rulesRead = new Map<string, string[]>();

/**
 * The @font-face rules of one weight of a package, pointing at its files by absolute URL; read
 * once a process (the preview prints many times).
 */
function faceRules(entry: FontPackage, weight: number): string[] {
  const key = `${entry.name}/${weight}`;
  let rules = rulesRead.get(key);
  if (rules) return rules;
  let cssFile: string;
  try {
    cssFile = createRequire(import.meta.url).resolve(
      "stylesheet" in entry ? `${entry.name}/${entry.stylesheet}` : `${key}.css`,
    );
  } catch (error) {
    throw new EnvironmentError(
      `the font package ${entry.name} is not installed (run npm ci); the PDF needs its weight ${weight}`,
      { cause: error },
    );
  }
  const base = `${pathToFileURL(path.dirname(cssFile)).href}/`;
  // The WOFF files (zlib) decode faster than the WOFF2 ones (Brotli): about 0.2 s a report.
  const css = readFileSync(cssFile, "utf8")
    .replace(/src:\s*url\([^)]+\.woff2\)\s*format\('woff2'\),\s*/g, "src: ")
    // A face installed on the machine under the same name is not the package's file.
    .replace(/src:(\s*local\([^)]*\),)+\s*/g, "src: ")
    .replace(/url\((?:\.\/)?([\w.-]+\.woff2?)\)/g, `url(${base}$1)`)
    .replace(/url\(\.\//g, `url(${base}`);
  rules = css.match(/@font-face\s*\{[^}]*\}/g) ?? [];
  rulesRead.set(key, rules);
  return rules;
}

/** Whether a rule's unicode-range (all of Unicode when it has none) holds a used character. */
function coversAny(rule: string, used: ReadonlySet<number>): boolean {
  const range = /unicode-range:\s*([^;}]+)/.exec(rule)?.[1];
  if (!range) return true;
  for (const part of range.split(",")) {
    const match = /U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
    if (!match?.[1]) continue;
    const low = Number.parseInt(match[1].replace(/\?/g, "0"), 16);
    const high = Number.parseInt(match[2] ?? match[1].replace(/\?/g, "f"), 16);
    if (spans(used, low, high)) return true;
  }
  return false;
}

/** Whether a used code point lies in low–high; most ranges are a single point or a few. */
function spans(used: ReadonlySet<number>, low: number, high: number): boolean {
  if (high - low < used.size) {
    for (let code = low; code <= high; code++) if (used.has(code)) return true;
    return false;
  }
  for (const code of used) if (code >= low && code <= high) return true;
  return false;
}

/**
 * The same fonts for a page served over HTTP (the preview): the font files' URLs become
 * `/fonts/<package>/<file>`, which {@link fontFile} maps back to the package's file.
 */
export function servedFontCss(text: string): string {
  return printFontCss(text)
    .replace(
      /url\(file:[^)]*?\/@fontsource\/([a-z-]+)\/files\/([^)]+)\)/g,
      (_, name: string, file: string) => `url(/fonts/${name}/${file})`,
    )
    .replace(
      /url\(file:[^)]*?\/node_modules\/hanamin\/([^)/]+)\)/g,
      (_, file: string) => `url(/fonts/hanamin/${file})`,
    );
}

/** The one font the browser's fontconfig holds (see launch.ts): Noto Sans, regular, Latin. */
export function browserFontFile(): string {
  const [, sans] = latin;
  try {
    const cssFile = createRequire(import.meta.url).resolve(`${sans.name}/400.css`);
    return path.join(path.dirname(cssFile), "files", "noto-sans-latin-400-normal.woff");
  } catch (error) {
    throw new EnvironmentError(
      `the font package ${sans.name} is not installed (run npm ci); the browser needs it`,
      { cause: error },
    );
  }
}

/** The file behind `/fonts/<package>/<file>`, when it is one of the report's font files. */
export function fontFile(name: string, file: string): string | undefined {
  const require = createRequire(import.meta.url);
  if (name === rare.name) {
    if (!/^HanaMin[AB]\.[\w-]+\.woff2$/.test(file)) return undefined;
    try {
      return path.join(path.dirname(require.resolve(`${rare.name}/${rare.stylesheet}`)), file);
    } catch {
      return undefined;
    }
  }
  const entry = packages.find((candidate) => candidate.name === `@fontsource/${name}`);
  if (!entry || !/^[a-z0-9-]+\.woff2?$/.test(file)) return undefined;
  try {
    const cssFile = require.resolve(`${entry.name}/400.css`);
    return path.join(path.dirname(cssFile), "files", file);
  } catch {
    return undefined;
  }
}

/** The stylesheet added for printing `text`: its fonts, and the families that use them alone. */
export function printFontCss(text: string, extraFonts: readonly string[] = []): string {
  const coverage = glyphCoverage(text, undefined, extraFonts);
  // A chart's text names the report's sans face alone (its SVG stands on its own too); in the
  // page it takes the whole chain, so that a rare character in a label prints as well.
  return `${fontFaceCss(text, coverage)}\n:root { ${familyVariables(pageLanguage(text), extraFonts.length)} }\nsvg text { font-family: var(--sans) !important; }\n`;
}

export interface FontPackageCheck {
  name: string;
  weight: number;
  /** Font files the package's stylesheet names, and those of them that are not on disk. */
  files: number;
  missing: string[];
  /** Why the package could not be read at all. */
  error?: string;
}

/** Whether every font file the PDF may need is installed: for `report doctor`. */
export function checkFontPackages(): FontPackageCheck[] {
  const require = createRequire(import.meta.url);
  const checks: FontPackageCheck[] = [];
  for (const entry of packages) {
    for (const weight of entry.weights) {
      try {
        const cssFile = require.resolve(
          "stylesheet" in entry
            ? `${entry.name}/${entry.stylesheet}`
            : `${entry.name}/${weight}.css`,
        );
        const css = readFileSync(cssFile, "utf8");
        // The WOFF files where a package has both (see faceRules), else its WOFF2 ones.
        const pattern = css.includes(".woff)")
          ? /url\((?:\.\/)?([^)]+\.woff)\)/g
          : /url\((?:\.\/)?([^)]+\.woff2)\)/g;
        const files = [...css.matchAll(pattern)].map((match) =>
          path.join(path.dirname(cssFile), match[1] ?? ""),
        );
        const missing = files.filter((file) => !existsSync(file));
        checks.push({ name: entry.name, weight, files: files.length, missing });
      } catch (error) {
        checks.push({
          name: entry.name,
          weight,
          files: 0,
          missing: [],
          error: error instanceof Error ? error.message.split("\n")[0] : String(error),
        });
      }
    }
  }
  return checks;
}

/**
 * The fonts report.html carries for the characters a reader's machine is least likely to have:
 * those only {@link rare} or a project font has. Each font is cut down to those characters
 * (subset-font, with HarfBuzz) and carried in the page itself as the family "report-rare" that
 * the stylesheet's stacks start with: its unicode-range holds those characters alone, so every
 * other character is drawn as before. (Chromium draws an empty box rather than passing a
 * character a system CJK font lacks on to a later family, so it has to come first; and a page
 * opened from disk may load no font file beside it, so it is in the page.)
 * Nothing for a report without such characters.
 */
export async function screenFontCss(
  html: string,
  extraFonts: readonly string[] = [],
): Promise<string> {
  const coverage = glyphCoverage(html, undefined, extraFonts);
  const byFile = new Map<string, number[]>();
  for (const code of coverage.rare) {
    const file = fontFilesFor(rare, code).find((candidate) => charactersOf(candidate).has(code));
    if (file) byFile.set(file, [...(byFile.get(file) ?? []), code]);
  }
  for (const [file, characters] of coverage.extra) {
    if (characters.size) byFile.set(file, [...characters]);
  }
  if (byFile.size === 0) return "";
  const { default: subsetFont } = await import("subset-font");
  const rules: string[] = [];
  for (const [source, codes] of byFile) {
    codes.sort((a, b) => a - b);
    const font = await subsetFont(readFileSync(source), String.fromCodePoint(...codes), {
      targetFormat: "woff2",
    });
    const range = codes.map((code) => `U+${code.toString(16).toUpperCase()}`).join(", ");
    rules.push(
      `@font-face { font-family: "report-rare"; src: url(data:font/woff2;base64,${Buffer.from(font).toString("base64")}) format("woff2"); unicode-range: ${range}; }`,
    );
  }
  return rules.join("\n");
}
