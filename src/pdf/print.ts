import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PDFDocument } from "pdf-lib";
import type { Page } from "puppeteer-core";
import { EnvironmentError, messageOf, ReportError } from "../core/errors.js";
import { measured, traced } from "../core/trace.js";
import { fontFamiliesFor, pageLanguage } from "../fonts/faces.js";
import { printFontCss } from "../fonts/font-css.js";
import { temporaryFolder } from "../services/cleanup.js";
import type { BrowserManager } from "./browser.js";
import { markPageArtifacts } from "./conformance.js";
import {
  type FrontMatter,
  frontMatter,
  frontMatterKey,
  hideAfterContents,
  type KeptFront,
} from "./front-matter.js";
import { destinationPages, loadPdf, recordTableColumns, renumberElementIds } from "./pdf-file.js";
import { printLayout } from "./print-layout.js";
import { replaceFrontPages, sameMarkedContent } from "./splice.js";

export interface PrintRequest {
  /** The report.html the build writes. */
  html: string;
  /** The folder the HTML is written to, as a file: URL ending in "/": relative links resolve there. */
  baseUrl: string;
  /** The project's own font files (its config's `fonts`), for characters the report's lack. */
  fonts?: readonly string[];
  /**
   * The text whose characters the page's font faces are to cover, when more than the report's
   * own: the reports of every year a run prints, so that their pages declare the same faces and
   * one page prints them in turn (KeptPagePrinter). Only faces a page draws with are loaded, so
   * the PDF is the same to the byte either way.
   */
  fontText?: string;
}

export interface PrintedPdf {
  document: PDFDocument;
  /** How many times the whole report was printed: 1, unless the front matter could not be printed alone. */
  prints: number;
  /** Whether the cover and the contents were printed again on their own, with their numbers. */
  frontPrinted: boolean;
  /** The page each section starts on, as printed. */
  pages: Map<string, number>;
}

/** Only the page itself, its fonts and local files may load: nothing leaves the machine. */
function isLocal(url: string): boolean {
  return url.startsWith("file:") || url.startsWith("data:") || url === "about:blank";
}

/** How many prints may go by before the layout must have settled. */
const maxPrints = 4;

/**
 * Prints the report's HTML to PDF. Chromium has no target-counter(), so the contents cannot be
 * numbered before the print: the report is printed once with placeholders in the contents
 * (as wide as the numbers), which gives the page each section lands on; then the cover and the
 * contents alone are printed again with those numbers, and their pages take the place of the
 * first print's (splice.ts). The body is printed once, at every size, and the bytes do not
 * depend on any earlier build.
 */
export async function printPdf(
  manager: BrowserManager,
  request: PrintRequest,
  html = printHtml(request),
): Promise<PrintedPdf> {
  return manager.withPage((page) => printOnPage(page, request, manager.options.timeout, html));
}

/** A fresh page: the report loaded with its fonts, looked at in print media, printed. */
async function printOnPage(
  page: Page,
  request: PrintRequest,
  timeout: number,
  html = printHtml(request),
  kept?: KeptFront,
): Promise<PrintedPdf> {
  await traced("print: load the page and its fonts", () => preparePage(page, html, timeout));
  return printReport(page, await frontMatter(page), timeout, kept);
}

/**
 * A printer that keeps its page open between prints: the preview server's, and a build's of
 * several years. When only the body has changed (the same stylesheet and the same font faces;
 * the title and base address go with the body), the new body replaces the old one in place, so
 * the fonts are not loaded again; anything else, or any failure, loads a fresh page as a build
 * does.
 */
export class KeptPagePrinter {
  private kept: { page: Page; head: string; front: KeptFront } | undefined;

  constructor(private readonly manager: BrowserManager) {}

  /** Prints within the timeout, as a build's print is. */
  async print(request: PrintRequest, html = printHtml(request)): Promise<PrintedPdf> {
    return this.manager.bounded(() => this.printNow(request, html));
  }

