import {
  ParseSpeeds,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFObject,
  PDFRef,
  PDFStream,
  PDFString,
} from "pdf-lib";
import { measured, traced } from "../core/trace.js";
import { makeConformant } from "./conformance.js";
import { decodeName } from "./structure.js";
import type { DocumentInfo } from "./xmp.js";

export interface PdfMetadata extends DocumentInfo {
  /** Each heading as one line of text, in order: the bookmarks' titles. */
  headings: readonly string[];
  /** What each link target (a heading's id) is called. */
  linkTexts: ReadonlyMap<string, string>;
  /** What was printed, as a hash (build/finish-pdf.ts layoutKey): whose pages the PDF records. */
  layout: string;
}

export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  // Parsed without pausing every hundred objects for the event loop (pdf-lib's default).
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}

/** The document information entries that record where each section starts, and of what. */
const sectionPagesKey = "ReportSectionPages";
const layoutKey = "ReportLayout";
/**
 * The widths the browser gave each table's columns, in Chromium's layout unit of 1/64 CSS
 * pixel (whole numbers: its widths are exact multiples of it): "w w w;w w" by table.
 */
const tableColumnsKey = "ReportTableColumns";

/**
 * What the print of a report laid out, which report.docx follows: the page each section starts
 * on, and each table's column widths (in 1/64 CSS pixel at the page's text width, in the order
 * of the tables; empty where unmeasured).
 */
export interface PrintedLayout {
  pages: Map<string, number>;
  tables: number[][];
}

/**
 * The layout recorded in a PDF this tool wrote, read straight from its bytes (the information
 * dictionary is written uncompressed, and this is quicker than parsing the PDF), when the PDF
 * was printed from `layout`: pages of other records, templates or fonts are none.
 */
export function recordedLayout(bytes: Uint8Array, layout: string): PrintedLayout | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  if (new RegExp(`/${layoutKey} \\(([0-9a-f]+)\\)`).exec(text)?.[1] !== layout) return undefined;
  const match = new RegExp(`/${sectionPagesKey} \\(([a-z0-9_:,]*)\\)`).exec(text);
  if (!match) return undefined;
  const pages = new Map<string, number>();
  for (const entry of (match[1] ?? "").split(",").filter(Boolean)) {
    const [id, page] = entry.split(":");
    if (id && page && /^\d+$/.test(page)) pages.set(id, Number(page));
  }
  const tables = new RegExp(`/${tableColumnsKey} \\(([0-9 ;]*)\\)`).exec(text)?.[1];
  return { pages, tables: parseTableColumns(tables ?? "") };
}

/** The layout of a PDF just printed: its destinations' pages, its tables as measured. */
export function printedLayout(document: PDFDocument): PrintedLayout {
  const recorded = infoOf(document).lookupMaybe(PDFName.of(tableColumnsKey), PDFString);
  return {
    pages: destinationPages(document),
    tables: parseTableColumns(recorded?.asString() ?? ""),
  };
}

/**
 * Records the widths of the tables' columns (print.ts measures them, in CSS pixels) in the PDF,
 * as whole 1/64 pixels.
 */
export function recordTableColumns(document: PDFDocument, tables: readonly number[][]): void {
  const text = tables.map((widths) => widths.map((width) => Math.round(width * 64)).join(" "));
  infoOf(document).set(PDFName.of(tableColumnsKey), PDFString.of(text.join(";")));
}

function parseTableColumns(text: string): number[][] {
  if (text === "") return [];
  return text.split(";").map((table) =>
    table
      .split(" ")
      .filter((width) => /^\d+$/.test(width))
      .map(Number)
      .filter((width) => width > 0),
  );
}

function infoOf(document: PDFDocument): PDFDict {
  return document.context.lookup(document.context.trailerInfo.Info, PDFDict);
}

/**
 * The 1-based page each named destination points at. Chromium writes a destination for every
 * element a link points to: here, each section heading the contents list links.
 */
