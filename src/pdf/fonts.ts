import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { EnvironmentError } from "../errors.js";

/**
 * The PDF's fonts come from npm packages, not from the machine, so the PDF is the same
 * everywhere. Fontsource's static Noto TC weights have TrueType outlines, which Chromium embeds
 * as subset CID TrueType fonts (CFF and variable fonts become Type 3 pictures instead). Each
 * weight is split by unicode-range into small files; Chromium loads only those the text needs.
 */
const packages = [
  { name: "@fontsource/noto-serif-tc", family: "Noto Serif TC", weights: [400, 700] },
  { name: "@fontsource/noto-sans-tc", family: "Noto Sans TC", weights: [400, 500, 700] },
] as const;

export const fontFamilies = packages.map((entry) => entry.family);

/** @font-face rules pointing at the packages' font files by absolute file: URL. */
export function fontFaceCss(): string {
  const require = createRequire(import.meta.url);
  const rules: string[] = [];
  for (const entry of packages) {
    for (const weight of entry.weights) {
      let cssFile: string;
      try {
        cssFile = require.resolve(`${entry.name}/${weight}.css`);
      } catch (error) {
        throw new EnvironmentError(
          `the font package ${entry.name} is not installed (run npm ci); the PDF needs its weight ${weight}`,
          { cause: error },
        );
      }
      const base = `${pathToFileURL(path.dirname(cssFile)).href}/`;
      rules.push(readFileSync(cssFile, "utf8").replace(/url\(\.\//g, `url(${base}`));
    }
  }
  return rules.join("\n");
}

/** The stylesheet added for printing: the fonts, and the families that use them alone. */
export function printFontCss(): string {
  const [serif, sans] = fontFamilies;
  return `${fontFaceCss()}\n:root { --serif: "${serif}"; --sans: "${sans}"; }\n`;
}
