import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { type Dict, readPdfObjects } from "./pdf-objects.js";
import { checkStructureTree } from "./pdf-structure.js";

/**
 * The machine-checkable conditions of PDF/UA-1 (ISO 14289-1, as the Matterhorn Protocol 1.1
 * numbers its failure conditions) and PDF/A-2 (ISO 19005-2, by clause) that apply to the PDFs
 * `report build` writes, read with qpdf's JSON (objects and decoded streams) and poppler's
 * pdfinfo and pdffonts. docs/pdf-standards.md lists what is checked here and what is not.
 * veraPDF, the reference validator, is not installable from the registries this project uses.
 */

const exec = promisify(execFile);

export interface StandardsReport {
  /** One line per condition that fails: what, how often, and the clause. */
  failures: string[];
  /** How many structure elements the tag tree holds. */
  elements: number;
}

export async function checkPdfStandards(file: string): Promise<StandardsReport> {
  const failures: string[] = [];
  const fail = (condition: string) => failures.push(condition);
  const pdf = await readPdfObjects(file);
  const { objects, dict, array, data, text } = pdf;

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
  const elements = checkStructureTree(pdf, catalog, fail);

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
