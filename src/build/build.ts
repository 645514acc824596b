import path from "node:path";
import type { PDFDocument } from "pdf-lib";
import { chartStyle, drawCharts, inlineCharts, linkedCharts } from "../charts/index.js";
import type { Issue } from "../core/issue.js";
import { isChinese, type Script } from "../core/language.js";
import { builtinTemplates } from "../core/paths.js";
import { clearTrace, measured } from "../core/trace.js";
import type { YamlFile } from "../load/yaml-file.js";
import { displayPath, loadYear } from "../load/year.js";
import type { ChartSpec } from "../model/charts.js";
import { buildView, type View } from "../model/view.js";
import { commitFiles, recoverCommits } from "../output/commit.js";
import { refuseOutputAmongInputs } from "../output/out-dir.js";
import type { BrowserManager } from "../pdf/browser.js";
import { findProject, isDirectory, type Project, recordsFolder } from "../project/config.js";
import { type Trace, traced } from "../render/figure-trace.js";
import { convertReport, type RenderedReport, renderReport } from "../render/render.js";
import { scriptConverter } from "../render/script.js";
import { TemplateError } from "../render/templates.js";
import { defaultFormats, outputFormats, type Theme } from "../schema/config.js";
import type { RecordFileName, Records } from "../schema/index.js";
import { removeLeftInTemporaryFolder } from "../services/cleanup.js";
import { validateYear } from "../validate/year.js";
import { createEngine, type Templates } from "./engine.js";
import { glyphCheck } from "./glyph-check.js";
import {
  browserForBuild,
  defaultTimeout,
  printInMemory,
  printYears,
  startBrowser,
} from "./print-pdf.js";
import { yearFiles } from "./year-files.js";

export { watchTargets } from "./watch.js";
export { defaultTimeout, printInMemory, startBrowser };

export const formats = outputFormats;
export type Format = (typeof formats)[number];
export { defaultFormats };

export interface RunOptions {
  /** The folder relative paths are resolved against and shown relative to. */
  cwd: string;
  years: number[];
  /** Records folder; defaults to the project's `data/`. */
  data?: string;
  /**
   * A folder of templates that replace the built-in ones of the same name; the project's own
   * `templates/` is used without it being named.
   */
  templates?: string;
  /** Called as each stage of a year ends, for progress lines. */
  progress?: (event: StageEvent) => void;
  /** Writes the outputs in this script; defaults to the config's, else the records' own. */
  script?: Script;
  /** The look: default, or official (GB/T 9704); defaults to the config's. */
  theme?: Theme;
}

export const stages = ["load", "validate", "render", "print", "write"] as const;
export type Stage = (typeof stages)[number];

export interface StageEvent {
  year: number;
  stage: Stage;
  milliseconds: number;
}

export interface BuildOptions extends RunOptions {
  formats?: Format[];
  /** Output folder; each year goes to `<out>/<year>/`. Defaults to the project's `out/`. */
  out?: string;
  /** The browser that prints the PDF; found on the machine when not given. */
  browser?: string;
  /** How long one print may take, in milliseconds. */
  timeout?: number;
  /** Environment for finding the browser and SOURCE_DATE_EPOCH; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * A browser the caller keeps running across builds (watch mode, the preview server); the
   * build then neither starts nor closes one.
   */
  manager?: BrowserManager;
}

export interface WrittenFile {
  /** The format, or svg for a chart written beside report.md. */
  format: Format | "svg";
  path: string;
  bytes: number;
}

export interface YearResult {
  year: number;
  errors: Issue[];
  warnings: Issue[];
  files: WrittenFile[];
  /** How many times the whole report was printed for its PDF: 1 unless its template keeps it from it. */
  prints?: number;
  /** Whether the cover and contents were printed again alone, with their page numbers. */
  frontPrinted?: boolean;
  /** Pages of the PDF, when one was printed. */
  pages?: number;
  /** How long each stage took, in milliseconds. */
  stages: Partial<Record<Stage, number>>;
  milliseconds: number;
}

/** Checks each year as a build would (records, templates, narrative) but writes nothing. */
export async function validate(options: RunOptions): Promise<YearResult[]> {
  const project = await findProject(options.cwd);
  const templates = await createEngine(options, project);
  const results: YearResult[] = [];
  for (const year of options.years) {
    results.push((await renderYear(options, project, templates, year, undefined, true)).result);
  }
  return results;
}

/**
 * Builds each year: load, validate, render every requested format in memory, print the PDFs
 * (one browser for the run, pages in parallel), then write each year's files at once. A year
 * with errors writes nothing, so its previous outputs stay as they were.
 */