  private async printNow(request: PrintRequest, html: string): Promise<PrintedPdf> {
    const bodyStart = html.indexOf("<body");
    // The title and the base address differ from year to year; they are set with the body.
    const title = /<title>([\s\S]*?)<\/title>/.exec(html.slice(0, bodyStart))?.[1] ?? "";
    const head = html
      .slice(0, bodyStart)
      .replace(/<title>[\s\S]*?<\/title>/, "")
      .replace(/<base href="[^"]*">/, "");
    const kept = this.kept;
    let first: unknown;
    if (kept && kept.head === head && bodyStart !== -1) {
      try {
        const body = html.slice(bodyStart, html.lastIndexOf("</body>") + "</body>".length);
        await kept.page.evaluate(
          (markup: string, base: string, titleMarkup: string) => {
            document.body.outerHTML = markup;
            document.querySelector("base")?.setAttribute("href", base);
            const element = document.querySelector("title");
            if (element) element.innerHTML = titleMarkup;
          },
          body,
          request.baseUrl,
          title,
        );
        const front = await frontMatter(kept.page);
        return await printReport(kept.page, front, this.manager.options.timeout, kept.front);
      } catch (error) {
        // The print's own verdict (fonts that did not load, the time limit) stands; a page
        // that no longer answers (a crashed browser) is replaced by a fresh one, and what
        // happened to it is told should the fresh one fail too.
        if (error instanceof ReportError) throw error;
        first = error;
      }
    }
    await this.close();
    let page: Page | undefined;
    try {
      page = await this.manager.openPage();
      const front: KeptFront = {};
      const printed = await printOnPage(page, request, this.manager.options.timeout, html, front);
      this.kept = { page, head, front };
      return printed;
    } catch (error) {
      await page?.close().catch(() => undefined);
      if (first === undefined) throw error;
      throw new EnvironmentError(
        `the page kept from the last print stopped answering (${messageOf(first)}), and printing again on a fresh page failed: ${messageOf(error)}`,
        { cause: first },
      );
    }
  }

  async close(): Promise<void> {
    const kept = this.kept;
    this.kept = undefined;
    await kept?.page.close().catch(() => undefined);
  }
}

/**
 * The whole report printed once with placeholders in the contents; then, when it shows a
 * contents page, the front matter alone with the numbers found. Should the front matter not
 * print alone as it printed in the whole (a template whose contents shares a page with the
 * body, or numbers it by the page count), the whole report is printed again with the numbers.
 */
async function printReport(
  page: Page,
  front: FrontMatter,
  timeout: number,
  kept?: KeptFront,
): Promise<PrintedPdf> {
  const { columns } = await traced("print: measure the tables and paragraphs", () =>
    printLayout(page),
  );
  const printed = await printReportPages(page, front, timeout, kept);
  recordTableColumns(printed.document, columns);
  return printed;
}

async function printReportPages(
  page: Page,
  front: FrontMatter,
  timeout: number,
  kept?: KeptFront,
): Promise<PrintedPdf> {
  await writeContentsNumbers(page, new Map());
  const whole = await traced("print: the whole report (Chromium)", () =>
    printTagged(page, timeout),
  );
  let prints = whole.prints;
  const landed = destinationPages(whole.document);
  if (!front.shown) return { document: whole.document, prints, frontPrinted: false, pages: landed };
  let numbers = landed;
  const listed = await writeContentsNumbers(page, numbers);
  if (front.separable) {
    // A page that prints again keeps the front matter it printed alone last time: the same
    // cover and contents with the same numbers print to the same pages.
    const key = kept ? await frontMatterKey(page) : undefined;
    const again = key !== undefined && key === kept?.key ? kept.document : undefined;
    const showAgain = again ? async () => undefined : await hideAfterContents(page);
    const printing = again
      ? Promise.resolve({ document: again, prints: 0 })
      : traced("print: the cover and contents alone (Chromium)", () => printTagged(page, timeout));
    printing.catch(() => undefined);
    // While Chromium prints them, the pages from the first section on (which are the body's
    // whatever the front matter's length) are made ready to finish.
    await traced("pdf: the body's pages finished, meanwhile", () =>
      finishBodyPages(whole.document, Math.min(...landed.values())),
    );
    const alone = await printing;
    if (kept && key !== undefined) {
      kept.key = key;
      kept.document = alone.document;
    }
    if (sameMarkedContent(whole.document, alone.document, listed)) {
      await traced("print: their pages put in", async () =>
        replaceFrontPages(whole.document, alone.document),
      );
      return { document: whole.document, prints, frontPrinted: true, pages: landed };
    }
    await showAgain();
  }
  while (prints < maxPrints) {
    const again = await traced("print: the whole report again (Chromium)", () =>
      printTagged(page, timeout),
    );
    prints += again.prints;
    const moved = destinationPages(again.document);
    if (sameNumbers(numbers, moved)) {
      return { document: again.document, prints, frontPrinted: false, pages: moved };
    }
    numbers = moved;
    await writeContentsNumbers(page, numbers);
  }
  throw new Error(`the contents page numbers did not settle after ${maxPrints} prints`);
}

/**
 * Numbers the tagged elements and marks the artifacts of the pages from `firstPage` on, in
 * steps of a few milliseconds, so that the messages of the print going on meanwhile are passed
 * to and from the browser between them.
 */
async function finishBodyPages(document: PDFDocument, firstPage: number): Promise<void> {
  const step = () => new Promise((resolve) => setImmediate(resolve));
  await step();
  renumberElementIds(document);
  let since = performance.now();
  for (const page of document.getPages().slice(firstPage - 1)) {
    markPageArtifacts(document, [page]);
    if (performance.now() - since > 5) {
      await step();
      since = performance.now();
    }
  }
}

