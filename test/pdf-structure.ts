import {
  contentTokens,
  type Dict,
  numberTree,
  type PdfObjects,
  type Value,
} from "./pdf-objects.js";

/** The structure tree's conditions of PDF/UA-1 (7.1 to 7.18), for pdf-standards.ts. */

const standardTypes = new Set(
  `Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4
  H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code
  Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form`.split(/\s+/),
);

/** Painting operators: each must be in tagged content or an Artifact (Matterhorn 01-005). */
const painting = new Set([
  "Tj",
  "TJ",
  "'",
  '"',
  "f",
  "F",
  "f*",
  "S",
  "s",
  "B",
  "B*",
  "b",
  "b*",
  "Do",
  "sh",
]);

/** Checks the tag tree from the catalog; returns how many structure elements it holds. */
export function checkStructureTree(
  pdf: PdfObjects,
  catalog: Dict,
  fail: (condition: string) => void,
): number {
  const { objectOf, dict, array, data, text } = pdf;
  const root = dict(catalog["/StructTreeRoot"]);
  let elements = 0;
  if (!root) fail("no StructTreeRoot (PDF/UA-1 7.1)");
  else {
    const roleMap = dict(root["/RoleMap"]) ?? {};
    const standardOf = (type: string) => {
      const seen = new Set<string>();
      let current = type;
      while (!standardTypes.has(current.slice(1)) && roleMap[current] && !seen.has(current)) {
        seen.add(current);
        current = String(roleMap[current]);
      }
      return standardTypes.has(current.slice(1)) ? current.slice(1) : undefined;
    };
    for (const key of Object.keys(roleMap)) {
      if (standardTypes.has(key.slice(1)))
        fail(`the RoleMap maps the standard type ${key} (Matterhorn 02-004)`);
    }
    const counts = new Map<string, number>();
    const count = (condition: string) => counts.set(condition, (counts.get(condition) ?? 0) + 1);
    const headings: number[] = [];
    const seen = new Set<string>();
    const linkAnnotations = new Set<string>();
    const walk = (ref: Value, parentType: string | undefined) => {
      if (typeof ref === "string") {
        if (seen.has(ref)) return;
        seen.add(ref);
      }
      const element = dict(ref);
      if (!element || element["/Type"] === "/MCR" || typeof element["/S"] !== "string") {
        if (element?.["/Type"] === "/OBJR") {
          const annotation = dict(element["/Obj"]);
          if (annotation?.["/Subtype"] === "/Link") {
            if (parentType !== "Link")
              count("link annotations outside a Link element (Matterhorn 28-011)");
            linkAnnotations.add(String(element["/Obj"]));
          }
        }
        return;
      }
      elements++;
      const type = standardOf(element["/S"]);
      if (!type)
        count(
          `structure type ${element["/S"]} neither standard nor role-mapped (Matterhorn 02-001)`,
        );
      const kids = array(element["/K"]);
      const kidTypes = kids
        .map((kid) => dict(kid))
        .filter((kid): kid is Dict => typeof kid?.["/S"] === "string")
        .map((kid) => standardOf(String(kid["/S"])));
      if (type === "Figure" && !element["/Alt"] && !element["/ActualText"])
        count("Figure elements without alternate text (Matterhorn 13-004)");
      if (type === "Formula" && !element["/Alt"])
        count("Formula elements without Alt (Matterhorn 17-002)");
      if (
        type === "LI" &&
        (kids.length === 0 ||
          kidTypes.length !== kids.length ||
          kidTypes.some((kid) => kid !== "Lbl" && kid !== "LBody"))
      )
        count("LI elements holding more than Lbl and LBody (PDF/UA-1 7.6, ISO 32000-1 14.8.4.3.3)");
      if (type === "L" && kidTypes.some((kid) => kid !== "LI" && kid !== "Caption" && kid !== "L"))
        count("L elements holding more than LI, L and Caption (PDF/UA-1 7.6)");
      if ((type === "Lbl" || type === "LBody") && parentType !== "LI")
        count("Lbl or LBody outside an LI (PDF/UA-1 7.6)");
      if (type === "TR" && !["Table", "THead", "TBody", "TFoot"].includes(parentType ?? ""))
        count("TR outside a table (ISO 32000-1 14.8.4.3.4)");
      if ((type === "TH" || type === "TD") && parentType !== "TR")
        count("TH or TD outside a TR (ISO 32000-1 14.8.4.3.4)");
      if (
        type === "Caption" &&
        !["Table", "Figure", "L", "Div", "Formula"].includes(parentType ?? "")
      )
        count("Caption outside a table, list or figure (PDF/UA-1 7.1)");
      if (type === "H") count("unnumbered H elements beside numbered ones (Matterhorn 14-007)");
      const level = /^H([1-6])$/.exec(type ?? "")?.[1];
      if (level) headings.push(Number(level));
      for (const kid of kids) walk(kid, type);
    };
    for (const kid of array(root["/K"])) walk(kid, undefined);
    if (headings[0] !== undefined && headings[0] !== 1)
      fail(`the first heading is H${headings[0]}, not H1 (Matterhorn 14-002)`);
    headings.forEach((level, index) => {
      const before = headings[index - 1];
      if (before !== undefined && level > before + 1)
        count("heading levels skipped going down (Matterhorn 14-003)");
    });
    for (const [condition, times] of counts) fail(`${times} × ${condition}`);

    // Annotations: described, printable, tab order by structure (PDF/UA-1 7.18, PDF/A-2 6.3).
    const pages = array(dict(catalog["/Pages"])?.["/Kids"]);
    const leafPages: Dict[] = [];
    const collect = (ref: Value) => {
      const node = dict(ref);
      if (!node) return;
      if (node["/Type"] === "/Pages") for (const kid of array(node["/Kids"])) collect(kid);
      else leafPages.push(node);
    };
    for (const page of pages) collect(page);
    let undescribed = 0;
    let unprintable = 0;
    let untabbed = 0;
    let untagged = 0;
    let forbidden = 0;
    for (const page of leafPages) {
      const annotations = array(page["/Annots"]);
      if (annotations.length > 0 && page["/Tabs"] !== "/S") untabbed++;
      for (const ref of annotations) {
        const annotation = dict(ref);
        if (!annotation) continue;
        const subtype = String(annotation["/Subtype"]);
        if (
          ["/Sound", "/Movie", "/3D", "/FileAttachment", "/Screen", "/RichMedia"].includes(subtype)
        )
          forbidden++;
        if (subtype === "/Popup") continue;
        const flags = Number(annotation["/F"] ?? 0);
        if ((flags & 4) === 0 || (flags & 3) !== 0) unprintable++;
        if (subtype === "/Link") {
          if (!text(annotation["/Contents"])) undescribed++;
          if (!linkAnnotations.has(String(ref))) untagged++;
        }
      }
    }
    if (undescribed) fail(`${undescribed} Link annotations without /Contents (Matterhorn 28-004)`);
    if (untagged)
      fail(`${untagged} Link annotations not in the structure tree (Matterhorn 28-011)`);
    if (unprintable) fail(`${unprintable} annotations not set to print, or hidden (PDF/A-2 6.3.2)`);
    if (untabbed)
      fail(`${untabbed} pages with annotations and no /Tabs /S (Matterhorn 28-008, 28-009)`);
    if (forbidden) fail(`${forbidden} annotations of a forbidden type (PDF/A-2 6.3.1)`);

    // Page content: every mark tagged or an Artifact, no Artifact inside tagged content, each
    // marked-content id with its element in the parent tree (Matterhorn 01-004, 01-005).
    const parentTree = numberTree(dict(root["/ParentTree"]), dict);
    let unmarked = 0;
    let artifactInContent = 0;
    let orphanIds = 0;
    let cmyk = 0;
    for (const page of leafPages) {
      const parents = array(parentTree.get(Number(page["/StructParents"])));
      const contents = page["/Contents"];
      const streams = Array.isArray(contents)
        ? contents
        : Array.isArray(objectOf(contents)?.value)
          ? (objectOf(contents)?.value as Value[])
          : [contents ?? null];
      for (const ref of streams) {
        const content = data(ref)?.toString("latin1") ?? "";
        const stack: Array<"artifact" | "tagged" | "other"> = [];
        let operands: string[] = [];
        for (const token of contentTokens(content)) {
          if (!token.operator) {
            operands.push(token.text);
            continue;
          }
          const op = token.text;
          if (op === "BDC" || op === "BMC") {
            const tag = operands[0] ?? "";
            const mcid = /\/MCID\s+(\d+)/.exec(operands.join(" "))?.[1];
            if (tag === "/Artifact") {
              if (stack.includes("tagged")) artifactInContent++;
              stack.push("artifact");
            } else if (mcid !== undefined) {
              if (!dict(parents[Number(mcid)])) orphanIds++;
              stack.push("tagged");
            } else stack.push("other");
          } else if (op === "EMC") stack.pop();
          else if (painting.has(op) && !stack.some((kind) => kind !== "other")) unmarked++;
          else if (op === "k" || op === "K") cmyk++;
          operands = [];
        }
      }
    }
    if (unmarked)
      fail(`${unmarked} painting operators neither tagged nor Artifact (Matterhorn 01-005)`);
    if (artifactInContent)
      fail(`${artifactInContent} Artifacts inside tagged content (Matterhorn 01-003)`);
    if (orphanIds)
      fail(
        `${orphanIds} marked-content ids with no element in the parent tree (PDF/UA-1 7.1, ISO 32000-1 14.7.4.4)`,
      );
    if (cmyk) fail(`${cmyk} DeviceCMYK colours with an RGB output intent (PDF/A-2 6.2.4.3)`);
  }

  return elements;
}
