import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cli, copyOf, root } from "./support.js";

// A frame that fits the report: a one-section entry on one page, a cover and a contents page
// where the report is long enough to want them, or where the config asks.

const exec = promisify(execFile);
const pages = async (pdf: string) =>
  Number(/Pages:\s+(\d+)/.exec((await exec("pdfinfo", [pdf])).stdout)?.[1]);

describe("cover and contents pages", () => {
  it("gives a one-section report neither, so that it prints on one page", async () => {
    const project = await copyOf(path.join(root, "examples/committee-en"));
    const built = await cli(project, "build", "2023", "-f", "html,pdf,docx");
    expect(built.code, built.stderr).toBe(0);
    const out = path.join(project, "out/2023");
    expect(await pages(path.join(out, "report.pdf"))).toBe(1);
    const html = await readFile(path.join(out, "report.html"), "utf8");
    expect(html).toContain('<header class="cover masthead">');
    expect(html).not.toContain('<nav class="contents"');
    // No contents to number: nothing for Word to update, nothing to warn of.
    expect(built.stderr).not.toContain("warning");
    const { stdout: document } = await exec("unzip", [
      "-p",
      path.join(out, "report.docx"),
      "word/document.xml",
    ]);
    expect(document).not.toContain("TOC \\h");
  });

  it("gives them where the config asks, and takes contents_depth: 0 for no contents", async () => {
    const project = await copyOf(path.join(root, "examples/committee-en"));
    const config = path.join(project, "report.config.yaml");
    const text = await readFile(config, "utf8");
    await writeFile(config, `${text}\ncover: true\ncontents: true\n`);
    const both = await cli(project, "build", "2023", "-f", "pdf");
    expect(both.code, both.stderr).toBe(0);
    expect(await pages(path.join(project, "out/2023/report.pdf"))).toBe(3);
    await writeFile(config, `${text}\ncover: true\ncontents: true\ncontents_depth: 0\n`);
    const cover = await cli(project, "build", "2023", "-f", "pdf");
    expect(cover.code, cover.stderr).toBe(0);
    expect(await pages(path.join(project, "out/2023/report.pdf"))).toBe(2);
    await writeFile(config, `${text}\ncover: sometimes\n`);
    const wrong = await cli(project, "build", "2023", "-f", "md");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("report.config.yaml");
    expect(wrong.stderr).toContain("cover");
  });
});
