import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { builtCopy, cli, edit, officePdf, root, seedPath, workspace } from "./support.js";
import { hangGuard } from "./time-limits.js";

// report.docx read by the readers offices use: LibreOffice converts it, pandoc reads it back.

const exec = promisify(execFile);
let work: string;
const docx = () => path.join(work, "out/2022/report.docx");
const part = async (name: string) =>
  (await exec("unzip", ["-p", docx(), name], { maxBuffer: 64 * 1024 * 1024 })).stdout;

beforeAll(async () => {
  // The 2022 records in every format, as test/global-setup.ts built them.
  work = await builtCopy("2022");
});

describe("report.docx", () => {
  it("holds every figure, title and document name of the seed, under Word's heading styles", async () => {
    const seed = await readFile(seedPath, "utf8");
    const { stdout: text } = await exec("pandoc", [
      "-f",
      "docx",
      "-t",
      "plain",
      "--wrap=none",
      docx(),
    ]);
    const figures = seed.match(/\d+(\.\d+)?多?(萬元|名|件|期|批次|戶|位|冊|套|份|個|%)/g) ?? [];
    const documents = seed.match(/《[^》]+》/g) ?? [];
    expect(figures.length).toBeGreaterThan(15);
    for (const expected of [...figures, ...documents]) expect(text, expected).toContain(expected);
    // The section headings, in order, as pandoc reads Word's heading styles.
    const { stdout: markdown } = await exec("pandoc", ["-f", "docx", "-t", "gfm", docx()]);
    // Each heading's two lines stand one under the other, the hidden join between them (pandoc
    // reads the line break after it as a space).
    expect(markdown.match(/^# .+$/gm)?.map((line) => line.replace("\u3000 ", "\u3000"))).toEqual([
      "# 堅持履職為民　彰顯政協責任擔當",
      "# 服務中心大局　增強協商議政實效",
      "# 推進民主監督　助推經濟社會發展",
      "# 凝聚思想共識　激發各界團結力量",
      "# 堅持強基固本　打造過硬干部隊伍",
    ]);
    const document = await part("word/document.xml");
    // Word's own style ids, which a Chinese Word finds under its own names.
    expect(document).toContain('<w:pStyle w:val="Heading1"/>');
    expect(document).toContain('<w:pStyle w:val="BodyText"/>');
    expect(document).toContain('<w:pStyle w:val="Caption"/>');
    // A table's header row repeats on every page it runs onto.
    expect(document).toContain("<w:tblHeader/>");
    // The contents is a TOC field, filled in with the pages the PDF has.
    expect(document).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-1&quot;<\/w:instrText>/);
    expect(document).toMatch(/堅持履職為民　彰顯政協責任擔當<\/w:t>[\s\S]*?<w:t[^>]*>3<\/w:t>/);
    // Charts as SVG, with a PNG for readers that do not draw SVG.
    const { stdout: listing } = await exec("unzip", ["-l", docx()]);
    expect(listing.match(/word\/media\/image\d+\.svg/g)?.length).toBe(3);
    expect(listing.match(/word\/media\/image\d+\.png/g)?.length).toBe(3);
  });

  it("is a package Word opens without repair: well-formed parts, each typed, each link found", async () => {
    // Python's XML parser, strict about well-formedness, over every part of the package.
    const check = `
import sys, zipfile, posixpath, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1]); names = set(z.namelist()); problems = []
for name in names:
    if name.endswith((".xml", ".rels")):
        try: ET.fromstring(z.read(name))
        except ET.ParseError as error: problems.append(f"{name}: {error}")
types = ET.fromstring(z.read("[Content_Types].xml"))
ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
defaults = {d.get("Extension") for d in types.iter(ns + "Default")}
overrides = {o.get("PartName") for o in types.iter(ns + "Override")}
for name in names:
    if name != "[Content_Types].xml" and "/" + name not in overrides and name.rsplit(".", 1)[-1] not in defaults:
        problems.append(f"{name}: no content type")
for name in [n for n in names if n.endswith(".rels")]:
    base = posixpath.dirname(posixpath.dirname(name))
    for rel in ET.fromstring(z.read(name)):
        if rel.get("TargetMode") == "External": continue
        target = posixpath.normpath(posixpath.join(base, rel.get("Target"))).lstrip("/")
        if target not in names: problems.append(f"{name}: {rel.get('Target')} is missing")
print(chr(10).join(problems))
`;
    const { stdout } = await exec("python3", ["-c", check, docx()]);
    expect(stdout.trim()).toBe("");
  });

  it("says what it is and in which language", async () => {
    const core = await part("docProps/core.xml");
    expect(core).toContain("<dc:title>政協洛江區第六屆委員會 2022工作回眸</dc:title>");
    expect(core).toContain("<dc:creator>政協洛江區第六屆委員會</dc:creator>");
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">2022-12-31T00:00:00Z</dcterms:created>',
    );
    const styles = await part("word/styles.xml");
    // East Asian text in the report's language; Latin text and figures in English, as a
    // Chinese Word writes it (LibreOffice breaks figures set in a Chinese language anywhere).
    expect(styles).toMatch(/<w:lang w:val="en-US" w:eastAsia="zh-TW"\/>/);
  });

  it("opens in LibreOffice, which lays it out in about as many pages as the PDF", async () => {
    const out = path.join(work, "libreoffice");
    await mkdir(out);
    const converted = await officePdf(docx(), out, path.join(work, "lo-profile"));
    expect(
      converted.stderr
        .split("\n")
        .filter((line) => /error|warn/i.test(line) && !/javaldx/.test(line)),
    ).toEqual([]);
    const pages = async (file: string) =>
      Number(/Pages:\s+(\d+)/.exec((await exec("pdfinfo", [file])).stdout)?.[1]);
    const ours = await pages(path.join(work, "out/2022/report.pdf"));
    const office = await pages(path.join(out, "report.pdf"));
    expect(Math.abs(office - ours)).toBeLessThanOrEqual(2);
    await rm(path.join(work, "lo-profile"), { recursive: true, force: true });
  });

  it("numbers its contents only from a PDF of the very same report, and says when it cannot", async () => {
    const project = await builtCopy("2022");
    const file = path.join(project, "out/2022/report.docx");
    /** The contents' entries as text: each title, a tab, its page. */
    const contents = async () => {
      const xml = (await exec("unzip", ["-p", file, "word/document.xml"])).stdout;
      const start = xml.indexOf("TOC \\h");
      const field = xml.slice(start, xml.indexOf('w:fldCharType="end"', start));
      return field
        .replace(/<w:tab\/>/g, "\t")
        .replace(/<\/w:p>/g, "\n")
        .replace(/<[^>]+>/g, "")
        .split("\n")
        .filter((line) => line.includes("\t"));
    };
    const settings = async () => (await exec("unzip", ["-p", file, "word/settings.xml"])).stdout;
    const together = await readFile(file);
    // Built alone beside the PDF of the same records: that PDF's pages and tables' columns,
    // nothing for Word to do; the very bytes of the document built with the PDF.
    const beside = await cli(project, "build", "2022", "-f", "docx");
    expect(beside.code, beside.stderr).toBe(0);
    expect((await readFile(file)).equals(together)).toBe(true);
    expect(beside.stderr).not.toContain("warning");
    expect((await contents())[0]).toBe("堅持履職為民　彰顯政協責任擔當\t3");
    expect(await settings()).toContain('<w:updateFields w:val="false"/>');
    // Other records: that PDF's pages are not this report's, and none are written.
    await edit(path.join(project, "data/2022/proposals.yaml"), "received: 142", "received: 143");
    const changed = await cli(project, "build", "2022", "-f", "docx");
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr).toContain(
      "out/2022/report.docx warning its contents has no page numbers: no PDF of this very report was printed in this run or lies beside it (build pdf and docx together); Word fills them when the document is opened",
    );
    const entries = await contents();
    expect(entries).toHaveLength(5);
    expect(entries[0]).toBe("堅持履職為民　彰顯政協責任擔當\t");
    expect(entries.every((entry) => entry.endsWith("\t"))).toBe(true);
    expect(await settings()).toMatch(/<w:updateFields\/>|<w:updateFields w:val="true"\/>/);
  });

  it("is the same bytes when built again", async () => {
    const first = await readFile(docx());
    const again = await cli(work, "build", "2022", "-f", "md,html,pdf,docx", "-o", "again");
    expect(again.code, again.stderr).toBe(0);
    expect((await readFile(path.join(work, "again/2022/report.docx"))).equals(first)).toBe(true);
  });

  it("is the same bytes when the fonts and pictures kept between builds are damaged", async () => {
    const first = await readFile(docx());
    // Every font and chart picture the cache keeps cut short, as a full disk might leave it.
    for (const [folder, extension] of [
      ["fonts", ".ttf"],
      ["charts", ".png"],
    ] as const) {
      const kept = path.join(process.env.REPORT_CACHE_DIR ?? "", folder);
      const files = (await readdir(kept)).filter((name) => name.endsWith(extension));
      expect(files.length, folder).toBeGreaterThan(0);
      for (const name of files) {
        const file = path.join(kept, name);
        await writeFile(file, (await readFile(file)).subarray(0, 100));
      }
    }
    const again = await cli(work, "build", "2022", "-f", "md,html,pdf,docx", "-o", "damaged");
    expect(again.code, again.stderr).toBe(0);
    expect((await readFile(path.join(work, "damaged/2022/report.docx"))).equals(first)).toBe(true);
  });

  it("is the same bytes under any time zone, with an external link in it", async () => {
    const project = await workspace();
    const narrative = path.join(project, "data/2022/narrative.yaml");
    const text = await readFile(narrative, "utf8");
    await writeFile(
      narrative,
      text.replace("intro:\n  - |-\n", "intro:\n  - |-\n    [網站](https://example.org/)。\n"),
    );
    const built = await Promise.all(
      ["UTC", "Pacific/Kiritimati"].map(async (zone) => {
        const out = `out-${zone.replace("/", "-")}`;
        await exec(
          process.execPath,
          [path.join(root, "bin/report.js"), "build", "2022", "-f", "docx", "-o", out],
          {
            cwd: project,
            env: { ...process.env, TZ: zone },
            timeout: hangGuard(6),
          },
        );
        return readFile(path.join(project, out, "2022/report.docx"));
      }),
    );
    const [utc, kiritimati] = built as [Buffer, Buffer];
    expect(utc.equals(kiritimati)).toBe(true);
    // The link's relationship is numbered like the others, and the entries dated 2022-12-31.
    const rels = (
      await exec("unzip", [
        "-p",
        path.join(project, "out-UTC/2022/report.docx"),
        "word/_rels/document.xml.rels",
      ])
    ).stdout;
    expect(rels).toMatch(
      /Id="rIdReport\d+" Type="[^"]+\/hyperlink" Target="https:\/\/example\.org\/"/,
    );
    const listing = (await exec("zipinfo", ["-T", path.join(project, "out-UTC/2022/report.docx")]))
      .stdout;
    expect(listing).toContain("20221231.000000 [Content_Types].xml");
  });

  it("is what a build writes when the project's config lists it among its formats", async () => {
    const project = await workspace();
    await writeFile(
      path.join(project, "report.config.yaml"),
      "organisation: 政協洛江區第六屆委員會\nformats: [md, docx]\n",
    );
    const built = await cli(project, "build", "2022");
    expect(built.code, built.stderr).toBe(0);
    expect((await readdir(path.join(project, "out/2022"))).sort()).toEqual([
      "charts",
      "report.docx",
      "report.md",
    ]);
    const refused = await cli(project, "build", "2022", "-f", "md,odt");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('expected formats among md, html, pdf, docx, found "odt"');
  });

  it("follows GB/T 9704 in the official theme: A4, 37 mm top, 28 mm left, a 22-line grid", async () => {
    const built = await cli(
      work,
      "build",
      "2022",
      "-f",
      "docx",
      "--theme",
      "official",
      "-o",
      "official",
    );
    expect(built.code, built.stderr).toBe(0);
    const { stdout: document } = await exec("unzip", [
      "-p",
      path.join(work, "official/2022/report.docx"),
      "word/document.xml",
    ]);
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"[^>]*\/>/);
    expect(document).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    // 22 lines to the page on the grid (579 twips: 22 of 580 would overrun the 12,756 between
    // the margins); 28 characters to the line, each 0.2 pt closer.
    expect(document).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"\/>/);
    const { stdout: styles } = await exec("unzip", [
      "-p",
      path.join(work, "official/2022/report.docx"),
      "word/styles.xml",
    ]);
    expect(styles).toContain('<w:spacing w:val="-4"/>');
    // The PDF's faces, carried in the file: 仿宋 and 小标宋 in the serif, 黑体 in the sans,
    // 楷体 in LXGW WenKai TC (docx_fonts: installed names the offices' own: docx-fonts.test.ts).
    expect(styles).toContain('w:eastAsia="Noto Serif TC"');
    expect(styles).toContain('w:eastAsia="Noto Sans TC"');
    expect(styles).toContain('w:eastAsia="LXGW WenKai TC"');
    const { stdout: fonts } = await exec("unzip", [
      "-p",
      path.join(work, "official/2022/report.docx"),
      "word/fontTable.xml",
    ]);
    expect(fonts).toMatch(/<w:font w:name="LXGW WenKai TC">.*?<w:embedRegular /);
  });

  it("is made by a bundle without the records' parsers, which loads resvg only to draw a picture", async () => {
    // esbuild marks each module it takes in with a line `// node_modules/<package>/<file>`
    // (the path as resolved: through a linked node_modules, the folder it lies in).
    const bundle = await readFile(path.join(root, "dist/report-docx.cjs"), "utf8");
    expect(bundle).toMatch(/^\/\/ (\S*\/)?node_modules\/docx\//m);
    expect(bundle).not.toMatch(/^\/\/ (\S*\/)?node_modules\/(yaml|markdown-it)\//m);
    // Which builds load resvg, the native module that draws the charts' PNGs: told by a preload.
    const cwd = await workspace();
    const loaded = path.join(cwd, "loaded.txt");
    const preload = path.join(cwd, "loads.cjs");
    await writeFile(loaded, "");
    await writeFile(
      preload,
      `const Module = require("node:module");
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === "@resvg/resvg-js") require("node:fs").appendFileSync(${JSON.stringify(loaded)}, "resvg\\n");
  return load.call(this, request, ...rest);
};
`,
    );
    const env = { ...process.env, REPORT_CACHE_DIR: path.join(cwd, "cache") };
    const bin = path.join(root, "bin/report.js");
    const build = () =>
      exec(process.execPath, ["--require", preload, bin, "build", "2022", "-f", "docx"], {
        cwd,
        env,
        timeout: hangGuard(5),
      });
    // The first build draws the pictures; the second finds them kept.
    await build();
    expect(await readFile(loaded, "utf8")).toBe("resvg\n");
    await build();
    expect(await readFile(loaded, "utf8")).toBe("resvg\n");
  });
});