export function destinationPages(document: PDFDocument): Map<string, number> {
  const pageNumbers = new Map(
    document.getPages().map((page, index) => [page.ref.toString(), index + 1]),
  );
  const dests = document.catalog.lookupMaybe(PDFName.of("Dests"), PDFDict);
  const result = new Map<string, number>();
  if (!dests) return result;
  for (const [name, value] of dests.entries()) {
    const target = document.context.lookup(value);
    if (!(target instanceof PDFArray)) continue;
    const page = target.get(0);
    const number = page instanceof PDFRef ? pageNumbers.get(page.toString()) : undefined;
    if (number !== undefined) result.set(decodeName(name.asString()), number);
  }
  return result;
}

/**
 * Sets the document information and language, and fixes the dates Chromium stamps with the
 * current time, so that the same records give the same bytes; then makes the file PDF/A-2 and
 * PDF/UA-1 (conformance.ts).
 */
export async function finishPdf(document: PDFDocument, metadata: PdfMetadata): Promise<Uint8Array> {
  let start = performance.now();
  renumberElementIds(document);
  measured("pdf: number the tagged elements", start);
  // Where each section starts, for report.docx to number its contents from (write-docx.ts).
  const pages = [...destinationPages(document)].map(([id, page]) => `${id}:${page}`).join(",");
  const info = infoOf(document);
  info.set(PDFName.of(sectionPagesKey), PDFString.of(pages));
  info.set(PDFName.of(layoutKey), PDFString.of(metadata.layout));
  document.setTitle(metadata.title, { showInWindowTitleBar: true });
  document.setAuthor(metadata.author);
  document.setSubject(metadata.subject);
  document.setKeywords(metadata.keywords);
  document.setLanguage(metadata.language);
  document.setCreator("report");
  document.setProducer(metadata.producer);
  document.setCreationDate(metadata.date);
  document.setModificationDate(metadata.date);
  start = performance.now();
  makeConformant(document, { ...metadata, creatorTool: "report" });
  measured("pdf: PDF/A and PDF/UA", start);
  return traced("pdf: save", () =>
    document.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY }),
  );
}

/** The documents whose element ids are numbered already. */
const numberedDocuments = new WeakSet<PDFDocument>();

/** Chromium's ids for tagged elements: `node` and the DOM node's id in the browser process. */
const elementId = /^node(\d{8})$/;

/**
 * Numbers the tagged elements' ids 1, 2, 3 … in their order. Chromium names them after the DOM
 * node ids of its renderer, which count every node that renderer has made before, so the same
 * page printed twice can start at node00000075 once and node00000086 the next time. The order
 * is kept, so the ID tree stays sorted.
 */
export function renumberElementIds(document: PDFDocument): void {
  // Done once: a printer may do it while the front matter is printed again.
  if (numberedDocuments.has(document)) return;
  numberedDocuments.add(document);
  const idOf = (value: PDFObject | undefined): number | undefined => {
    if (!(value instanceof PDFString)) return undefined;
    const match = elementId.exec(value.asString());
    return match ? Number(match[1]) : undefined;
  };
  /** Calls `each` for every value inside the object, with a way to replace it there. */
  const walk = (
    object: PDFObject | undefined,
    each: (value: PDFObject | undefined, replace: (next: PDFObject) => void) => void,
  ): void => {
    if (object instanceof PDFArray) {
      for (let index = 0; index < object.size(); index++) {
        const value = object.get(index);
        each(value, (next) => object.set(index, next));
        walk(value, each);
      }
    } else if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) {
        each(value, (next) => object.set(key, next));
        walk(value, each);
      }
    }
  };
  const objects = document.context
    .enumerateIndirectObjects()
    .map(([, object]) => (object instanceof PDFStream ? object.dict : object));

  const numbers = new Set<number>();
  for (const object of objects) {
    walk(object, (value) => {
      const number = idOf(value);
      if (number !== undefined) numbers.add(number);
    });
  }
  const renumbered = new Map(
    [...numbers]
      .sort((a, b) => a - b)
      .map((number, index) => [number, `node${String(index + 1).padStart(8, "0")}`]),
  );
  for (const object of objects) {
    walk(object, (value, replace) => {
      const number = idOf(value);
      const next = number === undefined ? undefined : renumbered.get(number);
      if (next) replace(PDFString.of(next));
    });
  }
}
