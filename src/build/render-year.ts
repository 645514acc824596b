import path from "node:path";
import { displayPath, loadYear } from "../load/year.js";
import { type Project, recordsFolder } from "../project/config.js";
import type { RenderedReport } from "../render/render.js";
import { renderReport } from "../render/render.js";
import { TemplateError } from "../render/templates.js";
import { validateYear } from "../validate/year.js";
import { withCharts } from "./draw-charts.js";
import type { Templates } from "./engine.js";
import { glyphCheck } from "./glyph-check.js";
import type { RunOptions } from "./options.js";
import { scriptOfYear, viewOfYear } from "./view.js";
import { type RenderedYear, yearClock } from "./year-result.js";

/**
 * One year read, checked and rendered in memory, nothing written; each step in its own module:
 *
 *   load      the record files, decoded, with positions (load/)
 *   validate  schemas and cross-field rules (validate/)
 *   render    the view in its script (view.ts), the templates' Markdown and the HTML (render/),
 *             the charts drawn into it (draw-charts.ts), the glyph check (glyph-check.ts)
 *
 * With `drawing`, the charts the templates place are drawn and put into the HTML (reusing those
 * of an earlier build in `drawing.folder`); without it (validate) they are only checked. With
 * `glyphs`, every character shown is checked against the fonts before anything is printed.
 */
export async function renderYear(
  options: RunOptions,
  project: Project,
  templates: Templates,
  year: number,
  drawing?: { folder?: string; glyphs?: boolean; output?: string },
  checkGlyphs = drawing?.glyphs ?? false,
): Promise<RenderedYear> {
  const { result, stage } = yearClock(year, options.progress);
  const started = performance.now();
  const loaded = await loadYear(options.cwd, recordsFolder(project, options), year, {
    encoding: project.config?.encoding,
    root: project.root,
  });
  const loadedAt = stage("load", started);
  const validation = validateYear(loaded);
  result.errors = validation.errors;
  result.warnings = [...validation.warnings, ...templates.notices];
  const validatedAt = stage("validate", loadedAt);
  const records = validation.records;
  if (!records) {
    result.milliseconds = performance.now() - started;
    return { year, result, files: loaded.files };
  }
  const recordTexts = new Map(Object.values(loaded.files).map((file) => [file.display, file.text]));
  const reportFile = loaded.files["report.yaml"]?.display ?? "report.yaml";
  const script = await scriptOfYear(
    options,
    project,
    records["report.yaml"],
    reportFile,
    result.warnings,
  );
  let rendered: Pick<RenderedYear, "view" | "report" | "charts"> = {};
  try {
    const view = await viewOfYear(
      options,
      project,
      templates,
      { year, records, files: loaded.files },
      script,
      result.warnings,
    );
    let report: RenderedReport | undefined = renderReport(view, templates.engine, recordTexts);
    let charts: Map<string, string> | undefined;
    if (drawing) ({ report, charts } = await withCharts(report, view, drawing.folder));
    const fonts = (project.config?.fonts ?? []).map((file) => path.resolve(project.root, file));
    if (fonts.length) report = { ...report, fonts };
    if (checkGlyphs) {
      const issues = glyphCheck({
        ...{ html: report.html, view, recordTexts, project, fonts, cwd: options.cwd },
        shownIn:
          drawing?.output ?? `${displayPath(options.cwd, recordsFolder(project, options))}/${year}`,
      });
      result.errors.push(...issues.filter((issue) => issue.severity === "error"));
      result.warnings.push(...issues.filter((issue) => issue.severity === "warning"));
      if (result.errors.length) report = undefined;
    }
    if (report) rendered = { view, report, ...(charts ? { charts } : {}) };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    result.errors.push(error.issue);
  }
  stage("render", validatedAt);
  result.milliseconds = performance.now() - started;
  return { year, result, files: loaded.files, ...rendered };
}
