import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { builtCopy, cli, officePdf, pdfFamilies, root } from "./support.js";
import { hangGuard } from "./time-limits.js";

// report.docx as an office PC without the report's fonts shows it: LibreOffice (which has only
// DejaVu here) converts each built report.docx, and its PDF is compared with ours.

const exec = promisify(execFile);
const built = inject("built");
const documents = built.flatMap((entry) =>
  entry.years.map((year) => ({
    label: `${entry.name} ${entry.theme} ${year}`,
    docx: path.join(entry.out, year, "report.docx"),
    pdf: path.join(entry.out, year, "report.pdf"),
  })),
);
let work: string;
/** Each document's file as LibreOffice printed it, by label. */
const converted = new Map<string, string>();

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "report-docx-fonts-"));
  // One LibreOffice process a document: within one process, a face embedded by an earlier
  // document stands in for the same face of a later one.
  for (const [index, document] of documents.entries()) {
    const folder = path.join(work, String(index));
    await mkdir(folder);
    const { pdf } = await officePdf(document.docx, folder, path.join(work, "profile"));
    converted.set(document.label, pdf);
  }
}, hangGuard(60));

afterAll(() => rm(work, { recursive: true, force: true }));

async function pages(file: string): Promise<number> {
  return Number(/Pages:\s+(\d+)/.exec((await exec("pdfinfo", [file])).stdout)?.[1]);
}

