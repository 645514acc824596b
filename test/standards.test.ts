import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { FileSystemConfigLoader, HtmlValidate } from "html-validate";
import { marked } from "marked";
import { describe, expect, inject, it } from "vitest";
import { findBrowser } from "../src/pdf/find-browser.js";
import { checkPdfStandards } from "./pdf-standards.js";
import { root } from "./support.js";

// Every output checked by the tools its readers use, for the 2022 records and every example, in
// both themes: the PDF against the PDF/UA-1 and PDF/A-2 conditions of pdf-standards.ts, the HTML
// with the Nu HTML Checker and html-validate, the Markdown with markdownlint, pandoc and marked.

const exec = promisify(execFile);
const themes = ["default", "official"] as const;
const examples = [
  "charity",
  "committee",
  "committee-en",
  "foodbank",
  "foundation",
  "foundation-tw",
  "library",
  "starter",
];

/** Every project built once by test/global-setup.ts, in both themes. */
const built = inject("built");
const of = (name: string, theme: "default" | "official" = "default") => {
  const found = built.find((entry) => entry.name === name && entry.theme === theme);
  if (!found) throw new Error(`no build of ${name} in the ${theme} theme`);
  return { ...found, folder: found.out };
};
const files = (extension: string) =>
  Promise.all(
    built.map(async ({ out }) =>
      (await readdir(out, { recursive: true }))
        .filter((file) => file.endsWith(`report.${extension}`))
        .map((file) => path.join(out, file)),
    ),
  ).then((lists) => lists.flat().sort());

it("has every project built in both themes", () => {
  expect(built.map(({ name, theme }) => `${name} ${theme}`)).toEqual([
    "2022 default",
    "2022 official",
    ...examples.flatMap((name) => themes.map((theme) => `${name} ${theme}`)),
  ]);
});

describe("the PDF", () => {
  it("meets every PDF/UA-1 and PDF/A-2 condition the checker knows, in every example and theme", async () => {
    const pdfs = await files("pdf");
    expect(pdfs.length).toBe(30);
    for (const pdf of pdfs) {
      const checked = await checkPdfStandards(pdf);
      expect(checked.failures, pdf).toEqual([]);
      expect(checked.elements, pdf).toBeGreaterThan(20);
    }
  });

  it("is what the checker refuses when it comes straight from Chromium", async () => {
    const html = path.join(of("2022").folder, "2022/report.html");
    const raw = path.join(await mkdtemp(path.join(tmpdir(), "report-chromium-")), "chromium.pdf");
    await exec(await findBrowser(), [
      "--headless",
      "--no-sandbox",
      "--no-pdf-header-footer",
      `--print-to-pdf=${raw}`,
      html,
    ]);
    const { failures } = await checkPdfStandards(raw);
    const text = failures.join("\n");
    expect(text).toContain("no /ID");
    expect(text).toContain("no XMP metadata");
    expect(text).toContain("no GTS_PDFA1 output intent");
    expect(text).toMatch(/\d+ painting operators neither tagged nor Artifact/);
    expect(text).toMatch(/LI elements holding more than Lbl and LBody/);
    expect(text).toMatch(/Link annotations without \/Contents/);
  });

  it("says in XMP what the records say, and its bookmarks keep a heading's lines apart", async () => {
    const pdf = path.join(of("2022").folder, "2022/report.pdf");
    const { stdout: xmp } = await exec("mutool", ["show", "-b", pdf, "trailer/Root/Metadata"]);
    expect(xmp).toContain(
      '<rdf:li xml:lang="x-default">政協洛江區第六屆委員會 2022工作回眸</rdf:li>',
    );
    expect(xmp).toContain("<dc:creator><rdf:Seq><rdf:li>政協洛江區第六屆委員會</rdf:li></rdf:Seq>");
    expect(xmp).toContain("<dc:language><rdf:Bag><rdf:li>zh-Hant</rdf:li></rdf:Bag>");
    expect(xmp).toContain("<pdf:Keywords>政協 洛江區 履職 提案 社情民意 年度報告</pdf:Keywords>");
    expect(xmp).toContain("<xmp:CreateDate>2022-12-31T00:00:00Z</xmp:CreateDate>");
    expect(xmp).toContain("<pdfaid:conformance>U</pdfaid:conformance>");
    const { stdout: outline } = await exec("mutool", ["show", pdf, "outline"]);
    expect(outline).toContain('"堅持履職為民\u3000彰顯政協責任擔當"');
    const english = path.join(of("foundation").folder, "2024/report.pdf");
    const { stdout: englishOutline } = await exec("mutool", ["show", english, "outline"]);
    expect(englishOutline).toContain('"Grants: Money where it matters"');
  });
});

