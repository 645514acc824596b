import path from "node:path";
import type { PDFDocument } from "pdf-lib";
import type { Issue } from "../core/issue.js";
import { displayPath } from "../core/paths.js";
import { traced } from "../core/trace.js";
import { screenFontCss } from "../fonts/font-css.js";
import type { View } from "../model/view.js";
import type { OutputFile } from "../output/commit.js";
import type { RenderedReport } from "../render/render.js";
import type { TemplateEngine } from "../render/templates.js";
import { finishedPdf } from "./finish-pdf.js";
import { layoutOfReport } from "./layout.js";
import { finishedDocx } from "./write-docx.js";

/**
 * The files a rendered year is written as, in the formats asked for: report.md with its charts,
 * report.html, report.pdf from the printed document, report.docx.
 */
export async function yearFiles(
  entry: {
    year: number;
    view?: View | undefined;
    report?: RenderedReport | undefined;
    charts?: ReadonlyMap<string, string> | undefined;
  },
  requested: readonly string[],
  outDir: string,
  printed: PDFDocument | undefined,
  context: {
    env: NodeJS.ProcessEnv;
    engine: TemplateEngine;
    /** Where the build was run from, and the year's warnings, for what a file's making notes. */
    cwd: string;
    warnings: Issue[];
  },
): Promise<OutputFile[]> {
  const { report, view, year } = entry;
  const { env, engine } = context;
  if (!report || !view) return [];
  const folder = path.join(outDir, String(year));
  const files: OutputFile[] = [];
  for (const format of requested) {
    const file = path.join(folder, `report.${format}`);
    if (format === "md") {
      files.push({ path: file, content: report.markdown });
      for (const [name, svg] of entry.charts ?? []) {
        files.push({ path: path.join(folder, "charts", `${name}.svg`), content: svg });
      }
    }
    if (format === "html") {
      // The glyphs of characters a reader's machine is least likely to have, in the page.
      const css = await traced("html: fonts for rare characters", () =>
        screenFontCss(report.html, report.fonts),
      );
      files.push({
        path: file,
        content: css
          ? report.html.replace("</head>", `<style>\n${css}\n</style>\n</head>`)
          : report.html,
      });
    }
    if (format === "pdf" && printed) {
      const content = await traced("pdf: structure, PDF/A, save", () =>
        finishedPdf(view, report, printed, env),
      );
      files.push({ path: file, content });
    }
    if (format === "docx") {
      const charts = entry.charts ?? new Map<string, string>();
      const layout = await layoutOfReport(printed, folder, report);
      const content = await traced("docx", () =>
        finishedDocx({
          ...{ view, report, engine, charts, env },
          layout,
          warn: (message) =>
            context.warnings.push({
              severity: "warning",
              file: displayPath(context.cwd, file),
              message,
            }),
        }),
      );
      files.push({ path: file, content });
    }
  }
  return files;
}
