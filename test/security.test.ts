import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinTemplates } from "../src/core/paths.js";
import { cli, edit, pdfText, workspace } from "./support.js";

/** Text pasted into records from a web page or by someone testing the tool. */
const payloads = [
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(2)">',
  "<svg onload=alert(3)><circle/></svg>",
  '"><script>alert(4)</script>',
  "<style>body{background:url(http://127.0.0.1:9/x)}</style>",
  "</style><script>alert(5)</script>",
  '<a href="javascript:alert(6)">click</a>',
  "<iframe src=//example.org></iframe>",
];

/** Links a narrative may try; only the first three may become links. */
const links = {
  web: "[網站](https://example.org/report)",
  mail: "[信箱](mailto:office@example.org)",
  anchor: "[章節](#people)",
  script: "[a](javascript:alert(7))",
  upper: "[b](JAVASCRIPT:alert(8))",
  spaced: "[c]( javascript:alert(9))",
  data: "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4=)",
  file: "[e](file:///etc/passwd)",
  vbscript: "[f](vbscript:msgbox(11))",
  image: "![g](file:///etc/passwd)",
};

const records = (cwd: string, file: string) => path.join(cwd, "data/2022", file);

/** Every record text that reaches the page: cover, heading, prose, tables, charts, metadata. */
async function poison(cwd: string): Promise<void> {
  const [a, b, c, d, e, f, g, h] = payloads.map((payload) => JSON.stringify(payload));
  await edit(records(cwd, "report.yaml"), "title: 2022工作回眸", `title: ${a}`);
  await edit(records(cwd, "report.yaml"), "  - 初心如磐擔使命", `  - ${b}`);
  await edit(records(cwd, "report.yaml"), "keywords: [政協,", `keywords: [${c},`);
  await edit(records(cwd, "narrative.yaml"), "      - 堅持履職為民", `      - ${d}`);
  await edit(
    records(cwd, "narrative.yaml"),
    "打鐵必須自身硬。",
    `打鐵必須自身硬。${payloads[4]}${Object.values(links).join(" ")}`,
  );
  await edit(records(cwd, "relief.yaml"), "name: 白內障患者定向補助", `name: ${e}`);
  await edit(records(cwd, "relief.yaml"), "group: 白內障患者", `group: ${f}`);
  await edit(records(cwd, "activities.yaml"), "title: 落實教育‘雙減’政策", `title: ${g}`);
  await edit(
    records(cwd, "activities.yaml"),
    "title: 加強和改進農村道路交通安全工作",
    `title: ${h}`,
  );
}

describe("record text stays text", () => {
  it("never becomes markup or script in the HTML, the SVG charts or the PDF", async () => {
    const cwd = await workspace();
    await poison(cwd);
    const built = await cli(cwd, "build", "2022");
    expect(built.code, built.stderr).toBe(0);
    const html = await readFile(path.join(cwd, "out/2022/report.html"), "utf8");

    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed|link|meta http-equiv)\b/i);
    // One stylesheet, the report's own; the charts carry their own styles inside their SVG.
    const outsideCharts = html.replace(/<svg[\s\S]*?<\/svg>/g, "");
    expect(outsideCharts.match(/<style/gi)).toHaveLength(1);
    for (const style of html.match(/<style[^>]*>[\s\S]*?<\/style>/gi) ?? []) {
      expect(style).not.toMatch(/url\(\s*["']?(https?:|\/\/)/i);
    }
    // No tag carries an event handler, and no attribute a script URL.
    for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
      expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
      expect(tag).not.toMatch(/(javascript|vbscript|data):/i);
    }
    // Every link goes to the web, to an address or within the report.
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((match) => match[1] ?? "");
    for (const href of hrefs) expect(href).toMatch(/^(https?:\/\/|mailto:|#)/);
    expect(hrefs).toEqual(
      expect.arrayContaining([
        "https://example.org/report",
        "mailto:office@example.org",
        "#people",
      ]),
    );
    // The payloads are there, as the text they are.
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("javascript:alert(7)");

    for (const name of ["relief", "activities"]) {
      const svg = await readFile(path.join(cwd, `out/2022/charts/${name}.svg`), "utf8");
      expect(svg).not.toMatch(/<(script|img|iframe|foreignObject|style[^>]*>[^<]*url)/i);
      for (const tag of svg.match(/<[a-z][^>]*>/gi) ?? []) {
        expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
      }
    }

    const markdown = await readFile(path.join(cwd, "out/2022/report.md"), "utf8");
    expect(markdown).not.toMatch(/(^|[^\\])<script/);

    const text = await pdfText(path.join(cwd, "out/2022/report.pdf"));
    expect(text).toContain("<script>alert(1)</script>");
    expect(text).toContain("<iframe");
  });
});

describe("templates and outputs stay in their folders", () => {
  it("cannot name a partial outside the template folders", async () => {
    const cwd = await workspace();
    await mkdir(path.join(cwd, "templates/partials"), { recursive: true });
    await writeFile(
      path.join(cwd, "templates/partials/section.md.hbs"),
      "## {{heading.[0]}}\n\n{{> ../../../../../etc/passwd}}\n",
    );
    const built = await cli(cwd, "build", "2022", "-f", "md");
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(
      /templates\/partials\/section\.md\.hbs:3:1 error unknown partial "\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd"/,
    );
    expect(built.stderr).not.toContain("root:");
  });

  it("cannot reach prototypes from a template", async () => {
    const cwd = await workspace();
    await mkdir(path.join(cwd, "templates/partials"), { recursive: true });
    await writeFile(
      path.join(cwd, "templates/partials/section.md.hbs"),
      '## {{heading.[0]}}\n\n[{{lookup this "constructor"}}][{{lookup heading "__proto__"}}]\n',
    );
    const built = await cli(cwd, "build", "2022", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    const markdown = await readFile(path.join(cwd, "out/2022/report.md"), "utf8");
    expect(markdown).toContain("\n[][]\n");
    expect(markdown).not.toMatch(/function|Object\]/);
  });

  it.each([
    ["data", /--out data is data, the folder of the records/],
    ["data/2022", /--out data\/2022 is inside data, the folder of the records/],
    ["templates/out", /--out templates\/out is inside templates, the folder of the templates/],
    [builtinTemplates, /is .*templates, the folder of the built-in templates/],
  ])("--out %s is refused", async (out, message) => {
    const cwd = await workspace();
    const before = await readFile(records(cwd, "report.yaml"), "utf8");
    const built = await cli(cwd, "build", "2022", "-f", "md", "--out", out);
    expect(built.code).toBe(2);
    expect(built.stderr).toMatch(message);
    expect(await readFile(records(cwd, "report.yaml"), "utf8")).toBe(before);
  });

  it("lets the reports sit beside the year folders when the records folder is the project", async () => {
    const cwd = await workspace();
    const built = await cli(path.join(cwd, "data"), "build", "2022", "-f", "md", "--data", ".");
    expect(built.code, built.stderr).toBe(0);
    expect(await readFile(path.join(cwd, "data/out/2022/report.md"), "utf8")).toContain("##");
  });
});
