import path from "node:path";
import type { PDFDocument } from "pdf-lib";
import { readRegularFile } from "../core/read.js";
import type { PrintedLayout } from "../pdf/index.js";
import type { RenderedReport } from "../render/render.js";
import { layoutKey } from "./finish-pdf.js";

/** The layout of a printed report (section pages, table columns) that the Word document takes. */

/** An earlier report.pdf is read for its layout only up to this size. */
const maxPreviousPdfBytes = 512 * 1024 * 1024;

/**
 * The layout of a year's report that the Word document takes its contents' pages and tables'
 * columns from: the PDF printed in this run, else a report.pdf of the very same report beside
 * it (same layout key), else none. Read here, on the PDF side, and handed to the docx writer
 * as a record.
 */
export async function layoutOfReport(
  printed: PDFDocument | undefined,
  folder: string,
  report: RenderedReport,
): Promise<PrintedLayout | undefined> {
  if (printed) {
    const { printedLayout } = await import("../pdf/index.js");
    return printedLayout(printed);
  }
  return previousLayout(path.join(folder, "report.pdf"), layoutKey(report));
}

/**
 * The layout (section pages, table columns) an earlier report.pdf printed from the same
 * `layout` records; nothing when there is none, or when it is of other records, templates or
 * fonts.
 */
export async function previousLayout(
  file: string,
  layout: string,
): Promise<PrintedLayout | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, maxPreviousPdfBytes);
  } catch {
    return undefined;
  }
  const { recordedLayout } = await import("../pdf/index.js");
  return recordedLayout(bytes, layout);
}
