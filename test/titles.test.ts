import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { decodeEntities } from "../src/core/escape.js";
import { documentTitle, organisationAndTitle } from "../src/model/document.js";
import { cli, copyOf, edit, root } from "./support.js";

// One title, made by one rule: the organisation said once, joined as the language joins words,
// the year added only where the title names none.

const exec = promisify(execFile);

describe("the document's title", () => {
  const base = { year: 2023, calendar: "gregorian" as const, calendar_year: "2023" };

  it("says the organisation once, and the year only where the title has none", () => {
    expect(
      documentTitle({ ...base, organisation: "Northgate Food Bank", title: "Annual Report" }),
    ).toBe("Northgate Food Bank 2023 Annual Report");
    // A financial year's title names its years already.
    expect(
      documentTitle({
        ...base,
        organisation: "Northgate Food Bank",
        title: "2022–23 Annual Report",
      }),
    ).toBe("Northgate Food Bank 2022–23 Annual Report");
    expect(
      documentTitle({
        ...base,
        organisation: "洛江區慈善總會",
        title: "洛江區慈善總會2023年度工作報告",
      }),
    ).toBe("洛江區慈善總會2023年度工作報告");
    expect(
      documentTitle({
        year: 2024,
        calendar: "roc",
        calendar_year: "113",
        organisation: "財團法人青松基金會",
        title: "年度工作報告",
      }),
    ).toBe("財團法人青松基金會 113年 年度工作報告");
  });

  it("joins organisation and title as the language does, for the subject", () => {
    expect(
      organisationAndTitle({
        organisation: "Northgate Food Bank",
        title: "Annual Report",
        language: "en-GB",
      }),
    ).toBe("Northgate Food Bank Annual Report");
    expect(
      organisationAndTitle({
        organisation: "某某協會",
        title: "2024年度報告",
        language: "zh-Hans",
      }),
    ).toBe("某某協會2024年度報告");
    expect(
      organisationAndTitle({
        organisation: "某某協會",
        title: "某某協會2024年度報告",
        language: "zh-Hans",
      }),
    ).toBe("某某協會2024年度報告");
  });

  it("is the same in every output of a report whose title names the organisation", async () => {
    const project = await copyOf(path.join(root, "examples/foodbank"));
    const records = path.join(project, "data/2023/report.yaml");
    await edit(
      records,
      "title: Annual Report 2023–24",
      "title: Northgate Food Bank Annual Report 2023–24",
    );
    await edit(
      records,
      "subject: Northgate Food Bank annual report for the year April 2023 to March 2024\n",
      "",
    );
    const built = await cli(project, "build", "2023", "-f", "md,html,pdf,docx");
    expect(built.code, built.stderr).toBe(0);
    const out = path.join(project, "out/2023");
    const markdown = await readFile(path.join(out, "report.md"), "utf8");
    expect(markdown).toContain("\ntitle: Northgate Food Bank Annual Report 2023–24\n");
    expect(markdown).toContain("\nsubject: Northgate Food Bank Annual Report 2023–24\n");
    const html = await readFile(path.join(out, "report.html"), "utf8");
    expect(html).toContain("<title>Northgate Food Bank Annual Report 2023–24</title>");
    expect(html).toContain(
      '<meta name="description" content="Northgate Food Bank Annual Report 2023–24">',
    );
    // The cover's heading: the title alone, not the organisation before it.
    expect(html).not.toMatch(
      /<h1[^>]*>[\s\S]*Northgate Food Bank[\s\S]*Northgate Food Bank[\s\S]*<\/h1>/,
    );
    const { stdout: info } = await exec("pdfinfo", [path.join(out, "report.pdf")]);
    expect(info).toMatch(/^Title:\s+Northgate Food Bank Annual Report 2023–24$/m);
    expect(info).toMatch(/^Subject:\s+Northgate Food Bank Annual Report 2023–24$/m);
    const { stdout: core } = await exec("unzip", [
      "-p",
      path.join(out, "report.docx"),
      "docProps/core.xml",
    ]);
    expect(core).toContain("<dc:title>Northgate Food Bank Annual Report 2023–24</dc:title>");
  });
});

