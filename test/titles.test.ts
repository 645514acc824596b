import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
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