export async function build(options: BuildOptions): Promise<YearResult[]> {
  const project = await findProject(options.cwd);
  // --format, else the project's `formats`, else md, html and pdf.
  const requested = options.formats ?? project.config?.formats ?? defaultFormats;
  const outDir = options.out ? path.resolve(options.cwd, options.out) : project.outDir;
  refuseOutputAmongInputs(
    outDir,
    [
      { dir: recordsFolder(project, options), what: "the records", yearsOnly: true },
      { dir: project.templatesDir, what: "the templates" },
      { dir: builtinTemplates, what: "the built-in templates" },
      ...(options.templates
        ? [{ dir: path.resolve(options.cwd, options.templates), what: "the templates" }]
        : []),
    ],
    options.cwd,
  );
  // The trace (--trace) holds this build's steps alone, and a process that builds again and
  // again (--watch) keeps no timeline of the earlier builds.
  clearTrace();
  const env = options.env ?? process.env;
  // Outputs a killed build left half replaced are put back (or finished) before anything
  // else; what dead runs left in the temporary folder (a profile, a lock) goes too.
  for (const year of options.years) recoverCommits(path.join(outDir, String(year)));
  removeLeftInTemporaryFolder();
  // The browser is found first, and starts while the records are read and rendered.
  const shared = options.manager;
  const { starting, stopIfNoBrowser } = requested.includes("pdf")
    ? await browserForBuild(options, shared)
    : { starting: undefined, stopIfNoBrowser: () => undefined };
  let closing: Promise<void> | undefined;
  try {
    const templates = await createEngine(options, project);
    const rendered: RenderedYear[] = [];
    for (const year of options.years) {
      stopIfNoBrowser();
      rendered.push(
        await renderYear(options, project, templates, year, {
          folder: path.join(outDir, String(year)),
          // Markdown alone is text: only a page, a PDF or a document is drawn with fonts.
          glyphs: requested.some((format) => format !== "md"),
          output: displayPath(options.cwd, path.join(outDir, String(year), "report.html")),
        }),
      );
    }
    const printable = rendered.filter((entry) => entry.report !== undefined);

    // Every PDF is printed first, two pages at a time on the one browser; the browser then
    // closes while the PDFs are finished and the files written.
    let printed = new Map<number, PDFDocument>();
    if (starting && printable.length > 0) {
      const browser = await starting;
      printed = await printYears(printable, browser, outDir, options.progress, Boolean(shared));
      if (!shared) closing = browser.close();
    }

    for (const entry of printable) {
      const started = performance.now();
      const [{ engine }, { cwd }, { warnings }] = [templates, options, entry.result];
      const context = { env, engine, cwd, warnings };
      const files = await yearFiles(entry, requested, outDir, printed.get(entry.year), context);
      await commitFiles(path.join(outDir, String(entry.year)), files, (file) =>
        displayPath(options.cwd, file),
      );
      entry.result.files = files.map((file) => ({
        format: path.extname(file.path).slice(1) as Format | "svg",
        path: file.path,
        bytes: Buffer.byteLength(file.content),
      }));
      const milliseconds = performance.now() - started;
      entry.result.milliseconds += milliseconds;
      entry.result.stages.write = milliseconds;
      measured(`${entry.year} write`, started);
      options.progress?.({ year: entry.year, stage: "write", milliseconds });
    }
    return rendered.map((entry) => entry.result);
  } finally {
    if (!shared) await (closing ?? (await starting?.catch(() => undefined))?.close());
  }
}

export interface RenderedYear {
  year: number;
  /** Each chart the report shows, as the SVG file beside report.md. */
  charts?: Map<string, string>;
  result: YearResult;
  view?: View;
  report?: RenderedReport;
  /** The record files read, with their positions. */
  files?: Partial<Record<RecordFileName, YamlFile>>;
}

/**
 * One year checked and rendered in memory (Markdown and HTML), nothing written: what the
 * preview server shows. Templates are read afresh, so edits to them count.
 */
export async function renderInMemory(options: RunOptions, year: number): Promise<RenderedYear> {
  const project = await findProject(options.cwd);
  return renderYear(options, project, await createEngine(options, project), year, {
    glyphs: true,
  });
}

/**
 * One year rendered again with every figure traced to the call that printed it, for `report
 * figures`: the report as built, the Markdown the templates wrote (marked), and the records.
 */
export async function traceInMemory(
  options: RunOptions,
  year: number,
): Promise<RenderedYear & { traced?: { marked: string; trace: Trace } }> {
  const project = await findProject(options.cwd);
  const templates = await createEngine(options, project);
  const rendered = await renderYear(options, project, templates, year);
  if (!rendered.view || !rendered.report || !rendered.files) return rendered;
  const { view, files } = rendered;
  const texts = new Map(Object.values(files).map((file) => [file.display, file.text]));
  const { result: marked, trace } = traced(() =>
    templates.engine.render("report.md.hbs", view, texts),
  );
  return { ...rendered, traced: { marked, trace } };
}

/**
 * Last year's records, when they are in the project and valid: the report then compares. A
 * previous year with errors gives a warning and no comparison, never an error of this year.
 */
