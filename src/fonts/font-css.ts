import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { charactersOf, type GlyphCoverage, glyphCoverage, textCharacters } from "./coverage.js";
import {
  type FontPackage,
  fallbacksFor,
  fontChain,
  fontFilesFor,
  fontsFor,
  kai,
  packages,
  pageLanguage,
  rare,
  rulesCovering,
  stylesheetFile,
} from "./faces.js";

// The stylesheets that declare the faces of faces.ts: for printing, for the preview's page, for
// report.html's rare characters, and for charts drawn outside a browser; and the check of the
// font packages for report doctor.

/** The family a project's own font file is declared under in the printed page. */
function extraFamily(index: number): string {
  return `report-font-${index + 1}`;
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

/**
 * @font-face rules pointing at the packages' font files by absolute file: URL, only those whose
 * unicode-range holds a character of `text`: four weights come as over 400 rules with long
 * ranges, and Chromium is quicker to lay out a page that declares the 60 it needs.
 */
export function fontFaceCss(text: string, coverage: GlyphCoverage): string {
  const used = new Set(textCharacters(text).codes);
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
      rules.push(...rulesCovering(entry, weight, used));
    }
  }
  rules.push(...rulesCovering(rare, 400, coverage.rare));
  // A project's own fonts, each for the characters it was found to draw.
  [...coverage.extra].forEach(([file, characters], index) => {
    if (characters.size === 0) return;
    // In code point order: the same characters give the same rule whatever text they came in.
    const range = [...characters]
      .sort((a, b) => a - b)
      .map((code) => `U+${code.toString(16)}`)
      .join(", ");
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
  const used = new Set(textCharacters(text).codes);
  const faces = [fontsFor(language)[1], fallbacksFor(language)[1]].filter(
    (entry): entry is FontPackage => entry !== undefined,
  );
  return faces.flatMap((entry) =>
    entry.weights.flatMap((weight) =>
      rulesCovering(entry, weight, used)
        .flatMap((rule) => [...rule.matchAll(/url\((file:[^)]+\.woff)\)/g)])
        .map((match) => fileURLToPath(match[1] ?? "")),
    ),
  );
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
  const checks: FontPackageCheck[] = [];
  for (const entry of packages) {
    for (const weight of entry.weights) {
      try {
        const cssFile = stylesheetFile(entry, weight);
        const css = readFileSync(cssFile, "utf8");
        // The WOFF files where a package has both (see faces.ts), else its WOFF2 ones.
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