describe("the HTML", () => {
  it("has no error or warning from the Nu HTML Checker", async () => {
    const pages = await files("html");
    expect(pages.length).toBe(30);
    const jar = path.join(root, "node_modules/vnu-jar/build/dist/vnu.jar");
    const result = await exec("java", ["-jar", jar, "--format", "json", ...pages], {
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stderr: string }) => error);
    const { messages } = JSON.parse(result.stderr) as {
      messages: Array<{ type: string; url: string; message: string; lastLine: number }>;
    };
    expect(messages.map((m) => `${m.url}:${m.lastLine} ${m.type} ${m.message}`)).toEqual([]);
  });

  it("is clean under html-validate's standard preset", async () => {
    const validator = new HtmlValidate(
      new FileSystemConfigLoader({ extends: ["html-validate:standard"] }),
    );
    for (const page of await files("html")) {
      const result = await validator.validateFile(page);
      const messages = result.results.flatMap((file) =>
        file.messages.map((m) => `${page}:${m.line} ${m.ruleId} ${m.message}`),
      );
      expect(messages).toEqual([]);
    }
  });

  it("gives every table a caption and every section a heading", async () => {
    const html = await readFile(path.join(of("2022").folder, "2022/report.html"), "utf8");
    const tables = html.match(/<table>[\s\S]*?<\/table>/g) ?? [];
    // Four tables of figures and three charts' tables for screen readers.
    expect(tables.length).toBe(7);
    for (const table of tables) {
      expect(table).toMatch(/^<table>\n?<caption( id="table-\d+")?>[^<]+<\/caption>/);
    }
    // A table's scroll box is a region named by its caption.
    expect(html).toContain(
      '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="table-1">\n<table>\n<caption id="table-1">愛心救濟與幫扶一覽</caption>',
    );
    for (const section of html.match(/<section[^>]*>\s*<[^>]+>/g) ?? []) {
      expect(section).toMatch(/<h[1-6][^>]*>$/);
    }
  });
});

describe("report.md", () => {
  it("is clean under markdownlint with the settings the package ships", async () => {
    const documents = await files("md");
    expect(documents.length).toBe(30);
    const cli = path.join(root, "node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs");
    const config = path.join(root, "assets/markdownlint.jsonc");
    const result = await exec(process.execPath, [cli, "--config", config, ...documents]).catch(
      (error: { stdout: string; stderr: string }) => error,
    );
    expect(result.stderr.split("\n").filter((line) => /error/.test(line))).toEqual([]);
  });

  it("is clean under markdownlint's default rules, line length aside: one title", async () => {
    const documents = await files("md");
    const cli = path.join(root, "node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs");
    const config = path.join(await mkdtemp(path.join(tmpdir(), "report-lint-")), "lint.jsonc");
    await writeFile(config, '{ "config": { "MD013": false } }');
    const result = await exec(process.execPath, [cli, "--config", config, ...documents]).catch(
      (error: { stdout: string; stderr: string }) => error,
    );
    expect(result.stderr.split("\n").filter((line) => /error/.test(line))).toEqual([]);
  });

  it("has its title printed once by pandoc -s", async () => {
    for (const document of await files("md")) {
      const { stdout } = await exec("pandoc", ["-s", "-f", "markdown", "-t", "html", document]);
      const title = /<title>([^<]*)<\/title>/.exec(stdout)?.[1] ?? "";
      expect(title, document).not.toBe("");
      // The title block's heading, and no second top-level heading.
      const body = stdout.slice(stdout.indexOf("<body>")).replace(/\s+/g, " ");
      expect(body.match(/<h1[\s>]/g), document).toHaveLength(1);
      expect(body, document).toContain(`<h1 class="title">${title.replace(/\s+/g, " ")}</h1>`);
    }
  });

  it("reads the same in pandoc and marked: headings, tables, images", async () => {
    for (const document of await files("md")) {
      const markdown = await readFile(document, "utf8");
      const { stdout: pandoc } = await exec("pandoc", ["-f", "gfm", "-t", "html", document]);
      const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, "");
      const byMarked = await marked.parse(body, { gfm: true });
      expect(shape(pandoc), document).toEqual(shape(byMarked));
      // A section and a table's title at the least (the title is the front matter's).
      expect(shape(pandoc).headings.length, document).toBeGreaterThan(1);
    }
  });

  it("carries its metadata in front matter, which pandoc takes into a Word file", async () => {
    const document = path.join(of("2022").folder, "2022/report.md");
    const markdown = await readFile(document, "utf8");
    expect(markdown).toMatch(/^---\ntitle: 政協洛江區第六屆委員會 2022工作回眸\n/);
    expect(markdown).toContain("\nlang: zh-Hant\n");
    expect(markdown).toContain("> 初心如磐擔使命\n>\n> 奮楫篤行新征程\n");
    expect(markdown).toContain("\n### 愛心救濟與幫扶一覽\n");
    const docx = path.join(path.dirname(document), "pandoc.docx");
    await exec("pandoc", [document, "-o", docx], { cwd: path.dirname(document) });
    const { stdout: core } = await exec("unzip", ["-p", docx, "docProps/core.xml"]);
    expect(core).toContain("<dc:title>政協洛江區第六屆委員會 2022工作回眸</dc:title>");
    expect(core).toContain("<dc:language>zh-Hant</dc:language>");
    const english = await readFile(path.join(of("foundation").folder, "2024/report.md"), "utf8");
    expect(english).toContain("\n## Grants: Money where it matters\n");
    expect(english).not.toContain("\u3000");
  });
});

/** What a Markdown reader made of a document: heading texts, table headers, image sources. */
function shape(html: string) {
  const text = (fragment: string) =>
    fragment
      .replace(/<[^>]+>/g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, "&")
      .replace(/\s+/g, " ")
      .trim();
  return {
    headings: [...html.matchAll(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/g)].map(
      ([, level, inner]) => `${level} ${text(inner ?? "")}`,
    ),
    tables: [...html.matchAll(/<thead>([\s\S]*?)<\/thead>/g)].map(([, head]) =>
      [...(head ?? "").matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map(([, cell]) => text(cell ?? "")),
    ),
    images: [...html.matchAll(/<img [^>]*src="([^"]+)"/g)].map(([, source]) => source),
  };
}
