import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fontsFor } from "../fonts/faces.js";
import { sansFontFiles } from "../fonts/font-css.js";
import { woffToSfnt } from "../fonts/woff.js";
import { keepPicture, pictureKey, readPicture } from "./kept.js";

/**
 * Each chart as a PNG beside its SVG, for word processors that do not draw SVG: drawn by resvg
 * with the report's own sans fonts (the font packages' WOFF files that hold the chart's characters,
 * unwrapped to sfnt in a folder of the run's own, removed afterwards), at 1.5 times the size:
 * 144 pixels to the inch at the size the document shows it.
 */
export async function chartPngs(
  charts: ReadonlyMap<string, string>,
  language: string,
): Promise<Map<string, Buffer>> {
  const result = new Map<string, Buffer>();
  // A picture drawn by an earlier build of the same chart with the same fonts is kept (kept.ts).
  const keys = new Map(
    [...charts].map(([name, svg]) => [name, pictureKey(svg, sansFontFiles(language, svg))]),
  );
  const toDraw = new Map<string, string>();
  for (const [name, svg] of charts) {
    const kept = readPicture(keys.get(name) ?? "");
    if (kept) result.set(name, kept);
    else toDraw.set(name, svg);
  }
  if (toDraw.size === 0) return result;
  // resvg (a native module) is loaded only when a picture is drawn: most builds find them kept.
  const { renderAsync } = await import("@resvg/resvg-js");
  const files = sansFontFiles(language, [...toDraw.values()].join(""));
  const folder = await mkdtemp(path.join(tmpdir(), "report-chart-fonts-"));
  try {
    const fontFiles: string[] = [];
    for (const [index, file] of [...new Set(files)].entries()) {
      const sfnt = path.join(folder, `${index}.ttf`);
      await writeFile(sfnt, woffToSfnt(await readFile(file)));
      fontFiles.push(sfnt);
    }
    const [, sans] = fontsFor(language);
    // Drawn on libuv's threads, all charts at once.
    const drawn = await Promise.all(
      [...toDraw].map(async ([name, svg]) => {
        const image = await renderAsync(svg, {
          fitTo: { mode: "zoom", value: 1.5 },
          background: "white",
          font: {
            fontFiles,
            loadSystemFonts: false,
            defaultFontFamily: sans.family,
            sansSerifFamily: sans.family,
          },
        });
        return [name, image.asPng()] as const;
      }),
    );
    for (const [name, png] of drawn) {
      result.set(name, png);
      keepPicture(keys.get(name) ?? "", png);
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  return result;
}
