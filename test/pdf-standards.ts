import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";

/**
 * The machine-checkable conditions of PDF/UA-1 (ISO 14289-1, as the Matterhorn Protocol 1.1
 * numbers its failure conditions) and PDF/A-2 (ISO 19005-2, by clause) that apply to the PDFs
 * `report build` writes, read with qpdf's JSON (objects and decoded streams) and poppler's
 * pdfinfo and pdffonts. docs/pdf-standards.md lists what is checked here and what is not.
 * veraPDF, the reference validator, is not installable from the registries this project uses.
 */

const exec = promisify(execFile);

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
type Dict = { [key: string]: Value };
interface QpdfObject {
  value?: Value;
  stream?: { dict: Dict; data?: string };
}

export interface StandardsReport {
  /** One line per condition that fails: what, how often, and the clause. */
  failures: string[];
  /** How many structure elements the tag tree holds. */
  elements: number;
}

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

export async function checkPdfStandards(file: string): Promise<StandardsReport> {
  const failures: string[] = [];
  const fail = (condition: string) => failures.push(condition);
  const { stdout } = await exec(
    "qpdf",
    ["--json", "--json-stream-data=inline", "--decode-level=generalized", file],
    { maxBuffer: 1024 * 1024 * 1024, encoding: "utf8" },
  );
  const json = JSON.parse(stdout) as { qpdf: [unknown, Record<string, QpdfObject>] };
  const objects = json.qpdf[1];
  const objectOf = (ref: Value | undefined): QpdfObject | undefined =>
    typeof ref === "string" && /^\d+ \d+ R$/.test(ref) ? objects[`obj:${ref}`] : undefined;
  const get = (ref: Value | undefined): Value | undefined => {
    const object = objectOf(ref);
    if (object) return object.value ?? object.stream?.dict;
    return ref;
  };
  const dict = (ref: Value | undefined): Dict | undefined => {
    const value = get(ref);
    return value && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  };
  const array = (ref: Value | undefined): Value[] => {
    const value = get(ref);
    return Array.isArray(value) ? value : value === undefined ? [] : [value];
  };
  const data = (ref: Value | undefined): Buffer | undefined => {
    const encoded = objectOf(ref)?.stream?.data;
    return encoded === undefined ? undefined : Buffer.from(encoded, "base64");
  };
  const text = (value: Value | undefined): string | undefined =>
    typeof value === "string" && value.startsWith("u:")
      ? value.slice(2)
      : typeof value === "string" && value.startsWith("b:")
        ? Buffer.from(value.slice(2), "hex").toString("latin1")
        : undefined;

  // File structure (PDF/A-2 6.1).
  const head = (await readFile(file)).subarray(0, 32);
  if (!/^%PDF-1\.[0-7]\r?\n%/.test(head.toString("latin1")))
    fail("the header is not %PDF-1.n followed by a comment line (PDF/A-2 6.1.2)");
  const comment = head.subarray(head.indexOf(0x0a) + 2, head.indexOf(0x0a) + 6);
  if (comment.length < 4 || [...comment].some((byte) => byte < 128))
    fail("the header's second line lacks four bytes above 127 (PDF/A-2 6.1.2)");
  const trailer = (objects.trailer?.value ?? {}) as Dict;
  if (!Array.isArray(trailer["/ID"]) || trailer["/ID"].length !== 2)
    fail("the trailer has no /ID of two strings (PDF/A-2 6.1.3)");
  if (trailer["/Encrypt"]) fail("the file is encrypted (PDF/A-2 6.1.3)");
  const check = await exec("qpdf", ["--check", file]).then(
    () => "",
    (error: { stdout?: string }) => String(error.stdout ?? "qpdf --check failed"),
  );
  if (check)
    fail(`qpdf --check finds errors (PDF/A-2 6.1): ${check.split("\n").slice(-3).join(" ")}`);

  let lzw = 0;
  let external = 0;
  let javascript = 0;
  for (const object of Object.values(objects)) {
    const value = object.stream?.dict ?? object.value;
    if (!value || typeof value !== "object" || Array.isArray(value)) continue;
    const filters = array(value["/Filter"]);
    if (filters.includes("/LZWDecode")) lzw++;
    if (object.stream && (value["/F"] || value["/FFilter"])) external++;
    if (value["/S"] === "/JavaScript" || value["/JS"] !== undefined) javascript++;
  }
  if (lzw) fail(`${lzw} streams use LZW (PDF/A-2 6.1.7.2)`);
  if (external) fail(`${external} streams point to external files (PDF/A-2 6.1.7.1)`);
  if (javascript) fail(`${javascript} JavaScript actions (PDF/A-2 6.6.1)`);

  // Document level.
  const catalog = dict(trailer["/Root"]) ?? {};
  const info = dict(trailer["/Info"]) ?? {};
  const metadataDict = dict(catalog["/Metadata"]);
  const xmp = data(catalog["/Metadata"])?.toString("utf8") ?? "";
  if (!metadataDict || !xmp) {
    fail("the catalog has no XMP metadata stream (PDF/A-2 6.6.2.1, Matterhorn 06-001)");
  } else {
    if (metadataDict["/Type"] !== "/Metadata" || metadataDict["/Subtype"] !== "/XML")
      fail("the metadata stream is not /Type /Metadata /Subtype /XML (PDF/A-2 6.6.2.1)");
    if (metadataDict["/Filter"]) fail("the metadata stream is filtered (PDF/A-2 6.6.2.1)");
    const property = (name: string) => {
      const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xmp)?.[1];
      return match
        ?.replace(/<rdf:li[^>]*>([\s\S]*?)<\/rdf:li>/g, "$1")
        .replace(/<[^>]+>/g, "")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&")
        .trim();
    };
    if (property("pdfaid:part") !== "2") fail("XMP pdfaid:part is not 2 (PDF/A-2 6.6.4)");
    if (!["A", "B", "U"].includes(property("pdfaid:conformance") ?? ""))
      fail("XMP pdfaid:conformance is not A, B or U (PDF/A-2 6.6.4)");
    if (property("pdfuaid:part") !== "1") fail("XMP pdfuaid:part is not 1 (Matterhorn 06-002)");
    if (!property("dc:title")) fail("XMP has no dc:title (Matterhorn 06-003)");
    if (!/<pdfaSchema:namespaceURI>http:\/\/www\.aiim\.org\/pdfua\/ns\/id\/</.test(xmp))
      fail("XMP describes no extension schema for pdfuaid (PDF/A-2 6.6.2.3)");
    // The information dictionary says what XMP says (PDF/A-2 6.6.3).
    const pairs: Array<[string, string]> = [
      ["/Title", "dc:title"],
      ["/Author", "dc:creator"],
      ["/Subject", "dc:description"],
      ["/Keywords", "pdf:Keywords"],
      ["/Producer", "pdf:Producer"],
      ["/Creator", "xmp:CreatorTool"],
    ];
    for (const [key, name] of pairs) {
      const value = text(info[key]);
      if (value !== undefined && value !== property(name))
        fail(`Info ${key} "${value}" differs from XMP ${name} "${property(name)}" (PDF/A-2 6.6.3)`);
    }
    for (const [key, name] of [
      ["/CreationDate", "xmp:CreateDate"],
      ["/ModDate", "xmp:ModifyDate"],
    ] as const) {
      const value = text(info[key]);
      if (value === undefined) continue;
      const [, y, mo, d, h, mi, s] = /^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z/.exec(value) ?? [];
      if (`${y}-${mo}-${d}T${h}:${mi}:${s}Z` !== property(name))
        fail(`Info ${key} ${value} differs from XMP ${name} ${property(name)} (PDF/A-2 6.6.3)`);
    }
  }
  const intents = array(catalog["/OutputIntents"]).map(dict);
  const pdfa = intents.find((intent) => intent?.["/S"] === "/GTS_PDFA1");
  const profile = data(pdfa?.["/DestOutputProfile"]);
  if (!pdfa || !profile) {
    fail("no GTS_PDFA1 output intent with an ICC profile (PDF/A-2 6.2.3)");
  } else {
    if (profile.subarray(36, 40).toString("latin1") !== "acsp")
      fail("the output intent's profile is not an ICC profile (PDF/A-2 6.2.3)");
    if (profile.subarray(16, 20).toString("latin1") !== "RGB ")
      fail("the output intent's profile is not an RGB profile (PDF/A-2 6.2.3)");
    if (dict(pdfa["/DestOutputProfile"])?.["/N"] !== 3)
      fail("the output intent's profile stream has no /N 3 (PDF/A-2 6.2.3)");
  }
  if (dict(catalog["/MarkInfo"])?.["/Marked"] !== true)
    fail("MarkInfo /Marked is not true (PDF/UA-1 7.1)");
  if (dict(catalog["/MarkInfo"])?.["/Suspects"] === true)
    fail("MarkInfo /Suspects is true (Matterhorn 01-007)");
  if (!text(catalog["/Lang"])) fail("the catalog has no /Lang (Matterhorn 11-006)");
  if (dict(catalog["/ViewerPreferences"])?.["/DisplayDocTitle"] !== true)
    fail("ViewerPreferences /DisplayDocTitle is not true (Matterhorn 07-001)");

  // The structure tree (PDF/UA-1 7.1 to 7.18).
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

  // Fonts: embedded, and mapped to Unicode when the file claims PDF/A-2u (PDF/A-2 6.2.11).
  const { stdout: fonts } = await exec("pdffonts", [file]);
  const rows = fonts.split("\n").slice(2).filter(Boolean);
  const notEmbedded = rows.filter(
    (row) => !/\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.test(row),
  );
  if (notEmbedded.length)
    fail(`${notEmbedded.length} fonts not embedded (PDF/A-2 6.2.11.4.1, PDF/UA-1 7.21.4.1)`);
  if (/<pdfaid:conformance>U</.test(xmp)) {
    const noUnicode = rows.filter(
      (row) => !/\s(yes|no)\s+(yes|no)\s+yes\s+\d+\s+\d+\s*$/.test(row),
    );
    if (noUnicode.length)
      fail(`${noUnicode.length} fonts without ToUnicode in a PDF/A-2u file (PDF/A-2 6.2.11.7.2)`);
  }

  const struct = await exec("pdfinfo", ["-struct", file], { maxBuffer: 256 * 1024 * 1024 });
  const errors = struct.stderr.split("\n").filter((line) => /error/i.test(line));
  if (errors.length) fail(`pdfinfo -struct: ${errors.length} errors, first: ${errors[0]}`);
  return { failures, elements };
}

