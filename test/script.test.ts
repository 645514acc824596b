import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { renderInMemory } from "../src/build/index.js";
import { cli, pdfText, root, workspace } from "./support.js";

const exec = promisify(execFile);

describe("--script", () => {
  it("converts every text of the view by one policy, short_name and subtitle included", async () => {
    const { view } = await renderInMemory({ cwd: root, years: [2022], script: "hans" }, 2022);
    // report.yaml: short_name 洛江區政協, subtitle 初心如磐擔使命 / 奮楫篤行新征程.
    expect(view?.short_name).toBe("洛江区政协");
    expect(view?.subtitle).toEqual(["初心如磐担使命", "奋楫笃行新征程"]);
    expect(view?.organisation).toBe("政协洛江区第六届委员会");
  });

  it("writes every output in Simplified Chinese, with SC fonts and zh-Hans metadata", async () => {
    const work = await workspace();
    const built = await cli(work, "build", "2022", "--script", "hans");
    expect(built.code, built.stderr).toBe(0);
    const out = path.join(work, "out/2022");
    const markdown = await readFile(path.join(out, "report.md"), "utf8");
    expect(markdown).toContain("\ntitle: 政协洛江区第六届委员会");
    expect(markdown).toContain("办复率");
    expect(markdown).not.toContain("政協");
    // Vocabulary is kept: only the characters change (信息 stays 信息, never 资讯).
    expect(markdown).toContain("社情民意信息");
    const html = await readFile(path.join(out, "report.html"), "utf8");
    expect(html).toContain('<html lang="zh-Hans">');
    expect(html).toContain("目录");
    // Every text shown is Simplified: none of the Traditional characters the records are
    // written with (政協洛江區第六屆委員會, 會議, 服務) is left in the page's text.
    const shown = html
      .replace(/<style[\s\S]*?<\/style>/g, "")
      .replace(/<[^>]*>/g, "")
      .replace(/\s+/g, "");
    expect(shown).toContain("政协洛江区第六届委员会");
    expect(shown).not.toMatch(/[協區屆會員議務]/);
    // One policy: the view's texts are converted, nothing made from them afterwards; the
    // stylesheet (report.css speaks of 200多萬元 in a comment) is printed as written.
    expect(html).toContain("200多萬元 must not break");

    const pdf = path.join(out, "report.pdf");
    const text = (await pdfText(pdf)).replace(/\s+/g, "");
    expect(text).toContain("政协洛江区第六届委员会");
    expect(text).toContain("办复率");
    const { stdout: fonts } = await exec("pdffonts", [pdf]);
    const rows = fonts.trim().split("\n").slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^[A-Z]{6}\+NotoS(erif|ans)SC\S* +CID TrueType /);
    const { stdout: info } = await exec("pdfinfo", [pdf]);
    expect(info).toMatch(/^Title: +政协洛江区第六届委员会 2022工作回眸$/m);
    expect(await readFile(pdf, "latin1")).toContain("/Lang (zh-Hans)");
  });

  it("takes the config's script and glossary, and refuses an unknown script", async () => {
    const work = await workspace();
    await writeFile(
      path.join(work, "report.config.yaml"),
      "organisation: 政協洛江區第六屆委員會\nscript: hans\nglossary:\n  工作回眸: 工作回顾\n",
    );
    const built = await cli(work, "build", "2022", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    const markdown = await readFile(path.join(work, "out/2022/report.md"), "utf8");
    expect(markdown).toContain("title: 政协洛江区第六届委员会 2022工作回顾");
    const wrong = await cli(work, "build", "2022", "-f", "md", "--script", "latin");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      "option '--script <script>' argument 'latin' is invalid. Allowed choices are hant, hans.",
    );
  });

  it("leaves the records' own script alone by default", async () => {
    const work = await workspace();
    expect((await cli(work, "build", "2022", "-f", "md")).code).toBe(0);
    const markdown = await readFile(path.join(work, "out/2022/report.md"), "utf8");
    expect(markdown).toContain("\ntitle: 政協洛江區第六屆委員會");
  });
});
