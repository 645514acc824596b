import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, edit, pdfText, report, root, seedPath, workspace } from "./support.js";

function textOfHtml(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/** Length of the longest common subsequence: how much of `a` stands in `b`, in order. */
function commonInOrder(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  let previous = new Uint16Array(right.length + 1);
  let current = new Uint16Array(right.length + 1);
  for (const character of left) {
    for (let j = 1; j <= right.length; j++) {
      current[j] =
        character === right[j - 1]
          ? (previous[j - 1] ?? 0) + 1
          : Math.max(previous[j] ?? 0, current[j - 1] ?? 0);
    }
    [previous, current] = [current, previous];
  }
  return previous[right.length] ?? 0;
}

const withoutLayout = (text: string) => text.replace(/[\s#>|*\\:-]/g, "");

let seed: string;
beforeAll(async () => {
  seed = await readFile(seedPath, "utf8");
});

describe("report --help", () => {
  it("lists the commands and the exit codes", async () => {
    const { code, stdout } = await report(root, "--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/build \[options\] \[years\.\.\.\]/);
    expect(stdout).toMatch(/validate \[options\] \[years\.\.\.\]/);
    expect(stdout).toMatch(/Exit codes:[\s\S]*70 +internal/);
  });

  it("exits 2 on an unknown option, with commander's message", async () => {
    const { code, stderr } = await report(root, "build", "2022", "--colour");
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option '--colour'/);
  });

  it("exits 3 when the browser named does not exist", async () => {
    const cwd = await workspace();
    const { code, stderr } = await report(cwd, "build", "2022", "--browser", "/nowhere/chrome");
    expect(code).toBe(3);
    expect(stderr).toMatch(
      /error the browser given with --browser is not an executable file: \/nowhere\/chrome/,
    );
  });
});

describe("environment errors", () => {
  it("exits 3 naming the output that cannot be written, without a stack trace", async () => {
    const cwd = await workspace();
    await writeFile(path.join(cwd, "taken"), "a file where the output folder should go");
    const { code, stderr } = await report(
      cwd,
      "build",
      "2022",
      "--format",
      "md,html",
      "--out",
      "taken",
    );
    expect(code).toBe(3);
    expect(stderr).toMatch(/error cannot write taken\/2022\/report\.md \((ENOTDIR|EEXIST)\)/);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});

describe("report build 2022", () => {
  it("writes Markdown, HTML and PDF holding the seed's figures, titles and document names", async () => {
    const cwd = await workspace();
    const { code, stderr, stdout } = await report(cwd, "build", "2022");
    expect(code, stderr).toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /✔ 2022: out\/2022\/report\.md \([\d.]+ kB\), out\/2022\/report\.html \([\d.]+ kB\), out\/2022\/report\.pdf \([\d.]+ kB\) in \d+ ms/,
    );

    const markdown = await readFile(path.join(cwd, "out/2022/report.md"), "utf8");
    const html = await readFile(path.join(cwd, "out/2022/report.html"), "utf8");
    const htmlText = textOfHtml(html);
    const pdf = await pdfText(path.join(cwd, "out/2022/report.pdf"));

    const figures = seed.match(/\d+(\.\d+)?多?(萬元|名|件|期|批次|戶|位|冊|套|份|個|%)/g) ?? [];
    expect(figures.length).toBeGreaterThan(15);
    const documents = seed.match(/《[^》]+》/g) ?? [];
    expect(documents.length).toBeGreaterThan(8);
    const titleLines = seed.split("\n").slice(0, 4);
    for (const expected of [...figures, ...documents, ...titleLines]) {
      expect(markdown, expected).toContain(expected);
      expect(htmlText, expected).toContain(expected);
      expect(pdf, expected).toContain(expected.replace(/ /g, ""));
    }
  });

  it("keeps at least 95 % of the seed's text, in order", async () => {
    const cwd = await workspace();
    await report(cwd, "build", "2022", "--format", "md");
    const markdown = await readFile(path.join(cwd, "out/2022/report.md"), "utf8");
    const expected = withoutLayout(seed);
    const share = commonInOrder(expected, withoutLayout(markdown)) / [...expected].length;
    expect(share).toBeGreaterThanOrEqual(0.95);
  });

  it("writes a self-contained page: one h1, an h2 per section, contents, zh-Hant", async () => {
    const cwd = await workspace();
    await report(cwd, "build", "2022", "--format", "html");
    const html = await readFile(path.join(cwd, "out/2022/report.html"), "utf8");
    expect(html).toMatch(/<html lang="zh-Hant">/);
    expect(html).toMatch(/<title>政協洛江區第六屆委員會 2022工作回眸<\/title>/);
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    const sections = [...html.matchAll(/<h2 id="([^"]+)"/g)].map((match) => match[1]);
    expect(sections).toEqual(["people", "consultation", "supervision", "unity", "self_building"]);
    for (const id of sections) expect(html).toContain(`<a href="#${id}">`);
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<link /);
    expect(html).toContain(
      '<span class="line">堅持履職為民</span><span class="line">彰顯政協責任擔當</span>',
    );
  });

  it("follows a figure changed in the records, everywhere in every output", async () => {
    const cwd = await workspace();
    const relief = path.join(cwd, "data/2022/relief.yaml");
    await edit(
      relief,
      "{ count: 60, unit: 名, group: 白內障患者 }",
      "{ count: 75, unit: 名, group: 白內障患者 }",
    );
    await edit(relief, "amount: 24000", "amount: 31000");
    await edit(
      path.join(cwd, "data/2022/proposals.yaml"),
      "received: 142\nfiled: 142",
      "received: 150\nfiled: 148",
    );
    // In this process: the figures' way through the outputs, not the process, is tested here.
    const { code, stderr } = await cli(cwd, "build", "2022");
    expect(code, stderr).toBe(0);
    const outputs = [
      await readFile(path.join(cwd, "out/2022/report.md"), "utf8"),
      textOfHtml(await readFile(path.join(cwd, "out/2022/report.html"), "utf8")),
      await pdfText(path.join(cwd, "out/2022/report.pdf")),
    ];
    for (const output of outputs) {
      expect(output).toContain("累計為洛江區75名白內障患者提供定向補助3.1萬元");
      expect(output).not.toContain("60名");
      expect(output).not.toContain("2.4萬元");
      expect(output).toContain("全年收到委員提案150件,立案148件,");
      expect(output).not.toContain("均予以立案");
      expect(output).not.toContain("142件");
    }
    // The table repeats the figures: both places follow.
    expect(outputs[0]).toContain("| 白內障患者定向補助 | 75名白內障患者 | 3.1萬元 |");
    expect(outputs[0]).toContain("| 150件 | 148件 |");
  });
});
