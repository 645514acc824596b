import path from "node:path";
import { UsageError } from "./errors.js";
import { displayPath, loadYear } from "./load/year.js";
import { buildView } from "./model/view.js";
import { writeAtomically } from "./output/atomic.js";
import { builtinTemplates } from "./paths.js";
import { renderReport } from "./render/render.js";
import { readTemplates, TemplateEngine, TemplateError } from "./render/templates.js";
import type { Issue } from "./validate/issue.js";
import { validateYear } from "./validate/year.js";

export const formats = ["md", "html", "pdf"] as const;
export type Format = (typeof formats)[number];
export const defaultFormats: Format[] = ["md", "html"];

export interface RunOptions {
  /** The folder relative paths are resolved against and shown relative to. */
  cwd: string;
  years: number[];
  /** Records folder; defaults to `<cwd>/data`. */
  data?: string;
}

export interface BuildOptions extends RunOptions {
  formats?: Format[];
  /** Output folder; each year goes to `<out>/<year>/`. Defaults to `<cwd>/out`. */
  out?: string;
  /** A folder of templates that replace the built-in ones of the same name. */
  templates?: string;
}

export interface WrittenFile {
  format: Format;
  path: string;
  bytes: number;
}

export interface YearResult {
  year: number;
  errors: Issue[];
  warnings: Issue[];
  files: WrittenFile[];
  milliseconds: number;
}

/**
 * Checks each year as a build would, records and templates and narrative, but writes nothing.
 */
export async function validate(
  options: RunOptions & { templates?: string },
): Promise<YearResult[]> {
  return run(options, []);
}

/**
 * Builds each year: load, validate, render every requested format in memory, then write them
 * all at once. A year with errors writes nothing, so its previous outputs stay as they were.
 */
export async function build(options: BuildOptions): Promise<YearResult[]> {
  const requested = options.formats ?? defaultFormats;
  if (requested.includes("pdf")) {
    throw new UsageError(
      "the pdf format is not available in this version yet; use --format md,html",
    );
  }
  return run(options, requested);
}

async function run(options: BuildOptions, requested: Format[]): Promise<YearResult[]> {
  const dataDir = path.resolve(options.cwd, options.data ?? "data");
  const outDir = path.resolve(options.cwd, options.out ?? "out");
  const show = (file: string) => displayPath(options.cwd, file);
  const engine = await createEngine(options, show);

  const results: YearResult[] = [];
  for (const year of options.years) {
    const started = performance.now();
    const loaded = await loadYear(options.cwd, dataDir, year);
    const validation = validateYear(loaded);
    const result: YearResult = {
      year,
      errors: validation.errors,
      warnings: validation.warnings,
      files: [],
      milliseconds: 0,
    };
    results.push(result);
    if (validation.records) {
      const recordTexts = new Map(
        Object.values(loaded.files).map((file) => [file.display, file.text]),
      );
      try {
        const rendered = renderReport(
          buildView(validation.records, loaded.files),
          engine,
          recordTexts,
        );
        const files = requested.map((format) => ({
          format,
          path: path.join(outDir, String(year), `report.${format}`),
          content: format === "md" ? rendered.markdown : rendered.html,
        }));
        await writeAtomically(files, show);
        result.files = files.map(({ format, path: file, content }) => ({
          format,
          path: file,
          bytes: Buffer.byteLength(content),
        }));
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        result.errors.push(error.issue);
      }
    }
    result.milliseconds = performance.now() - started;
  }
  return results;
}

/** The built-in templates, with the user's folder (if any) replacing files of the same name. */
async function createEngine(
  options: BuildOptions,
  show: (file: string) => string,
): Promise<TemplateEngine> {
  const folders = [{ dir: builtinTemplates, display: show(builtinTemplates) }];
  if (options.templates) {
    const dir = path.resolve(options.cwd, options.templates);
    folders.push({ dir, display: show(dir) });
  }
  try {
    return new TemplateEngine(await readTemplates(folders));
  } catch (error) {
    if (error instanceof TemplateError) throw error;
    throw new UsageError(`cannot read the templates: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
