import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PDFDocument } from "pdf-lib";
import type { Page } from "puppeteer-core";
import { EnvironmentError } from "../core/errors.js";
import { temporaryFolder } from "../output/cleanup.js";
import type { BrowserManager } from "./browser.js";
import { fontFamiliesFor, pageLanguage } from "./faces.js";
import { printFontCss } from "./fonts.js";
import { destinationPages, loadPdf } from "./pdf-file.js";

export interface PrintRequest {
  /** The report.html the build writes. */
  html: string;
  /** The folder the HTML is written to, as a file: URL ending in "/": relative links resolve there. */
  baseUrl: string;
  /**
   * Where the sections landed in the previous build of this report, if there is one. Like
   * LaTeX's .aux file, it lets an unchanged layout be printed once instead of twice.
   */
  previousPages?: Map<string, number>;
  /** The project's own font files (its config's `fonts`), for characters the report's lack. */
  fonts?: readonly string[];
}

export interface PrintedPdf {
  document: PDFDocument;
  /** How many times the report was printed until the contents numbers held. */
  prints: number;
  /** The page each section starts on, as printed. */
  pages: Map<string, number>;
}

/** Only the page itself, its fonts and local files may load: nothing leaves the machine. */
function isLocal(url: string): boolean {
  return url.startsWith("file:") || url.startsWith("data:") || url === "about:blank";
}

/** How many times the contents may be renumbered before the layout must have settled. */
const maxPasses = 4;

/**
 * Prints the report's HTML to PDF. Chromium has no target-counter(), so the contents page is
 * numbered in passes: print, read the page each section landed on, write the numbers in, print
 * again, until nothing moves.
 */
export async function printPdf(
  manager: BrowserManager,
  request: PrintRequest,
): Promise<PrintedPdf> {
  return manager.withPage((page) => printOnPage(page, request, manager.options.timeout));
}

/** A fresh page: the report loaded with its fonts, looked at in print media, printed. */
async function printOnPage(
  page: Page,
  request: PrintRequest,
  timeout: number,
  html = printHtml(request),
): Promise<PrintedPdf & { contentsShown: boolean }> {
  await preparePage(page, html, timeout);
  // The previous build's pages, else an estimate: when either is right, one print is enough.
  const layout = await lookAhead(page, !request.previousPages);
  const shown = layout.contentsShown;
  const printed = await printPasses(
    page,
    shown,
    (shown && request.previousPages) || layout.estimate,
    timeout,
  );
  return { ...printed, contentsShown: shown };
}

/**
 * The preview server's printer: one page kept open between prints. When only the body has
 * changed (the same stylesheet and the same font faces), the new body replaces the old one in
 * place, so the fonts are not loaded again and the contents starts from the pages of the last
 * print; anything else, or any failure, loads a fresh page as a build does.
 */
export class KeptPagePrinter {
  private kept:
    | { page: Page; head: string; contentsShown: boolean; pages: Map<string, number> }
    | undefined;

  constructor(private readonly manager: BrowserManager) {}

  async print(request: PrintRequest): Promise<PrintedPdf> {
    const html = printHtml(request);
    const bodyStart = html.indexOf("<body");
    const head = html.slice(0, bodyStart);
    const kept = this.kept;
    if (kept && kept.head === head && bodyStart !== -1) {
      try {
        const body = html.slice(bodyStart, html.lastIndexOf("</body>") + "</body>".length);
        await kept.page.evaluate((markup: string) => {
          document.body.outerHTML = markup;
        }, body);
        const printed = await printPasses(
          kept.page,
          kept.contentsShown,
          kept.pages,
          this.manager.options.timeout,
        );
        kept.pages = printed.pages;
        return printed;
      } catch {
        // A page that no longer answers (a crashed browser): start again on a fresh one.
      }
    }
    await this.close();
    const page = await this.manager.openPage();
    try {
      const printed = await printOnPage(page, request, this.manager.options.timeout, html);
      this.kept = { page, head, contentsShown: printed.contentsShown, pages: printed.pages };
      return printed;
    } catch (error) {
      await page.close().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    const kept = this.kept;
    this.kept = undefined;
    await kept?.page.close().catch(() => undefined);
  }
}

/** Prints until the contents' numbers are the pages the sections landed on. */
async function printPasses(
  page: Page,
  shown: boolean,
  first: Map<string, number>,
  timeout: number,
): Promise<PrintedPdf> {
  let numbers = first;
  for (let pass = 1; pass <= maxPasses; pass++) {
    await writeContentsNumbers(page, numbers);
    const fontsBefore = await loadedFaces(page);
    // Every pass prints tags and bookmarks: an untagged pass would shift the ids of the
    // tagged one after it, and the bytes would depend on how many passes were needed.
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      preferCSSPageSize: true,
      tagged: true,
      outline: true,
      timeout,
    });
    // A face first needed by the print itself (a character only the page footer has) is
    // loaded while the print goes on, which then shows another face in its place: print again
    // once it is there, so that the bytes never depend on how quickly a font file loaded.
    if ((await loadedFaces(page)) !== fontsBefore) continue;
    const document = await loadPdf(pdf);
    const landed = destinationPages(document);
    // A layout without a contents page (the official theme) has no numbers to settle.
    if (!shown || sameNumbers(numbers, landed)) return { document, prints: pass, pages: landed };
    numbers = landed;
  }
  throw new Error(`the contents page numbers did not settle after ${maxPasses} prints`);
}

/**
 * The report's HTML as it is printed: <base> keeps relative links pointing at the report's own
 * folder, and the print fonts are declared.
 */