/** The entries of a number tree (the parent tree), by key. */
function numberTree(
  node: Dict | undefined,
  dict: (ref: Value | undefined) => Dict | undefined,
): Map<number, Value> {
  const entries = new Map<number, Value>();
  const visit = (current: Dict | undefined) => {
    if (!current) return;
    const nums = current["/Nums"];
    if (Array.isArray(nums)) {
      for (let index = 0; index + 1 < nums.length; index += 2) {
        entries.set(Number(nums[index]), nums[index + 1] as Value);
      }
    }
    const kids = current["/Kids"];
    if (Array.isArray(kids)) for (const kid of kids) visit(dict(kid));
  };
  visit(node);
  return entries;
}

/** A content stream's tokens: operands (numbers, names, strings, arrays, dictionaries) and operators. */
function* contentTokens(content: string): Generator<{ text: string; operator: boolean }> {
  const pattern =
    /\s+|%[^\r\n]*|\((?:\\[\s\S]|[^\\)])*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|\/[^\s/[\]()<>{}%]*|[^\s/[\]()<>{}%]+/g;
  for (const [token] of content.matchAll(pattern)) {
    if (/^\s/.test(token) || token.startsWith("%")) continue;
    const operator = /^[A-Za-z'"*]+$/.test(token) && !["true", "false", "null"].includes(token);
    yield { text: token, operator };
  }
}
