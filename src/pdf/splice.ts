import {
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  PDFObjectCopier,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from "pdf-lib";
import { streamBytes } from "./conformance.js";
import { decodeName } from "./structure.js";

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
  const taken = subsetTags(body);
  const copier = PDFObjectCopier.for(front.context, body.context);
  const frontPages = front.getPages();
  const fonts = new Map<string, PDFDict>();
  body.getPages().forEach((page, index) => {
    const replacement = frontPages[index];
    if (!replacement) return;
    for (const key of [PDFName.of("Contents"), PDFName.of("Resources")]) {
      const value = replacement.node.get(key);
      if (value) page.node.set(key, copier.copy(value));
    }
    const named = page.node.Resources()?.lookupMaybe(PDFName.of("Font"), PDFDict);
    for (const value of named?.values() ?? []) {
      const font = body.context.lookup(value);
      if (value instanceof PDFRef && font instanceof PDFDict) fonts.set(value.toString(), font);
    }
  });
  // Both prints named their subsets AAAAAA+, BAAAAA+ …: the ones brought in are named anew, as
  // different subsets in one file must be (ISO 32000-1, 9.6.4).
  for (const font of fonts.values()) retag(body, font, taken);
  dropUnreachable(body);
}

/** The six-letter tags of the font subsets a document holds. */
function subsetTags(document: PDFDocument): Set<string> {
  const tags = new Set<string>();
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    const name = object.get(PDFName.of("BaseFont")) ?? object.get(PDFName.of("FontName"));
    const tag = name instanceof PDFName ? /^([A-Z]{6})\+/.exec(name.decodeText())?.[1] : undefined;
    if (tag) tags.add(tag);
  }
  return tags;
}

/**
 * Gives a subset font (its Type 0 dictionary, descendant and descriptor) the first tag after
 * its own that no other subset has, counting as its tags count: AAAAAA, BAAAAA … ZAAAAA, ABAAAA.
 */
function retag(document: PDFDocument, font: PDFDict, taken: Set<string>): void {
  const base = font.get(PDFName.of("BaseFont"));
  const match = base instanceof PDFName ? /^([A-Z]{6})\+(.*)$/.exec(base.decodeText()) : null;
  if (!match) return;
  let tag = match[1] ?? "AAAAAA";
  while (taken.has(tag)) tag = nextTag(tag);
  taken.add(tag);
  const renamed = PDFName.of(`${tag}+${match[2]}`);
  font.set(PDFName.of("BaseFont"), renamed);
  for (const descendant of font.lookupMaybe(PDFName.of("DescendantFonts"), PDFArray)?.asArray() ??
    []) {
    const cidFont = document.context.lookup(descendant);
    if (!(cidFont instanceof PDFDict)) continue;
    cidFont.set(PDFName.of("BaseFont"), renamed);
    cidFont
      .lookupMaybe(PDFName.of("FontDescriptor"), PDFDict)
      ?.set(PDFName.of("FontName"), renamed);
  }
}

/** The tag after `tag`, its first letter counting fastest (as Chromium's own tags do). */
function nextTag(tag: string): string {
  const letters = [...tag];
  for (let index = 0; index < letters.length; index++) {
    if (letters[index] !== "Z") {
      letters[index] = String.fromCharCode((letters[index] ?? "A").charCodeAt(0) + 1);
      return letters.join("");
    }
    letters[index] = "A";
  }
  return letters.join("");
}

/**
 * Whether the front matter printed alone can take the place of the whole print's first pages:
 * on each of them both marked the same content (the same marked content ids, which the structure
 * tree points at, in the same order, each on the same line), and those pages are the whole front matter of the whole
 * print, since they link every section the contents lists (`listed`). Numbers narrower than the
 * placeholders could otherwise have let the contents end a page earlier printed alone.
 */
export function sameMarkedContent(
  body: PDFDocument,
  front: PDFDocument,
  listed: readonly string[],
): boolean {
  const bodyPages = body.getPages();
  const frontPages = front.getPages();
  const count = frontPages.length;
  if (bodyPages.length < count) return false;
  const linked = new Set(bodyPages.slice(0, count).flatMap((page) => linkTargets(page.node)));
  if (!listed.every((id) => linked.has(id))) return false;
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
    const bytes = stream instanceof PDFRawStream ? streamBytes(stream) : stream.getContents();
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
    // Each id with the line its text is set on (the first text matrix after it): the same ids
    // on the same lines are the same layout, whatever digits the numbers have.
    const parts = text.split(/\/MCID\s+(\d+)/);
    for (let index = 1; index < parts.length; index += 2) {
      const line = /(-?[\d.]+)\s+Tm\b/.exec(parts[index + 1] ?? "")?.[1] ?? "";
      ids.push(`${parts[index]}@${line}`);
    }
  }
  return ids.join(",");
}

/** The places in the report a page's links lead to (their named destinations). */
function linkTargets(page: PDFDict): string[] {
  const annotations = page.lookupMaybe(PDFName.of("Annots"), PDFArray);
  const targets: string[] = [];
  for (let index = 0; index < (annotations?.size() ?? 0); index++) {
    const annotation = annotations?.lookupMaybe(index, PDFDict);
    const destination = annotation?.get(PDFName.of("Dest"));
    if (destination instanceof PDFName) targets.push(decodeName(destination.asString()));
    else if (destination instanceof PDFString || destination instanceof PDFHexString)
      targets.push(destination.decodeText());
  }
  return targets;
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