describe("the headings' text", () => {
  it("is the same on the contents page as in the bookmarks, unnumbered on screen", async () => {
    const built = inject("built").find(
      (entry) => entry.name === "foundation" && entry.theme === "default",
    );
    const pdf = path.join(built?.out ?? "", "2024/report.pdf");
    const { stdout: outline } = await exec("mutool", ["show", pdf, "outline"]);
    const bookmarks = [...outline.matchAll(/^\|\s+"([^"]+)"/gm)].map((match) => match[1]);
    expect(bookmarks).toEqual([
      "Grants: Money where it matters",
      "Volunteering: Time given freely",
      "In the community",
      "How we work",
    ]);
    const { stdout: contents } = await exec("pdftotext", ["-f", "2", "-l", "2", pdf, "-"]);
    for (const bookmark of bookmarks) expect(contents).toContain(bookmark);
    const css = await readFile(path.join(root, "templates/report.css"), "utf8");
    expect(css).toMatch(/\.contents ol \{[^}]*list-style: none;/);
  });
});

describe("the contents", () => {
  /** Text as compared: whitespace (the ideographic space too) left out. */
  const plain = (text: string) => decodeEntities(text.replace(/<[^>]+>/g, "")).replace(/\s+/g, "");

  it("lists each heading with its number and text alike in the HTML, the PDF's contents page and bookmarks, and Word's TOC", async () => {
    let checked = 0;
    for (const built of inject("built")) {
      for (const year of built.years) {
        const html = await readFile(path.join(built.out, `${year}/report.html`), "utf8");
        const nav = /<nav class="contents"[\s\S]*?<\/nav>/.exec(html)?.[0];
        if (!nav) continue;
        const where = `${built.name} ${built.theme} ${year}`;
        // The HTML: each entry's lines are its heading's, numbered alike.
        const entries = [
          ...nav.matchAll(
            /<a href="#([^"]+)"><span class="entry">([\s\S]*?)<\/span><span class="page"/g,
          ),
        ];
        const headings = entries.map(([, id, entry]) => {
          const heading =
            new RegExp(`<h[23] id="${id}"[^>]*>([\\s\\S]*?)</h[23]>`).exec(html)?.[1] ?? "";
          expect(plain(heading.replace(/<span class="line-join">[^<]*<\/span>/g, "")), where).toBe(
            plain(entry ?? ""),
          );
          return plain(heading);
        });
        expect(headings.length, where).toBeGreaterThan(0);

        // The PDF's bookmarks under the document's title: the headings, joined as they are.
        const pdf = path.join(built.out, `${year}/report.pdf`);
        const { stdout: outline } = await exec("mutool", ["show", pdf, "outline"]);
        const bookmarks = [...outline.matchAll(/^[|+-]\t\t+"([^"]*)"/gm)].map((m) =>
          plain(m[1] ?? ""),
        );
        expect(bookmarks, where).toEqual(headings);

        // The contents page prints them in order; the official theme prints none (GB/T 9704).
        const title = plain(/<p id="contents-title"[^>]*>([\s\S]*?)<\/p>/.exec(nav)?.[1] ?? "");
        const { stdout: text } = await exec("pdftotext", ["-l", "4", pdf, "-"]);
        // Page numbers left out: poppler reads a number between the lines of a two-line entry.
        const page = text
          .split("\f")
          .map((page) => plain(page.replace(/^\d+$/gm, "")))
          .find((page) => page.startsWith(title));
        if (built.theme === "official") {
          expect(page, where).toBeUndefined();
        } else {
          let from = 0;
          for (const heading of headings) {
            const at = page?.indexOf(heading, from) ?? -1;
            expect(at, `${where}: ${heading} on the contents page`).toBeGreaterThanOrEqual(0);
            from = at + heading.length;
          }
        }

        // Word's TOC, as the document carries it before Word updates it (none in the official
        // theme, as in its PDF).
        const { stdout: document } = await exec(
          "unzip",
          ["-p", path.join(built.out, `${year}/report.docx`), "word/document.xml"],
          { maxBuffer: 64 << 20 },
        );
        const toc = [
          ...document.matchAll(
            /<w:pStyle w:val="TOC\d"\/>[\s\S]*?<w:hyperlink[^>]*>([\s\S]*?)<w:tab\/>/g,
          ),
        ].map((m) => plain(m[1] ?? ""));
        expect(toc, where).toEqual(built.theme === "official" ? [] : headings);
        checked++;
      }
    }
    // 2022 and the examples' reports with a contents page, in both themes.
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});