/**
 * One tagged print with bookmarks. A face first needed by the print itself (a character only
 * the page footer has) is loaded while the print goes on, which then shows another face in its
 * place: the print is made again once it is there, so that the bytes never depend on how
 * quickly a font file loaded.
 */
async function printTagged(
  page: Page,
  timeout: number,
): Promise<{ document: PDFDocument; prints: number }> {
  for (let prints = 1; prints <= maxPrints; prints++) {
    const fontsBefore = await loadedFaces(page);
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      preferCSSPageSize: true,
      tagged: true,
      outline: true,
      timeout,
    });
    if ((await loadedFaces(page)) === fontsBefore) {
      return { document: await traced("print: read the PDF", () => loadPdf(pdf)), prints };
    }
  }
  throw new Error(`the fonts were still loading after ${maxPrints} prints`);
}

/**
 * The report's HTML as it is printed: <base> keeps relative links pointing at the report's own
 * folder, and the print fonts are declared.
 */
export function printHtml(request: PrintRequest): string {
  const start = performance.now();
  try {
    return htmlAsPrinted(request);
  } finally {
    measured("print: the page's font faces", start);
  }
}

function htmlAsPrinted(request: PrintRequest): string {
  const head = `<base href="${request.baseUrl}"><style>${printFontCss(request.fontText ?? request.html, request.fonts)}</style>`;
  return request.html.replace("</head>", `${head}</head>`);
}

/** The page loaded from `html` (the report as printed), with its fonts checked. */
async function preparePage(page: Page, html: string, timeout: number): Promise<void> {
  page.setDefaultTimeout(timeout);
  await page.setJavaScriptEnabled(false);
  // In print media from the start: the report is styled once, as it prints, and the faces
  // the print styles use are loaded with the page.
  await page.emulateMediaType("print");
  await page.setRequestInterception(true);
  page.on("request", (outgoing) => {
    if (outgoing.isInterceptResolutionHandled()) return;
    if (isLocal(outgoing.url())) void outgoing.continue();
    else void outgoing.abort("blockedbyclient");
  });
  // The page is opened from a file, so that it may load the font files (a page set from a
  // string has no origin that may read file: URLs).
  const { folder, untrack } = temporaryFolder("print");
  try {
    const file = path.join(folder, "report.html");
    await writeFile(file, html);
    await traced("print: open the page", () =>
      page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout }),
    );
  } finally {
    await rm(folder, { recursive: true, force: true });
    untrack();
  }
  const fonts = await traced("print: wait for the fonts", () =>
    page.evaluate(async () => {
      await document.fonts.ready;
      const faces = [...document.fonts];
      return {
        failed: faces
          .filter((face) => face.status === "error")
          .map((face) => `${face.family} ${face.weight}`),
        loaded: faces
          .filter((face) => face.status === "loaded")
          .map((face) => face.family.replace(/["']/g, "")),
      };
    }),
  );
  if (fonts.failed.length > 0) {
    throw new EnvironmentError(
      `fonts failed to load for the PDF: ${[...new Set(fonts.failed)].join(", ")}`,
    );
  }
  const missing = fontFamiliesFor(pageLanguage(html)).filter(
    (family) => !fonts.loaded.includes(family),
  );
  if (missing.length > 0) {
    throw new EnvironmentError(`the PDF's fonts did not load: ${missing.join(", ")}`);
  }
}

/** How many font faces have loaded, once none is loading. */
async function loadedFaces(page: Page): Promise<number> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((face) => face.status === "loaded").length;
  });
}

/**
 * Puts each section's page number beside its entry in the contents; placeholders when unknown.
 * Gives the sections the contents lists.
 */
async function writeContentsNumbers(page: Page, numbers: Map<string, number>): Promise<string[]> {
  return page.evaluate(
    (entries: Array<[string, number]>) => {
      const known = new Map(entries);
      const listed: string[] = [];
      for (const element of document.querySelectorAll<HTMLElement>("[data-page-of]")) {
        const id = element.dataset.pageOf ?? "";
        listed.push(id);
        const number = known.get(id);
        // Two digits of placeholder keep the line as wide as it will be. The text node is made
        // once and then only changed, so the tagged PDF's element ids do not depend on how many
        // passes it took: one pass or two give the same bytes.
        const text = element.firstChild ?? element.appendChild(document.createTextNode(""));
        text.nodeValue = number === undefined ? "00" : String(number);
      }
      return listed;
    },
    [...numbers],
  );
}

function sameNumbers(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, number] of a) if (b.get(id) !== number) return false;
  return true;
}
