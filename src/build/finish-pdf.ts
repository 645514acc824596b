import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import type { PDFDocument } from "pdf-lib";
import { packageVersion } from "../core/paths.js";
import { documentDate } from "../model/document.js";
import type { View } from "../model/view.js";
import type { RenderedReport } from "../render/render.js";

/** What report.pdf is made of once printed: its metadata, and the key of the layout it records. */

/** The printed PDF with its metadata set: the bytes of report.pdf. */
export async function finishedPdf(
  view: View,
  report: RenderedReport,
  printed: PDFDocument,
  env: NodeJS.ProcessEnv,
): Promise<Uint8Array> {
  const { finishPdf } = await import("../pdf/index.js");
  return finishPdf(printed, {
    title: view.document_title,
    author: view.organisation,
    subject: view.subject,
    keywords: view.keywords,
    language: view.language,
    date: documentDate(view, env),
    producer: `report ${packageVersion()}`,
    headings: report.headings.map((heading) => heading.text),
    linkTexts: new Map(report.headings.map((heading) => [heading.id, heading.text])),
    layout: layoutKey(report),
  });
}

/**
 * What a report's pages follow from, as a hash: the document printed (the HTML with its
 * styles and charts), the fonts the project adds, and this release (which sets the print).
 * A PDF records it beside its section pages, so that report.docx numbers its contents only
 * from a PDF of the same report.
 */
export function layoutKey(report: { html: string; fonts?: readonly string[] | undefined }): string {
  const hash = createHash("sha256").update(`report ${packageVersion()}\n`);
  for (const font of report.fonts ?? []) {
    const stats = statSync(font, { throwIfNoEntry: false });
    hash.update(`font ${font} ${stats?.size} ${stats?.mtimeMs}\n`);
  }
  return hash.update(report.html).digest("hex");
}
