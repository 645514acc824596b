import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { deflateSync, inflateSync } from "node:zlib";
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  type PDFPage,
  PDFRawStream,
  PDFRef,
  PDFString,
} from "pdf-lib";
import { packageRoot } from "../core/paths.js";
import { measured } from "../core/trace.js";
import { markArtifacts } from "./artifacts.js";
import { completeStructure } from "./structure.js";
import { type DocumentInfo, xmpPacket } from "./xmp.js";

/**
 * What turns Chromium's tagged PDF into one that claims PDF/A-2 and PDF/UA-1 and keeps the claim:
 * the page marks outside the tag tree as artifacts, the tag tree completed, bookmarks that read
 * as the headings do, an sRGB output intent, XMP metadata and a file identifier made from the
 * content, so that the same records still give the same bytes.
 */
export interface ConformanceInput extends DocumentInfo {
  creatorTool: string;
  /** Each heading as one line of text (its lines joined), in the order of the document. */
  headings: readonly string[];
  /** What each link target (a heading's id) is called: the text of the link's /Contents. */
  linkTexts: ReadonlyMap<string, string>;
}

export function makeConformant(document: PDFDocument, input: ConformanceInput): void {
  let start = performance.now();
  const pages = document.getPages();
  markPageArtifacts(document, pages);
  measured("pdf: mark artifacts", start);
  // The file identifier is made from what the pages draw, as written.
  const digest = createHash("sha256");
  for (const page of pages) {
    for (const ref of contentRefs(page.node)) {
      const stream = document.context.lookup(ref);
      if (stream instanceof PDFRawStream) digest.update(stream.contents);
    }
  }
  start = performance.now();
  completeStructure(document, input.linkTexts);
  measured("pdf: complete the structure", start);
  joinBookmarkLines(document, input.headings);
  addOutputIntent(document);
  const conformance = everyFontHasUnicode(document) ? "U" : "B";
  // UTF-8 bytes: given a string, pdf-lib would keep one byte of each character.
  const packet = Buffer.from(xmpPacket({ ...input, conformance }), "utf8");
  const metadata = document.context.stream(packet, {
    Type: "Metadata",
    Subtype: "XML",
  });
  document.catalog.set(PDFName.of("Metadata"), document.context.register(metadata));
  // The file identifier: the same content and metadata give the same one.
  digest.update(JSON.stringify({ ...input, linkTexts: [...input.linkTexts] }));
  const id = PDFHexString.of(digest.digest("hex").slice(0, 32));
  document.context.trailerInfo.ID = document.context.obj([id, id]);
}

/** The content streams already marked, by document, named by their references. */
const markedStreams = new WeakMap<PDFDocument, Set<string>>();

/**
 * The pages' content streams with their unmarked drawings marked as artifacts. Each stream is
 * marked once, so that a printer may mark the body's pages while the front matter is printed
 * again; the front matter's new streams are marked when the document is finished.
 */
export function markPageArtifacts(document: PDFDocument, pages: readonly PDFPage[]): void {
  let marked = markedStreams.get(document);
  if (!marked) {
    marked = new Set();
    markedStreams.set(document, marked);
  }
  for (const page of pages) {
    for (const ref of contentRefs(page.node)) {
      if (marked.has(ref.toString())) continue;
      marked.add(ref.toString());
      const stream = document.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      const text = markArtifacts(Buffer.from(streamBytes(stream)).toString("latin1"));
      if (text === undefined) continue;
      const next = document.context.stream(deflateSync(Buffer.from(text, "latin1")), {
        Filter: "FlateDecode",
      });
      for (const [key, value] of stream.dict.entries()) {
        if (!["Length", "Filter", "DecodeParms"].includes(key.decodeText()))
          next.dict.set(key, value);
      }
      document.context.assign(ref, next);
    }
  }
}

/**
 * A stream's bytes, decoded: zlib's inflate for the Flate streams Chromium writes, several
 * times quicker than pdf-lib's own on a long report.
 */
export function streamBytes(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.get(PDFName.of("Filter"));
  return filter instanceof PDFName && filter.decodeText() === "FlateDecode"
    ? inflateSync(stream.contents)
    : decodePDFRawStream(stream).decode();
}

/** The references of a page's content streams. */
function contentRefs(page: PDFDict): PDFRef[] {
  const contents = page.get(PDFName.of("Contents"));
  const refs =
    contents instanceof PDFArray
      ? contents.asArray()
      : contents instanceof PDFRef
        ? [contents]
        : [];
  return refs.filter((ref): ref is PDFRef => ref instanceof PDFRef);
}

/**
 * Chromium's bookmarks join a heading's lines with nothing between them
 * (堅持履職為民彰顯政協責任擔當); each one that matches the next heading so joined takes the
 * heading's own text, with its separator.
 */
function joinBookmarkLines(document: PDFDocument, headings: readonly string[]) {
  const outlines = document.catalog.lookupMaybe(PDFName.of("Outlines"), PDFDict);
  if (!outlines) return;
  const squeeze = (text: string) => text.replace(/[\s\u3000]+|:/g, "");
  let next = 0;
  const visit = (item: PDFDict | undefined) => {
    for (let node = item; node; node = node.lookupMaybe(PDFName.of("Next"), PDFDict)) {
      const title = node.lookup(PDFName.of("Title"));
      if (title instanceof PDFString || title instanceof PDFHexString) {
        const text = title.decodeText();
        const at = headings.findIndex(
          (heading, index) => index >= next && squeeze(heading) === squeeze(text),
        );
        if (at >= 0) {
          next = at + 1;
          if (headings[at] !== text) {
            node.set(PDFName.of("Title"), PDFHexString.fromText(headings[at] as string));
          }
        }
      }
      visit(node.lookupMaybe(PDFName.of("First"), PDFDict));
    }
  };
  visit(outlines.lookupMaybe(PDFName.of("First"), PDFDict));
}

let sRgbProfile: Buffer | undefined;

/** The sRGB profile shipped with the package (assets/icc, zlib licence). */
function sRgb(): Buffer {
  sRgbProfile ??= readFileSync(path.join(packageRoot, "assets", "icc", "sRGB.icc"));
  return sRgbProfile;
}

/** Colours are DeviceRGB: PDF/A wants an output intent that says what RGB means. */
function addOutputIntent(document: PDFDocument) {
  const profile = document.context.flateStream(sRgb(), { N: 3 });
  const intent = document.context.obj({
    Type: "OutputIntent",
    S: "GTS_PDFA1",
    OutputConditionIdentifier: PDFString.of("sRGB IEC61966-2.1"),
    RegistryName: PDFString.of("http://www.color.org"),
    Info: PDFString.of("sRGB IEC61966-2.1"),
    DestOutputProfile: document.context.register(profile),
  });
  const intents = document.context.obj([document.context.register(intent)]);
  document.catalog.set(PDFName.of("OutputIntents"), document.context.register(intents));
}

/** Whether every font maps what it draws to Unicode (PDF/A-2u); if not, only PDF/A-2b holds. */
function everyFontHasUnicode(document: PDFDocument): boolean {
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (nameText(object.get(PDFName.of("Type"))) !== "Font") continue;
    const subtype = nameText(object.get(PDFName.of("Subtype")));
    if (subtype === "CIDFontType0" || subtype === "CIDFontType2") continue;
    if (!object.has(PDFName.of("ToUnicode"))) return false;
  }
  return true;
}

function nameText(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFName ? value.decodeText() : undefined;
}
