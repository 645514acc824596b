import { inflateSync } from "node:zlib";
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFName,
  type PDFObject,
  PDFObjectCopier,
  PDFRawStream,
  PDFRef,
  PDFStream,
} from "pdf-lib";

/**
 * The front matter of a report printed twice, the body once: the whole report is printed with
 * placeholders in the contents, and then the cover and the contents alone with the numbers the
 * first print found. This puts the second print's drawings into the first one's pages.
 *
 * Only what is drawn changes hands (each page's content streams and the resources they name).
 * The pages themselves stay: their links, their place in the structure tree and the bookmarks
 * that point at them. That is sound only when both prints drew the same marked content in the
 * same order, page by page, which `sameMarkedContent` checks first.
 */
export function replaceFrontPages(body: PDFDocument, front: PDFDocument): void {
  const copier = PDFObjectCopier.for(front.context, body.context);
  const frontPages = front.getPages();
  body.getPages().forEach((page, index) => {
    const replacement = frontPages[index];
    if (!replacement) return;
    for (const key of [PDFName.of("Contents"), PDFName.of("Resources")]) {
      const value = replacement.node.get(key);
      if (value) page.node.set(key, copier.copy(value));
    }
  });
  dropUnreachable(body);
}

/**
 * Whether the first `count` pages of both documents mark the same content: the same marked
 * content ids (which the structure tree points at) in the same order on each page.
 */
export function sameMarkedContent(body: PDFDocument, front: PDFDocument, count: number): boolean {
  const bodyPages = body.getPages();
  const frontPages = front.getPages();
  if (frontPages.length !== count || bodyPages.length < count) return false;
  for (let index = 0; index < count; index++) {
    const a = markedContentIds(body, bodyPages[index]?.node.get(PDFName.of("Contents")));
    const b = markedContentIds(front, frontPages[index]?.node.get(PDFName.of("Contents")));
    if (a === undefined || a !== b) return false;
  }
  return true;
}

/** The page's marked content ids in order, as one text; undefined when a stream is unreadable. */
function markedContentIds(
  document: PDFDocument,
  contents: PDFObject | undefined,
): string | undefined {
  const streams = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  const ids: string[] = [];
  for (const entry of streams) {
    const stream = entry instanceof PDFRef ? document.context.lookup(entry) : entry;
    if (!(stream instanceof PDFStream)) return undefined;
    const bytes = stream instanceof PDFRawStream ? decoded(stream) : stream.getContents();
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
    for (const match of text.matchAll(/\/MCID\s+(\d+)/g)) ids.push(match[1] ?? "");
  }
  return ids.join(",");
}

/** A stream's bytes; zlib's inflate, several times quicker than pdf-lib's own. */
function decoded(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.get(PDFName.of("Filter"));
  return filter instanceof PDFName && filter.decodeText() === "FlateDecode"
    ? inflateSync(stream.contents)
    : decodePDFRawStream(stream).decode();
}

/**
 * Deletes every object nothing reaches from the trailer: the drawings a page no longer shows
 * (and the font subsets only they used) would otherwise still be written.
 */
function dropUnreachable(document: PDFDocument): void {
  const context = document.context;
  const reached = new Set<string>();
  const pending: PDFObject[] = [context.trailerInfo.Root, context.trailerInfo.Info].filter(
    (value): value is PDFObject => value !== undefined,
  );
  while (pending.length > 0) {
    const value = pending.pop();
    if (value instanceof PDFRef) {
      const key = value.toString();
      if (reached.has(key)) continue;
      reached.add(key);
      const object = context.lookup(value);
      if (object) pending.push(object);
    } else if (value instanceof PDFArray) {
      pending.push(...value.asArray());
    } else if (value instanceof PDFDict) {
      pending.push(...value.values());
    } else if (value instanceof PDFStream) {
      pending.push(value.dict);
    }
  }
  for (const [ref] of context.enumerateIndirectObjects()) {
    if (!reached.has(ref.toString())) context.delete(ref);
  }
}