export function printHtml(request: PrintRequest): string {
  const head = `<base href="${request.baseUrl}"><style>${printFontCss(request.html, request.fonts)}</style>`;
  return request.html.replace("</head>", `${head}</head>`);
}

/** The page loaded from `html` (the report as printed), with its fonts checked. */
async function preparePage(page: Page, html: string, timeout: number): Promise<void> {
  page.setDefaultTimeout(timeout);
  await page.setJavaScriptEnabled(false);
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
    await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout });
  } finally {
    await rm(folder, { recursive: true, force: true });
    untrack();
  }
  const fonts = await page.evaluate(async () => {
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
  });
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

/**
 * The report in print media, before printing: whether it shows a contents page (the official
 * theme does not), and, when asked, where each section will land. The estimate lays the body out
 * as columns the size of a page's text block, which Chromium breaks as it breaks pages (same
 * avoid rules, orphans and widows), and each heading's column is its page. The print that
 * follows checks the estimate; a wrong one costs a second print, never a wrong number.
 */
async function lookAhead(
  page: Page,
  estimate: boolean,
): Promise<{ contentsShown: boolean; estimate: Map<string, number> }> {
  await page.emulateMediaType("print");
  try {
    const found = await page.evaluate((wanted: boolean) => {
      const shown = document.querySelector("nav.contents")?.getClientRects().length ?? 0;
      if (!shown || !wanted) return { shown: shown > 0, entries: [] as Array<[string, number]> };
      const a4 = { width: 210, height: 297 };
      const pxPerMm = 96 / 25.4;
      const margins = { top: 0, right: 0, bottom: 0, left: 0 };
      for (const sheet of document.styleSheets) {
        for (const rule of sheet.cssRules) {
          if (!(rule instanceof CSSPageRule) || rule.selectorText !== "") continue;
          for (const side of ["top", "right", "bottom", "left"] as const) {
            const value = rule.style.getPropertyValue(`margin-${side}`);
            if (value) margins[side] = lengthInPx(value);
          }
        }
      }
      function lengthInPx(value: string): number {
        const probe = document.createElement("div");
        probe.style.cssText = `position:absolute;width:${value}`;
        document.body.append(probe);
        const width = probe.getBoundingClientRect().width;
        probe.remove();
        return width;
      }
      const width = a4.width * pxPerMm - margins.left - margins.right;
      const height = a4.height * pxPerMm - margins.top - margins.bottom;
      const main = document.querySelector("main");
      const contents = document.querySelector<HTMLElement>("nav.contents");
      // No contents page shown (the official theme has none): nothing to number.
      if (!main || !contents || width <= 0 || height <= 0) return { shown: true, entries: [] };
      const saved = main.getAttribute("style");
      const savedContents = contents.getAttribute("style");
      const gap = 100;
      main.style.cssText =
        `width:${width}px;height:${height}px;columns:${width}px 1;` +
        `column-gap:${gap}px;column-fill:auto;margin:0;padding:0`;
      // The contents laid out the same way: a long one takes several pages, its entries kept
      // whole, and its last entry's column is its last page.
      contents.style.cssText = main.style.cssText;
      try {
        const left = main.getBoundingClientRect().left;
        const entries = contents.querySelectorAll("li");
        const last = entries[entries.length - 1];
        const contentsPages = last
          ? Math.floor(
              (last.getBoundingClientRect().left - contents.getBoundingClientRect().left + 1) /
                (width + gap),
            ) + 1
          : 1;
        const firstBodyPage = 2 + contentsPages;
        const result: Array<[string, number]> = [];
        for (const element of document.querySelectorAll<HTMLElement>("[data-page-of]")) {
          const id = element.dataset.pageOf ?? "";
          const target = document.getElementById(id);
          if (!target) continue;
          const column = Math.floor(
            (target.getBoundingClientRect().left - left + 1) / (width + gap),
          );
          result.push([id, firstBodyPage + column]);
        }
        return { shown: true, entries: result };
      } finally {
        if (saved === null) main.removeAttribute("style");
        else main.setAttribute("style", saved);
        if (savedContents === null) contents.removeAttribute("style");
        else contents.setAttribute("style", savedContents);
      }
    }, estimate);
    // Faces the print styles need may be loading now; the print waits for them (loadedFaces).
    return { contentsShown: found.shown, estimate: new Map(found.entries) };
  } finally {
    await page.emulateMediaType();
  }
}

/** How many font faces have loaded, once none is loading. */
async function loadedFaces(page: Page): Promise<number> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((face) => face.status === "loaded").length;
  });
}

/** Puts each section's page number beside its entry in the contents; placeholders when unknown. */
async function writeContentsNumbers(page: Page, numbers: Map<string, number>): Promise<void> {
  await page.evaluate(
    (entries: Array<[string, number]>) => {
      const known = new Map(entries);
      for (const element of document.querySelectorAll<HTMLElement>("[data-page-of]")) {
        const number = known.get(element.dataset.pageOf ?? "");
        // Two digits of placeholder keep the line as wide as it will be. The text node is made
        // once and then only changed, so the tagged PDF's element ids do not depend on how many
        // passes it took: one pass or two give the same bytes.
        const text = element.firstChild ?? element.appendChild(document.createTextNode(""));
        text.nodeValue = number === undefined ? "00" : String(number);
      }
    },
    [...numbers],
  );
}

function sameNumbers(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, number] of a) if (b.get(id) !== number) return false;
  return true;
}
