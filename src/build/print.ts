import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PDFDocument } from "pdf-lib";
import { inParallel } from "../core/parallel.js";
import type { View } from "../model/view.js";
import type { BrowserManager } from "../pdf/browser.js";
import type { KeptPagePrinter } from "../pdf/print.js";
import type { RenderedReport } from "../render/render.js";
import { finishedPdf } from "./finish-pdf.js";
import type { StageEvent } from "./options.js";
import { type RenderedYear, stageEnded } from "./year-result.js";

/**
 * The print stage: rendered years printed to PDF on the run's browser (the printing itself is
 * in pdf/, loaded only when a PDF is made), and the preview's print of one year.
 */

/**
 * A rendered year printed to PDF bytes on a page the caller keeps, nothing written: the
 * preview server's report.pdf. `folder` is where relative links in the report point.
 */
export async function printInMemory(
  entry: { year: number; report?: RenderedReport | undefined; view?: View | undefined },
  printer: KeptPagePrinter,
  folder: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Uint8Array> {
  if (!entry.report || !entry.view) throw new Error(`${entry.year} has errors; nothing to print`);
  const printed = await printer.print({
    html: entry.report.html,
    baseUrl: `${pathToFileURL(folder).href}/`,
    ...(entry.report.fonts ? { fonts: entry.report.fonts } : {}),
  });
  return finishedPdf(entry.view, entry.report, printed.document, env);
}

/** What printing needs of a rendered year, and where it records what it did. */
type PrintableYear = Pick<RenderedYear, "year" | "report" | "result">;

/**
 * The pages a browser that its caller keeps running (watch, a host that builds again and again)
 * keeps loaded from build to build, two for each browser: a build whose page has the same
 * stylesheet and font faces as the last one printed there only replaces the body, as the
 * preview does, and prints to the same bytes. Keyed by the browser, they go with it.
 */
const keptPages = new WeakMap<BrowserManager, KeptPagePrinter[]>();

/**
 * Each year's report printed, two at a time on the one browser. Several years: each of two
 * pages is kept loaded from one year to the next, its font faces declared for the text of them
 * all, so that the next year only replaces the body. With `keep` (a browser the caller keeps),
 * the two pages stay loaded for the next build too.
 */
export async function printYears(
  years: readonly PrintableYear[],
  starting: Promise<BrowserManager>,
  outDir: string,
  progress?: (event: StageEvent) => void,
  keep = false,
): Promise<Map<number, PDFDocument>> {
  const { KeptPagePrinter, printHtml, printPdf } = await import("../pdf/index.js");
  const printed = new Map<number, PDFDocument>();
  const several = years.length > 1;
  const allText = several ? years.map((entry) => entry.report?.html ?? "").join("\n") : "";
  const requestOf = (entry: PrintableYear) => ({
    html: entry.report?.html ?? "",
    baseUrl: `${pathToFileURL(path.join(outDir, String(entry.year))).href}/`,
    ...(entry.report?.fonts ? { fonts: entry.report.fonts } : {}),
    ...(several ? { fontText: `${entry.report?.html ?? ""}\n${allText}` } : {}),
  });
  // Each year's page (its font faces worked out) is made while the browser is still starting.
  const prepared = new Map(years.map((entry) => [entry.year, printHtml(requestOf(entry))]));
  const browser = await starting;
  let kept = keep ? keptPages.get(browser) : undefined;
  if (keep && !kept) {
    kept = [new KeptPagePrinter(browser), new KeptPagePrinter(browser)];
    keptPages.set(browser, kept);
  }
  // Printers in use are taken from the list and put back; two builds at once on one kept
  // browser share its two pages, and a year that finds none free prints on a fresh page.
  const printers =
    kept ?? (several ? [new KeptPagePrinter(browser), new KeptPagePrinter(browser)] : []);
  try {
    await inParallel([...years], 2, async (entry) => {
      const started = performance.now();
      const request = requestOf(entry);
      const printer = printers.pop();
      let pdf: Awaited<ReturnType<typeof printPdf>>;
      try {
        pdf = printer
          ? await printer.print(request, prepared.get(entry.year))
          : await printPdf(browser, request, prepared.get(entry.year));
      } finally {
        if (printer) printers.push(printer);
      }
      printed.set(entry.year, pdf.document);
      entry.result.prints = pdf.prints;
      entry.result.frontPrinted = pdf.frontPrinted;
      entry.result.pages = pdf.document.getPageCount();
      stageEnded(entry.result, "print", started, progress, true);
    });
  } finally {
    if (!kept) await Promise.all(printers.map((printer) => printer.close()));
  }
  return printed;
}