describe("report.docx on a machine without the report's fonts", () => {
  it.each(documents)(
    "$label is set in the PDF's own faces, carried in the file",
    async (document) => {
      const office = converted.get(document.label) ?? "";
      const ours = await pdfFamilies(document.pdf);
      const theirs = await pdfFamilies(office);
      expect(theirs.length).toBeGreaterThan(0);
      // No stand-in of the machine's (DejaVu, Liberation, Noto Sans CJK JP): the PDF's faces only.
      for (const family of theirs) expect(ours, `${family} in ${document.label}`).toContain(family);
    },
  );

  /**
   * Where a line of a flow of `file`'s text ends as `ends` and the next starts as `starts`, on
   * the pages from `from` on.
   */
  async function splits(file: string, ends: RegExp, starts: RegExp, from = 1): Promise<string[]> {
    const { stdout } = await exec("pdftotext", ["-bbox-layout", file, "-"]);
    const pages = (stdout.match(/<page[\s\S]*?<\/page>/g) ?? []).slice(from - 1).join("");
    const split: string[] = [];
    for (const flow of pages.match(/<flow>[\s\S]*?<\/flow>/g) ?? []) {
      const lines = (flow.match(/<line[\s\S]*?<\/line>/g) ?? []).map((line) =>
        [...line.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((word) => word[1]).join(""),
      );
      for (const [index, line] of lines.entries()) {
        const next = lines[index + 1] ?? "";
        // A line of the contents ends in its page, and the next entry may start with a figure.
        if (/\.\.\./.test(line)) continue;
        if (ends.test(line) && starts.test(next)) split.push(`${line} / ${next}`);
      }
    }
    return split;
  }

  it.each(documents)("$label breaks no figure across lines (58. / 21%)", async (document) => {
    const office = converted.get(document.label) ?? "";
    expect(await splits(office, /[0-9][.,]?$/, /^[0-9.,%]/)).toEqual([]);
  });

  // LibreOffice 7.4 breaks between a number and a Chinese unit whatever the document says (its
  // Asian line breaking passes over WORD JOINER): the PDF keeps them together.
  it.each(documents)(
    "$label's PDF sets no number apart from its unit (2.4 / 萬元)",
    async (document) => {
      // The body's pages: a contents line ends in a page number, and the next entry is Chinese.
      const recorded = /\/ReportSectionPages \(([^)]*)\)/.exec(
        await readFile(document.pdf, "latin1"),
      );
      // No pages recorded: no contents page, whose links they are; the body is every page.
      const body = recorded?.[1]
        ? Math.min(...recorded[1].split(",").map((entry) => Number(entry.split(":")[1])))
        : 1;
      expect(body).toBeGreaterThan(0);
      expect(await splits(document.pdf, /[0-9]$/, /^\p{Script=Han}/u, body)).toEqual([]);
    },
  );

  it("sets 22 lines on a full page of the official theme, as the PDF does", async () => {
    /**
     * The most lines of 16 pt text any page has above its footer (A4 is 842 pt high; a line of
     * 16 pt text is over 19 pt high, a table's of 12 pt is not).
     */
    const fullest = async (file: string) => {
      const { stdout } = await exec("pdftotext", ["-bbox-layout", file, "-"]);
      const counts = (stdout.match(/<page[\s\S]*?<\/page>/g) ?? []).map((page) => {
        const tops = [
          ...page.matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"/g),
        ]
          .filter((match) => Number(match[2]) - Number(match[1]) > 19 && Number(match[1]) < 740)
          .map((match) => Math.round(Number(match[1])));
        return new Set(tops).size;
      });
      return Math.max(...counts);
    };
    const label = "2022 official 2022";
    const document = documents.find((each) => each.label === label);
    expect(await fullest(document?.pdf ?? "")).toBe(22);
    expect(await fullest(converted.get(label) ?? "")).toBe(22);
  });

  it.each(documents.map((document) => document.label))(
    "starts each section of %s on the PDF's page",
    async (label) => {
      const document = documents.find((each) => each.label === label);
      expect(document, label).toBeDefined();
      const pdf = document?.pdf ?? "";
      // Where the PDF's sections start, as it records them, and what they are called.
      const recorded =
        /\/ReportSectionPages \(([^)]*)\)/.exec(await readFile(pdf, "latin1"))?.[1] ?? "";
      const starts = new Map(
        recorded.split(",").map((entry) => entry.split(":") as [string, string]),
      );
      const page = await readFile(pdf.replace(/report\.pdf$/, "report.html"), "utf8");
      const sections = [...page.matchAll(/<h2[^>]*id="([^"]+)"[^>]*>([\s\S]*?)<\/h2>/g)].map(
        ([, id, inner]) => ({
          id: id ?? "",
          // The heading's text as a line of the page shows it: its lines, the join hidden or not.
          texts: [/<span class="line-join">[\s\S]*?<\/span>/g, /$^/].map((join) =>
            (inner ?? "")
              .replace(join, "")
              .replace(/<[^>]+>/g, "")
              .replace(/\s/g, ""),
          ),
        }),
      );
      expect(sections.length).toBeGreaterThan(0);
      /** The page each section's heading is found on in `file`, the same way for both. */
      const startsIn = async (file: string) => {
        const count = await pages(file);
        // Each page's lines, and each two lines run together (a heading on two lines).
        const texts: string[][] = [];
        for (let at = 1; at <= count; at++) {
          const { stdout } = await exec("pdftotext", [
            "-f",
            String(at),
            "-l",
            String(at),
            file,
            "-",
          ]);
          const lines = stdout
            .split("\n")
            .map((line) => line.replace(/\s/g, ""))
            .filter(Boolean);
          texts.push([...lines, ...lines.slice(1).map((line, index) => `${lines[index]}${line}`)]);
        }
        let from = 0;
        const found: Array<[string, number]> = [];
        for (const section of sections) {
          // The first page from the last section's on with a line that is the heading, the
          // contents aside.
          const at = texts.findIndex(
            (lines, index) =>
              index >= from &&
              !lines.some((line) => line.includes(".....")) &&
              section.texts.some((text) => lines.includes(text)),
          );
          found.push([section.id, at + 1]);
          if (at >= 0) from = at;
        }
        return found;
      };
      // Where the PDF records them (the pages its contents links to); a report without a
      // contents page records none, and its headings are found as in LibreOffice's.
      const ours =
        recorded !== ""
          ? sections.map(({ id }): [string, number] => [id, Number(starts.get(id))])
          : await startsIn(pdf);
      expect(ours.every(([, page]) => page > 0)).toBe(true);
      expect(await startsIn(converted.get(label) ?? "")).toEqual(ours);
    },
  );

  it("lays the 2022 report out on as many pages as the PDF, in both themes", async () => {
    for (const label of ["2022 default 2022", "2022 official 2022"]) {
      const document = documents.find((each) => each.label === label);
      expect(document, label).toBeDefined();
      expect(await pages(converted.get(label) ?? ""), label).toBe(await pages(document?.pdf ?? ""));
    }
  });
});

