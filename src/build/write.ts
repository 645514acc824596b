import path from "node:path";
import type { PDFDocument } from "pdf-lib";
import { displayPath } from "../core/paths.js";
import { commitFiles } from "../output/commit.js";
import type { Templates } from "./engine.js";
import type { BuildOptions, Format } from "./options.js";
import { yearFiles } from "./year-files.js";
import { type RenderedYear, stageEnded } from "./year-result.js";

/**
 * The write stage of a rendered year: its files made in the formats asked for (year-files.ts)
 * and written at once, every one or none (output/commit.ts).
 */
export async function writeYear(
  entry: RenderedYear,
  requested: readonly Format[],
  outDir: string,
  printed: PDFDocument | undefined,
  run: { options: BuildOptions; templates: Templates },
): Promise<void> {
  const started = performance.now();
  const { cwd, progress } = run.options;
  const context = {
    env: run.options.env ?? process.env,
    engine: run.templates.engine,
    cwd,
    warnings: entry.result.warnings,
  };
  const files = await yearFiles(entry, requested, outDir, printed, context);
  await commitFiles(path.join(outDir, String(entry.year)), files, (file) => displayPath(cwd, file));
  entry.result.files = files.map((file) => ({
    format: path.extname(file.path).slice(1) as Format | "svg",
    path: file.path,
    bytes: Buffer.byteLength(file.content),
  }));
  stageEnded(entry.result, "write", started, progress, true);
}