async function previousYear(
  options: RunOptions,
  project: Project,
  year: number,
  result: YearResult,
): Promise<{ year: number; records: Records } | undefined> {
  const dataDir = recordsFolder(project, options);
  const folder = path.join(dataDir, String(year - 1));
  if (!(await isDirectory(folder))) return undefined;
  const validation = validateYear(
    await loadYear(options.cwd, dataDir, year - 1, {
      encoding: project.config?.encoding,
      root: project.root,
    }),
  );
  if (validation.records) return { year: year - 1, records: validation.records };
  result.warnings.push({
    severity: "warning",
    file: displayPath(options.cwd, folder),
    message: `${year - 1} has ${validation.errors.length} error${validation.errors.length === 1 ? "" : "s"}; this report is not compared with it (report validate ${year - 1} shows them)`,
  });
  return undefined;
}

/**
 * Loads, checks and renders one year in memory. With `drawing`, the charts the templates place
 * are drawn and put into the HTML (reusing those of an earlier build in `drawing.folder`);
 * without it (validate) they are only checked. With `glyphs`, every character shown is checked
 * against the fonts before anything is printed.
 */
async function renderYear(
  options: RunOptions,
  project: Project,
  templates: Templates,
  year: number,
  drawing?: { folder?: string; glyphs?: boolean; output?: string },
  checkGlyphs = drawing?.glyphs ?? false,
): Promise<RenderedYear> {
  const result: YearResult = {
    year,
    errors: [],
    warnings: [],
    files: [],
    stages: {},
    milliseconds: 0,
  };
  /** Records how long a stage took since `since`, and returns the time it ended. */
  const stage = (name: Stage, since: number) => {
    const now = performance.now();
    result.stages[name] = now - since;
    measured(`${year} ${name}`, since, now);
    options.progress?.({ year, stage: name, milliseconds: now - since });
    return now;
  };
  const started = performance.now();
  const dataDir = recordsFolder(project, options);
  const loaded = await loadYear(options.cwd, dataDir, year, {
    encoding: project.config?.encoding,
    root: project.root,
  });
  const loadedAt = stage("load", started);
  const validation = validateYear(loaded);
  const { engine } = templates;
  result.errors = validation.errors;
  result.warnings = [...validation.warnings, ...templates.notices];
  const validatedAt = stage("validate", loadedAt);
  let view: View | undefined;
  let report: RenderedReport | undefined;
  let charts: Map<string, string> | undefined;
  if (validation.records) {
    const recordTexts = new Map(
      Object.values(loaded.files).map((file) => [file.display, file.text]),
    );
    const report_ = validation.records["report.yaml"];
    let script = options.script ?? project.config?.script;
    if (script && !isChinese(report_.language)) {
      // Scripts are a Chinese matter: an English report is left as it is written.
      result.warnings.push({
        severity: "warning",
        file: loaded.files["report.yaml"]?.display ?? "report.yaml",
        message: `--script ${script} is for Chinese reports; this one is in ${report_.language} and is left as written`,
      });
      script = undefined;
    }
    const convert = script
      ? await scriptConverter(script, project.config?.glossary ?? {})
      : undefined;
    try {
      const previous = await previousYear(options, project, year, result);
      const modelled = performance.now();
      view = buildView({
        records: validation.records,
        files: loaded.files,
        previous,
        words: (locale) => engine.words(locale),
        config: project.config,
        theme: options.theme,
        script: script && convert ? { script, convert } : undefined,
      });
      measured(`${year} render: the view, every figure worked out`, modelled);
      report = renderReport(view, engine, recordTexts);
      if (drawing) {
        const placed = linkedCharts(report.markdown);
        const linked = Object.values(view.charts).filter(
          (spec): spec is ChartSpec => spec !== null && placed.includes(spec.name),
        );
        charts = new Map([
          ...(await drawCharts(linked, chartStyle(view.language), drawing.folder)),
          ...(await drawCharts(linked, chartStyle(view.language, "narrow"), drawing.folder)),
        ]);
        report = { ...report, html: inlineCharts(report.html, linked, charts) };
      }
      if (convert) report = convertReport(report, convert);
      const fonts = (project.config?.fonts ?? []).map((file) => path.resolve(project.root, file));
      if (fonts.length) report = { ...report, fonts };
      if (checkGlyphs) {
        const issues = glyphCheck({
          html: report.html,
          view,
          recordTexts,
          project,
          fonts,
          cwd: options.cwd,
          shownIn:
            drawing?.output ??
            `${displayPath(options.cwd, recordsFolder(project, options))}/${year}`,
        });
        result.errors.push(...issues.filter((issue) => issue.severity === "error"));
        result.warnings.push(...issues.filter((issue) => issue.severity === "warning"));
        if (result.errors.length) report = undefined;
      }
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      result.errors.push(error.issue);
      report = undefined;
    }
    stage("render", validatedAt);
  }
  result.milliseconds = performance.now() - started;
  return {
    year,
    result,
    files: loaded.files,
    ...(view && report ? { view, report } : {}),
    ...(view && report && charts ? { charts } : {}),
  };
}
