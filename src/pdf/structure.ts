import {
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRef,
  PDFString,
} from "pdf-lib";

/**
 * What Chromium's tag tree lacks for PDF/UA-1, put right after printing, with the marked
 * content and the parent tree left as they are:
 *
 * - structure types of PDF 2.0 and HTML that PDF 1.7 does not know (Strong, Em …) are mapped
 *   to standard ones in a RoleMap;
 * - a Figure without alternate text that groups other elements (a chart's drawing and its
 *   caption) is a Div: the drawing inside carries the text;
 * - a list item's content is a list body (LBody) beside its label (Lbl);
 * - each link annotation says where it goes (/Contents), and pages with annotations give the
 *   structure order as the tab order.
 */
export function completeStructure(document: PDFDocument, linkTexts: ReadonlyMap<string, string>) {
  const root = document.catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict);
  if (root) {
    const found = new Set<string>();
    walkElements(document, root, (element, ref, parent) => {
      const type = nameOf(element.get(PDFName.of("S")));
      if (!type) return;
      if (!standardTypes.has(type)) found.add(type);
      if (type === "Figure") figureAsGroup(document, element);
      if (type === "LI" && ref && parent) listItemBody(document, element, ref, parent);
    });
    roleMap(document, root, found);
  }
  for (const page of document.getPages()) {
    const annotations = page.node.Annots();
    if (!annotations || annotations.size() === 0) continue;
    page.node.set(PDFName.of("Tabs"), PDFName.of("S"));
    for (let index = 0; index < annotations.size(); index++) {
      const annotation = annotations.lookup(index, PDFDict);
      if (nameOf(annotation.get(PDFName.of("Subtype"))) !== "Link") continue;
      if (!annotation.has(PDFName.of("Contents"))) {
        annotation.set(
          PDFName.of("Contents"),
          PDFHexString.fromText(linkText(annotation, linkTexts)),
        );
      }
    }
  }
}

/** The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4). */
const standardTypes = new Set(
  `Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4
  H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code
  Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form`.split(/\s+/),
);

/** Types outside PDF 1.7 that Chromium or HTML give, and the standard type each stands for. */
const standardFor: Record<string, string> = {
  Strong: "Span",
  Em: "Span",
  Sub: "Span",
  Title: "H1",
  FENote: "Note",
  Aside: "Div",
  DocumentFragment: "Div",
};

function roleMap(document: PDFDocument, root: PDFDict, found: Set<string>) {
  const mapped = [...found].filter((type) => standardFor[type]).sort();
  if (mapped.length === 0) return;
  const map = root.lookupMaybe(PDFName.of("RoleMap"), PDFDict) ?? document.context.obj({});
  for (const type of mapped) {
    map.set(PDFName.of(type), PDFName.of(standardFor[type] as string));
  }
  root.set(PDFName.of("RoleMap"), map);
}

function figureAsGroup(document: PDFDocument, figure: PDFDict) {
  if (figure.has(PDFName.of("Alt")) || figure.has(PDFName.of("ActualText"))) return;
  const groupsElements = kidsOf(figure).some((kid) => isElement(document, kid));
  if (groupsElements) figure.set(PDFName.of("S"), PDFName.of("Div"));
}

/**
 * A list item whose children are not a label and a body: the item becomes its own body, under a
 * new item that holds the label first. Marked content keeps pointing at the element it belongs
 * to, so the parent tree needs no change.
 */
function listItemBody(document: PDFDocument, item: PDFDict, ref: PDFRef, parent: PDFDict) {
  const kids = kidsOf(item);
  const typeOf = (kid: PDFObject) => {
    const element = lookupElement(document, kid);
    return element ? nameOf(element.get(PDFName.of("S"))) : undefined;
  };
  if (kids.length > 0 && kids.every((kid) => ["Lbl", "LBody"].includes(typeOf(kid) ?? ""))) return;
  const labels = kids.filter((kid) => kid instanceof PDFRef && typeOf(kid) === "Lbl") as PDFRef[];
  const rest = kids.filter((kid) => !labels.includes(kid as PDFRef));
  const newItem = document.context.obj({
    Type: "StructElem",
    S: "LI",
    P: item.get(PDFName.of("P")) ?? null,
    K: [...labels, ref],
  });
  const newRef = document.context.register(newItem);
  for (const label of labels) document.context.lookup(label, PDFDict).set(PDFName.of("P"), newRef);
  item.set(PDFName.of("S"), PDFName.of("LBody"));
  item.set(PDFName.of("P"), newRef);
  item.set(PDFName.of("K"), document.context.obj(rest));
  const siblings = parent.get(PDFName.of("K"));
  if (siblings instanceof PDFArray) {
    for (let index = 0; index < siblings.size(); index++) {
      if (siblings.get(index) === ref) siblings.set(index, newRef);
    }
  } else if (siblings === ref) {
    parent.set(PDFName.of("K"), newRef);
  }
}

/** Where a link goes, in words: the heading it leads to, or its address. */
function linkText(annotation: PDFDict, linkTexts: ReadonlyMap<string, string>): string {
  const destination = annotation.get(PDFName.of("Dest"));
  const name =
    destination instanceof PDFName
      ? decodeName(destination.asString())
      : destination instanceof PDFString || destination instanceof PDFHexString
        ? destination.decodeText()
        : undefined;
  if (name !== undefined) return linkTexts.get(name) ?? name;
  const action = annotation.lookupMaybe(PDFName.of("A"), PDFDict);
  const uri = action?.lookup(PDFName.of("URI"));
  if (uri instanceof PDFString || uri instanceof PDFHexString) return uri.decodeText();
  return "link";
}

/** PDF names escape bytes as #xx; Chromium writes the ids as UTF-8. */
export function decodeName(name: string): string {
  const raw = name.startsWith("/") ? name.slice(1) : name;
  const bytes = raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/**
 * Calls `each` for every structure element under the root, parents before children, with its
 * reference and its parent where it has them. Children are read before `each` can change them.
 */
function walkElements(
  document: PDFDocument,
  root: PDFDict,
  each: (element: PDFDict, ref: PDFRef | undefined, parent: PDFDict | undefined) => void,
) {
  const seen = new Set<PDFDict>();
  const visit = (kid: PDFObject, parent: PDFDict | undefined) => {
    const element = lookupElement(document, kid);
    if (!element || seen.has(element)) return;
    seen.add(element);
    const kids = kidsOf(element);
    each(element, kid instanceof PDFRef ? kid : undefined, parent);
    for (const child of kids) visit(child, element);
  };
  for (const kid of kidsOf(root)) visit(kid, undefined);
}

function kidsOf(element: PDFDict): PDFObject[] {
  const kids = element.get(PDFName.of("K"));
  if (kids instanceof PDFArray) return kids.asArray();
  return kids ? [kids] : [];
}

/** The structure element a kid is, or undefined for marked content and object references. */
function lookupElement(document: PDFDocument, kid: PDFObject): PDFDict | undefined {
  if (kid instanceof PDFNumber) return undefined;
  const value = kid instanceof PDFRef ? document.context.lookup(kid) : kid;
  if (!(value instanceof PDFDict)) return undefined;
  const type = nameOf(value.get(PDFName.of("Type")));
  if (type === "MCR" || type === "OBJR") return undefined;
  return value.has(PDFName.of("S")) ? value : undefined;
}

function isElement(document: PDFDocument, kid: PDFObject): boolean {
  return lookupElement(document, kid) !== undefined;
}

function nameOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFName ? value.decodeText() : undefined;
}
