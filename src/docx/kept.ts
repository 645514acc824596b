import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import path from "node:path";
import { checksum } from "../fonts/woff.js";
import { type KeptKind, keep, packageOf, readKept } from "../services/kept-files.js";

/**
 * What report.docx is made of that a build can keep for the next one, in the user's cache
 * folder: the fonts it embeds (joining a CJK face's hundred files is most of what its fonts
 * cost) and the PNG beside each chart (drawing them is most of the rest). The same inputs make
 * the same bytes, so each file is named by a hash of all it is made from, and read back only
 * if it is whole. At most {@link kept} of a kind are kept, the least recently used removed
 * first; a cache that cannot be written is simply not used (services/kept-files.ts).
 */

/** How many files of a kind the cache keeps: a few reports' worth. */
const kept = 48;

const fonts: KeptKind = {
  folder: "fonts",
  extension: "ttf",
  kept,
  // An sfnt's words sum to 0xB1B0AFBA, as head.checkSumAdjustment makes them.
  whole: (font) => font.length >= 12 && font.length % 4 === 0 && checksum(font) === 0xb1b0afba,
};

const pictures: KeptKind = {
  folder: "charts",
  extension: "png",
  kept,
  // The PNG signature first and the IEND chunk last.
  whole(png) {
    return (
      png.length > 20 &&
      png.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])) &&
      png.subarray(-12).equals(Buffer.from([0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130]))
    );
  },
};

/** A font joined from `sources` (each file and the characters taken from it), made once. */
export async function keptFont(
  sources: ReadonlyArray<{ file: string; codes: readonly number[] }>,
  make: () => Promise<Buffer>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Buffer> {
  const hash = createHash("sha256");
  for (const source of sources) {
    // A font package's files are dated alike whatever its version: its version tells them apart.
    const size = statSync(source.file).size;
    hash.update(`${packageOf(source.file)} ${path.basename(source.file)} ${size}\n`);
    hash.update(`${source.codes.join(",")}\n`);
  }
  const key = hash.digest("hex");
  const found = readKept(fonts, key, env);
  if (found) return found;
  const font = await make();
  keep(fonts, key, font, env);
  return font;
}

/**
 * The key of a chart's picture: its SVG, and the fonts it is drawn with (`fontFiles`, each
 * named by its package and version).
 */
export function pictureKey(svg: string, fontFiles: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of fontFiles) hash.update(`${packageOf(file)} ${path.basename(file)}\n`);
  return hash.update(svg).digest("hex");
}

export function readPicture(key: string, env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  return readKept(pictures, key, env);
}

export function keepPicture(key: string, png: Buffer, env: NodeJS.ProcessEnv = process.env): void {
  keep(pictures, key, png, env);
}
