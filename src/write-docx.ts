import path from "node:path";
import type { PDFDocument } from "pdf-lib";
import { packageVersion } from "./core/paths.js";
import { figuresOfView } from "./format/figures.js";
import { documentTitle, headingJoin } from "./model/document.js";
import type { View } from "./model/view.js";
import { documentDate, previousPages } from "./print-pdf.js";
import { fill } from "./render/locale.js";
import type { RenderedReport } from "./render/render.js";
import type { TemplateEngine } from "./render/templates.js";

/**
 * The Word side of a build that stays in the main bundle: what report.docx is made from. The
 * document itself is made in docx/, loaded only when a build asks for it.
 */
export async function finishedDocx(options: {
  view: View;
  report: RenderedReport;
  engine: TemplateEngine;
  /** Every chart file of the year (charts/<name>.svg and the narrow drawings), by file name. */
  charts: ReadonlyMap<string, string>;
  printed: PDFDocument | undefined;
  folder: string;
  env: NodeJS.ProcessEnv;
}): Promise<Uint8Array> {
  const { view, report, engine } = options;
  // The contents' pages: the PDF printed in this run, else the ones the last PDF recorded.
  let pages: ReadonlyMap<string, number> | undefined;
  if (options.printed) {
    const { destinationPages } = await import("./pdf/index.js");
    pages = destinationPages(options.printed);
  } else {
    pages = await previousPages(path.join(options.folder, "report.pdf"));
  }
  const words = engine.words(view.locale);
  const figures = figuresOfView(view);
  const { renderDocx } = await import("./docx/index.js");
  return renderDocx({
    view,
    report,
    charts: new Map([...options.charts].filter(([name]) => !name.endsWith("-narrow"))),
    pages,
    date: documentDate(view, options.env),
    title: documentTitle(view),
    contentsTitle: words("contents.title"),
    imprint: `${view.organisation}　${
      view.published
        ? figures.date(view.published)
        : fill(words("cover.year"), { year: view.calendar_year }, (name) => {
            throw new Error(`cover.year names {${name}}, which only {year} fills`);
          })
    }`,
    lineJoin: headingJoin(view.language),
    producer: `report ${packageVersion()}`,
  });
}
