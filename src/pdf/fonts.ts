import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { EnvironmentError } from "../core/errors.js";
import { isChinese, writingOf } from "../core/language.js";

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
const packages = [...traditional, ...simplified, ...latin, kai];

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

/** `--serif` and `--sans` for a page printed with the packages' fonts alone. */
function familyVariables(language: string): string {
  const list = (index: 0 | 1) =>
    [fontsFor(language)[index], fallbacksFor(language)[index]]
      .flatMap((entry) => (entry ? [`"${entry.family}"`] : []))
      .join(", ");
  return `--serif: ${list(0)} !important; --sans: ${list(1)} !important; --kai: "${kai.family}" !important;`;
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
export function fontFaceCss(text: string): string {
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
    cssFile = createRequire(import.meta.url).resolve(`${key}.css`);
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
    .replace(/url\(\.\//g, `url(${base}`);
  rules = css.match(/@font-face\s*\{[^}]*\}/g) ?? [];
  rulesRead.set(key, rules);
  return rules;
}

/** Whether a rule's unicode-range (all of Unicode when it has none) holds a used character. */
function coversAny(rule: string, used: Set<number>): boolean {
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
function spans(used: Set<number>, low: number, high: number): boolean {
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
  return printFontCss(text).replace(
    /url\(file:[^)]*?\/@fontsource\/([a-z-]+)\/files\/([^)]+)\)/g,
    (_, name: string, file: string) => `url(/fonts/${name}/${file})`,
  );
}

/** The file behind `/fonts/<package>/<file>`, when it is one of the report's font files. */
export function fontFile(name: string, file: string): string | undefined {
  const entry = packages.find((candidate) => candidate.name === `@fontsource/${name}`);
  if (!entry || !/^[a-z0-9-]+\.woff2?$/.test(file)) return undefined;
  const require = createRequire(import.meta.url);
  try {
    const cssFile = require.resolve(`${entry.name}/400.css`);
    return path.join(path.dirname(cssFile), "files", file);
  } catch {
    return undefined;
  }
}

/** The stylesheet added for printing `text`: its fonts, and the families that use them alone. */
export function printFontCss(text: string): string {
  return `${fontFaceCss(text)}\n:root { ${familyVariables(pageLanguage(text))} }\n`;
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
        const cssFile = require.resolve(`${entry.name}/${weight}.css`);
        const css = readFileSync(cssFile, "utf8");
        const files = [...css.matchAll(/url\(\.\/([^)]+\.woff)\)/g)].map((match) =>
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