describe("docx_fonts: installed", () => {
  /** Which character set each face offices have holds: the GB 2312 faces, or GBK's. */
  const setOf = (face: string) => (/_GB2312$|^方正小标宋简体$/.test(face) ? "gb2312" : "gbk");

  it.each(
    built.filter(
      (entry) => entry.theme === "official" && !/-en$|foodbank|foundation/.test(entry.name),
    ),
  )("names official faces that hold every character of $name, and embeds none", async (entry) => {
    const dir = await builtCopy(entry.name, "official");
    const config = path.join(dir, "report.config.yaml");
    // The 2022 records are built without a config of their own: the repository's is theirs.
    const before = await readFile(config, "utf8").catch(() =>
      readFile(path.join(root, "report.config.yaml"), "utf8"),
    );
    await writeFile(config, `${before}\ndocx_fonts: installed\n`);
    const year = entry.years[0] ?? "";
    const result = await cli(dir, "build", year, "-f", "docx", "--theme", "official");
    expect(result.code, result.stderr).toBe(0);
    const docx = path.join(dir, "out", year, "report.docx");
    const part = async (name: string) =>
      (await exec("unzip", ["-p", docx, name], { maxBuffer: 64 * 1024 * 1024 })).stdout;
    const { stdout: listing } = await exec("unzip", ["-l", docx]);
    expect(listing).not.toContain("word/fonts/");
    expect(await part("word/settings.xml")).not.toContain("embedTrueTypeFonts");
    const styles = await part("word/styles.xml");
    const faces = [
      ...new Set(
        [...styles.matchAll(/<w:rFonts [^>]*w:eastAsia="([^"]+)"/g)].map((m) => m[1] ?? ""),
      ),
    ];
    expect(faces.length).toBeGreaterThan(0);
    for (const face of faces)
      expect(face).toMatch(/^(仿宋|宋体|黑体|楷体|仿宋_GB2312|楷体_GB2312|方正小标宋简体)$/);
    // Where a face is missing, Word takes the one named beside it.
    const table = await part("word/fontTable.xml");
    for (const face of faces)
      expect(table).toMatch(new RegExp(`<w:font w:name="${face}"><w:altName w:val="[^"]+"/>`));
    // Every character of the document, counted by Python's own codecs: none outside the set of
    // any face the document names (a character may be set in any of them).
    const text = path.join(dir, "text.txt");
    await writeFile(text, (await exec("pandoc", ["-f", "docx", "-t", "plain", docx])).stdout);
    const sets = [...new Set(faces.map(setOf))].join(",");
    const { stdout: missing } = await exec("python3", [
      "-c",
      `import sys
text = open(sys.argv[1], encoding="utf-8").read()
missing = set()
for c in text:
    if ord(c) < 0x2E80: continue
    for codec in sys.argv[2].split(","):
        try: c.encode(codec)
        except UnicodeEncodeError: missing.add(c)
print("".join(sorted(missing)))`,
      text,
      sets,
    ]);
    expect(missing.trim()).toBe("");
  });
});

describe("the fonts inside report.docx", () => {
  it("are whole TrueType files once the key is taken off, named as the document names them", async () => {
    const dir = await mkdtemp(path.join(work, "parts-"));
    const docx = path.join(dir, "report.docx");
    await copyFile(documents.find((each) => each.label === "2022 default 2022")?.docx ?? "", docx);
    await exec("unzip", ["-q", docx, "-d", dir]);
    const table = await readFile(path.join(dir, "word/fontTable.xml"), "utf8");
    const relationships = await readFile(path.join(dir, "word/_rels/fontTable.xml.rels"), "utf8");
    const embeds = [
      ...table.matchAll(
        /<w:font w:name="([^"]+)">(?:(?!<\/w:font>).)*?<w:embed(Regular|Bold) r:id="([^"]+)" w:fontKey="\{([0-9A-F-]{36})\}"/g,
      ),
    ];
    expect(embeds.length).toBeGreaterThan(1);
    for (const [, family, , id, key] of embeds) {
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(relationships)?.[1] ?? "";
      const file = await readFile(path.join(dir, "word", target));
      // ECMA-376 Part 1, 17.8.1: the first 32 bytes XORed with the key's bytes, last first.
      const bytes = Buffer.from((key ?? "").replace(/-/g, ""), "hex").reverse();
      for (let index = 0; index < 32; index++)
        file[index] = (file[index] ?? 0) ^ (bytes[index % 16] ?? 0);
      const font = path.join(dir, `${id}.ttf`);
      await writeFile(font, file);
      const { stdout } = await exec("fc-query", ["--format=%{family}", font]);
      expect(stdout.split(",")).toContain(family);
    }
  });
});
