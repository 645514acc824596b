import { packageVersion } from "../core/paths.js";
import { figuresOfView } from "../format/figures.js";
import { documentDate, headingJoin } from "../model/document.js";
import type { View } from "../model/view.js";
import type { PrintedLayout } from "../pdf/index.js";
import { fill } from "../render/locale.js";
import { reportMarkdown } from "../render/markdown.js";
import type { RenderedReport } from "../render/render.js";
import type { TemplateEngine } from "../render/templates.js";

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
  /** The pages and table columns of the PDF of this very report, when there is one. */
  layout: PrintedLayout | undefined;
  env: NodeJS.ProcessEnv;
  /** Says what the reader of the document should know: its contents left for Word to fill. */
  warn: (message: string) => void;
}): Promise<Uint8Array> {
  const { view, report, engine, layout } = options;
  // Without a layout, no pages (Word fills them when the document is opened) and columns
  // shared by the length of their text. The official theme has no contents page.
  if (!layout && view.theme !== "official" && view.contents_page)
    options.warn(
      "its contents has no page numbers: no PDF of this very report was printed in this run or lies beside it (build pdf and docx together); Word fills them when the document is opened",
    );
  const words = engine.words(view.locale);
  const figures = figuresOfView(view);
  const charts = new Map([...options.charts].filter(([name]) => !name.endsWith("-narrow")));
  const tokens = reportMarkdown(new Set(charts.keys())).parse(report.source, {});
  const { renderDocx } = await import("../docx/index.js");
  return renderDocx({
    view,
    report,
    tokens,
    charts,
    pages: layout?.pages,
    tableColumns: layout?.tables ?? [],
    date: documentDate(view, options.env),
    title: view.document_title,
    contentsTitle: words("contents.title"),
    // The organisation above the date, as the PDF's cover sets them.
    imprint: [
      view.organisation,
      view.published
        ? figures.date(view.published)
        : fill(words("cover.year"), { year: view.calendar_year }, (name) => {
            throw new Error(`cover.year names {${name}}, which only {year} fills`);
          }),
    ],
    lineJoin: headingJoin(view.language),
    producer: `report ${packageVersion()}`,
  });
}
