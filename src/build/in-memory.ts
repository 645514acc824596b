import { findProject } from "../project/config.js";
import { type Trace, traced } from "../render/figure-trace.js";
import { createEngine } from "./engine.js";
import type { RunOptions } from "./options.js";
import { renderYear } from "./render-year.js";
import type { RenderedYear, YearResult } from "./year-result.js";

/** The render stages run without writing: `report validate`, the preview, `report figures`. */

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
