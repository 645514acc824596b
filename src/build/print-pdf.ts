import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PDFDocument } from "pdf-lib";
import { inParallel } from "../core/parallel.js";
import { packageVersion } from "../core/paths.js";
import { readRegularFile } from "../core/read.js";
import { measured, traced } from "../core/trace.js";
import { documentDate } from "../model/document.js";
import type { View } from "../model/view.js";
import type { BrowserManager } from "../pdf/browser.js";
import { findBrowser } from "../pdf/find-browser.js";
import type { PrintedLayout } from "../pdf/index.js";
import type { KeptPagePrinter } from "../pdf/print.js";
import { startBrowserProcess } from "../pdf/spawn.js";
import type { RenderedReport } from "../render/render.js";

/**
 * The PDF side of a build that stays in the main bundle: starting the browser, reading an
 * earlier report.pdf, and the finished file's metadata. The printing itself is in pdf/, loaded
 * only when a PDF is made.
 */

/** The browser `--browser`, the environment or the machine names: an error when there is none. */
export function findBrowserFor(options: {
  browser?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<string> {
  return traced("browser: find", () =>
    findBrowser({
      ...(options.browser ? { explicit: options.browser } : {}),
      env: options.env ?? process.env,
    }),
  );
}

/**
 * The browser of a build, found before anything else so that a build that cannot print says
 * so first; it starts while the records are read and rendered. `stopIfNoBrowser` throws once a
 * browser that exits as it starts (a wrong --browser) has done so: the build checks it before
 * each year instead of finding out at the print.
 */
export async function browserForBuild(
  options: { browser?: string; timeout?: number; env?: NodeJS.ProcessEnv },
  shared: BrowserManager | undefined,
): Promise<{ starting: Promise<BrowserManager>; stopIfNoBrowser: () => void }> {
  const starting = shared
    ? Promise.resolve(shared)
    : startBrowser(options, await findBrowserFor(options));
  let started: BrowserManager | undefined;
  let failure: { error: unknown } | undefined;
  starting.then(
    (manager) => {
      started = manager;
    },
    (error: unknown) => {
      failure = { error };
    },
  );
  return {
    starting,
    stopIfNoBrowser() {
      if (failure) throw failure.error;
      if (started?.failedToStart) throw started.failedToStart;
    },
  };
}

/** How long one PDF may take to print when --timeout does not say. */
export const defaultTimeout = 60_000;

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

/** What printing needs of a rendered year (build.ts), and where it records what it did. */
interface PrintableYear {
  year: number;
  report?: { html: string; fonts?: readonly string[] | undefined } | undefined;
  result: {
    prints?: number;
    frontPrinted?: boolean;
    pages?: number;
    milliseconds: number;
    stages: { print?: number };
  };
}

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
  browser: BrowserManager,
  outDir: string,
  progress?: (event: { year: number; stage: "print"; milliseconds: number }) => void,
  keep = false,
): Promise<Map<number, PDFDocument>> {
  const { KeptPagePrinter, printPdf } = await import("../pdf/index.js");
  const printed = new Map<number, PDFDocument>();
  const several = years.length > 1;
  let kept = keep ? keptPages.get(browser) : undefined;
  if (keep && !kept) {
    kept = [new KeptPagePrinter(browser), new KeptPagePrinter(browser)];
    keptPages.set(browser, kept);
  }
  // Printers in use are taken from the list and put back; two builds at once on one kept
  // browser share its two pages, and a year that finds none free prints on a fresh page.
  const printers =
    kept ?? (several ? [new KeptPagePrinter(browser), new KeptPagePrinter(browser)] : []);
  const allText = several ? years.map((entry) => entry.report?.html ?? "").join("\n") : "";
  try {
    await inParallel([...years], 2, async (entry) => {
      const started = performance.now();
      const folder = path.join(outDir, String(entry.year));
      const request = {
        html: entry.report?.html ?? "",
        baseUrl: `${pathToFileURL(folder).href}/`,
        ...(entry.report?.fonts ? { fonts: entry.report.fonts } : {}),
        ...(several ? { fontText: `${entry.report?.html ?? ""}\n${allText}` } : {}),
      };
      const printer = printers.pop();
      let pdf: Awaited<ReturnType<typeof printPdf>>;
      try {
        pdf = printer ? await printer.print(request) : await printPdf(browser, request);
      } finally {
        if (printer) printers.push(printer);
      }
      printed.set(entry.year, pdf.document);
      entry.result.prints = pdf.prints;
      entry.result.frontPrinted = pdf.frontPrinted;
      entry.result.pages = pdf.document.getPageCount();
      const milliseconds = performance.now() - started;
      entry.result.milliseconds += milliseconds;
      entry.result.stages.print = milliseconds;
      measured(`${entry.year} print`, started);
      progress?.({ year: entry.year, stage: "print", milliseconds });
    });
  } finally {
    if (!kept) await Promise.all(printers.map((printer) => printer.close()));
  }
  return printed;
}

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

/** Finds the browser and starts it in the background; the caller closes it. */
export async function startBrowser(
  options: {
    browser?: string;
    timeout?: number;
    env?: NodeJS.ProcessEnv;
  },
  found?: string,
): Promise<BrowserManager> {
  const executable = found ?? (await findBrowserFor(options));
  // The browser starts now, while the code that prints with it loads.
  const started = startBrowserProcess(executable);
  try {
    const { BrowserManager } = await traced(
      "browser: load the printing code",
      () => import("../pdf/index.js"),
    );
    const manager = new BrowserManager({
      executable,
      timeout: options.timeout ?? defaultTimeout,
      started,
    });
    manager.warmUp();
    return manager;
  } catch (error) {
    (await started.spawned.catch(() => undefined))?.kill();
    throw error;
  }
}
