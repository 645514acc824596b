import path from "node:path";
import type { PDFDocument } from "pdf-lib";
import { clearTrace } from "../core/trace.js";
import { displayPath } from "../load/year.js";
import { findProject } from "../project/config.js";
import { defaultFormats } from "../schema/config.js";
import { browserForBuild } from "./browser.js";
import { createEngine } from "./engine.js";
import type { BuildOptions } from "./options.js";
import { outputFolder } from "./output-folder.js";
import { printYears } from "./print.js";
import { renderYear } from "./render-year.js";
import { writeYear } from "./write.js";
import type { RenderedYear, YearResult } from "./year-result.js";

/**
 * Builds each year, stage by stage:
 *
 *   1. the output folder, refused among the inputs, a killed build's files put back (output-folder.ts)
 *   2. the browser found, and started in the background when a PDF is asked for (browser.ts)
 *   3. each year read, checked and rendered in memory (render-year.ts)
 *   4. every PDF printed, two pages at a time on the one browser (print.ts)
 *   5. each year's files made and written at once (write.ts)
 *
 * A year with errors writes nothing, so its previous outputs stay as they were.
 */
export async function build(options: BuildOptions): Promise<YearResult[]> {
  const project = await findProject(options.cwd);
  // --format, else the project's `formats`, else md, html and pdf.
  const requested = options.formats ?? project.config?.formats ?? defaultFormats;
  // The trace (--trace) holds this build's steps alone, and a process that builds again and
  // again (--watch) keeps no timeline of the earlier builds.
  clearTrace();
  const outDir = outputFolder(options, project);
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
      const folder = path.join(outDir, String(year));
      rendered.push(
        await renderYear(options, project, templates, year, {
          folder,
          // Markdown alone is text: only a page, a PDF or a document is drawn with fonts.
          glyphs: requested.some((format) => format !== "md"),
          output: displayPath(options.cwd, path.join(folder, "report.html")),
        }),
      );
    }
    const printable = rendered.filter((entry) => entry.report !== undefined);

    // The browser closes while the PDFs are finished and the files written.
    let printed = new Map<number, PDFDocument>();
    if (starting && printable.length > 0) {
      printed = await printYears(printable, starting, outDir, options.progress, Boolean(shared));
      if (!shared) closing = (await starting).close();
    }
    for (const entry of printable) {
      await writeYear(entry, requested, outDir, printed.get(entry.year), { options, templates });
    }
    return rendered.map((entry) => entry.result);
  } finally {
    if (!shared) await (closing ?? (await starting?.catch(() => undefined))?.close());
  }
}
