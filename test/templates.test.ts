import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import v8 from "node:v8";
import { describe, expect, it, onTestFinished } from "vitest";
import { cli, edit, report, root, workspace } from "./support.js";

/** A templates folder in the workspace holding one file that replaces the built-in one. */
async function override(cwd: string, name: string, text: string): Promise<void> {
  const file = path.join(cwd, "my-templates", name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** `report build 2022` (Markdown and HTML) with the workspace's my-templates folder. */
function buildWithOverrides(cwd: string) {
  return cli(cwd, "build", "2022", "--format", "md,html", "--templates", "my-templates");
}

async function builtin(name: string): Promise<string> {
  return readFile(path.join(root, "templates", name), "utf8");
}

describe("template errors", () => {
  it("names the template file and line of a field that does not exist", async () => {
    const cwd = await workspace();
    const text = (await builtin("partials/proposals.md.hbs")).replace(
      "{{count filed",
      "{{count filled",
    );
    await override(cwd, "partials/proposals.md.hbs", text);
    const line = text.split("\n").findIndex((entry) => entry.includes("filled")) + 1;
    const { code, stderr } = await buildWithOverrides(cwd);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(
        `my-templates/partials/proposals\\.md\\.hbs:${line}:\\d+ error names the field "filled"`,
      ),
    );
    expect(stderr).toContain('did you mean "filed"?');
  });

  it("fails on a plain mustache naming a missing field instead of printing nothing", async () => {
    const cwd = await workspace();
    await override(cwd, "partials/section.md.hbs", "## {{headline}}\n");
    const { code, stderr } = await buildWithOverrides(cwd);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /my-templates\/partials\/section\.md\.hbs:1:6 error names the field "headline"/,
    );
  });

  it("names an unknown helper with its line before rendering", async () => {
    const cwd = await workspace();
    await override(
      cwd,
      "sections/unity.md.hbs",
      "{{> partials/section}}\n\n{{mony @root.relief.exact_total}}\n",
    );
    const { code, stderr } = await cli(cwd, "validate", "2022", "--templates", "my-templates");
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /my-templates\/sections\/unity\.md\.hbs:3:1 error unknown helper "mony"/,
    );
    expect(stderr).toContain('did you mean "money"?');
  });

  it("names a template that does not parse", async () => {
    const cwd = await workspace();
    await override(cwd, "sections/unity.md.hbs", "{{> partials/section}}\n\n{{#each x}}\nno end\n");
    const { code, stderr } = await buildWithOverrides(cwd);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /my-templates\/sections\/unity\.md\.hbs:\d+:\d+ error cannot parse the template/,
    );
  });

  it("reports a helper given the wrong kind of value at its line", async () => {
    const cwd = await workspace();
    await override(
      cwd,
      "sections/unity.md.hbs",
      "{{> partials/section}}\n\n{{money @root.title}}\n",
    );
    const { code, stderr } = await buildWithOverrides(cwd);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /unity\.md\.hbs:3:1 error money expects an amount, found the text "2022工作回眸"/,
    );
  });
});

describe("shares in a template", () => {
  it("are worked out exactly and rounded once, half away from zero", async () => {
    const cwd = await workspace();
    await override(
      cwd,
      "sections/unity.md.hbs",
      "{{> partials/section}}\n\nshares: {{share 57 400}} {{share 289 2000}} {{share 2 3 digits=2}} {{share 1 8 digits=0}}\n",
    );
    const { code, stderr } = await buildWithOverrides(cwd);
    expect(code, stderr).toBe(0);
    const markdown = await readFile(path.join(cwd, "out/2022/report.md"), "utf8");
    // 14.25 → 14.3, 14.45 → 14.5, 66.666… → 66.67, 12.5 → 13
    expect(markdown).toContain("shares: 14.3% 14.5% 66.67% 13%");
  });
});

describe("limit=N", () => {
  it("names the first N records of a list, in their order, and refuses a limit that is no count", async () => {
    const cwd = await workspace();
    const activities = await readFile(path.join(cwd, "data/2022/activities.yaml"), "utf8");
    const inspections = [...activities.matchAll(/kind: inspection\n\s+title: (.+)/g)].map(
      (match) => match[1],
    );
    expect(inspections.length).toBeGreaterThan(2);
    await override(
      cwd,
      "sections/unity.md.hbs",
      "{{> partials/section}}\n\n視察:{{quote @root.activities_by_kind.inspection limit=2}}等。\n",
    );
    expect((await buildWithOverrides(cwd)).code).toBe(0);
    const markdown = await readFile(path.join(cwd, "out/2022/report.md"), "utf8");
    expect(markdown).toContain(`視察:“${inspections[0]}”“${inspections[1]}”等。`);
    expect(markdown).not.toContain(`“${inspections[2]}”等`);

    await override(
      cwd,
      "sections/unity.md.hbs",
      "{{> partials/section}}\n\n{{list @root.activities_by_kind.inspection limit=0}}\n",
    );
    const refused = await buildWithOverrides(cwd);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /unity\.md\.hbs:3:1 error limit expects a whole number of 1 or more, found the number 0/,
    );
  });
});

describe("records are data, not markup", () => {
  it("escapes HTML and Markdown inside records in both outputs", async () => {
    const cwd = await workspace();
    await edit(
      path.join(cwd, "data/2022/social-conditions.yaml"),
      "title: 關于拓寬南山社區主干道路口的建議",
      'title: "<script>alert(1)</script> **粗體** [鏈接](http://example.com)"',
    );
    const { code, stderr } = await cli(cwd, "build", "2022", "--format", "md,html");
    expect(code, stderr).toBe(0);
    const html = await readFile(path.join(cwd, "out/2022/report.html"), "utf8");
    const markdown = await readFile(path.join(cwd, "out/2022/report.md"), "utf8");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<strong>粗體</strong>");
    expect(html).not.toContain('href="http://example.com"');
    expect(html).toContain(
      "&lt;script&gt;alert(1)&lt;/script&gt; **粗體** [鏈接](http://example.com)",
    );
    expect(markdown).toContain(
      "\\<script\\>alert(1)\\</script\\> \\*\\*粗體\\*\\* \\[鏈接\\](http://example.com)",
    );
  });

  it("escapes raw HTML written into narrative Markdown", async () => {
    const cwd = await workspace();
    await edit(
      path.join(cwd, "data/2022/narrative.yaml"),
      "打鐵必須自身硬。",
      "打鐵必須<img src=x onerror=alert(1)>自身硬。",
    );
    const { code } = await cli(cwd, "build", "2022", "--format", "md,html");
    expect(code).toBe(0);
    const html = await readFile(path.join(cwd, "out/2022/report.html"), "utf8");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe("examples/templates", () => {
  it("replaces the people section and derives each fund's total from its programmes", async () => {
    const cwd = await workspace();
    const templates = path.join(root, "examples/templates");
    const { code, stderr } = await cli(
      cwd,
      "build",
      "2022",
      "--format",
      "md,html",
      "--templates",
      templates,
    );
    expect(code, stderr).toBe(0);
    const markdown = await readFile(path.join(cwd, "out/2022/report.md"), "utf8");
    // 24000 + 235000 元 from relief.yaml's two programmes of the fund.
    expect(markdown).toContain(
      "政協愛心救濟項目共支出25.9萬元,惠及60名白內障患者、11名重大疾病患者。",
    );
  });
});

/** Every file under `dir`, with its size and time, for "nothing written here". */
async function listing(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const { size, mtimeMs } = await stat(file);
    files.push(`${path.relative(dir, file)} ${size} ${mtimeMs}`);
  }
  return files.sort();
}

describe("compiled templates", () => {
  it("come compiled with the package: a build writes nothing into it, and keeps no compiled template", async () => {
    const work = await workspace();
    const own = path.join(work, "cache");
    const shared = process.env.REPORT_CACHE_DIR;
    process.env.REPORT_CACHE_DIR = own;
    onTestFinished(() => {
      process.env.REPORT_CACHE_DIR = shared;
    });
    expect(existsSync(path.join(root, "dist/templates-compiled.cjs"))).toBe(true);
    const before = [
      ...(await listing(path.join(root, "dist"))),
      ...(await listing(path.join(root, "templates"))),
    ];
    const built = await report(work, "build", "2022", "-f", "md,html");
    expect(built.code, built.stderr).toBe(0);
    // The code caches, the charts' drawings, the records' parsed form, the fonts' tables and
    // glyph index, and the syntax trees of the narrative's paragraphs that print figures: data,
    // never code.
    expect((await readdir(own)).sort()).toEqual([
      "code",
      "drawn-charts",
      "faces",
      "glyphs",
      "records",
      "template-trees",
    ]);
    const trees = await readdir(path.join(own, "template-trees"));
    expect(trees.length).toBeGreaterThan(0);
    for (const name of trees) {
      // After the 32-byte digest: a v8-serialised { ast, names } (which holds no function).
      const kept = v8.deserialize(
        (await readFile(path.join(own, "template-trees", name))).subarray(32),
      );
      expect(kept.ast.type).toBe("Program");
      expect(Array.isArray(kept.names)).toBe(true);
    }
    const after = [
      ...(await listing(path.join(root, "dist"))),
      ...(await listing(path.join(root, "templates"))),
    ];
    expect(after).toEqual(before);
  });

  it("names a partial that is gone, with its line, though the template was compiled before", async () => {
    const work = await workspace();
    await mkdir(path.join(work, "templates/partials"), { recursive: true });
    const layout = await readFile(path.join(root, "templates/report.md.hbs"), "utf8");
    await writeFile(
      path.join(work, "templates/report.md.hbs"),
      layout.replace("{{#each closing}}", "{{> partials/thanks}}\n{{#each closing}}"),
    );
    await writeFile(path.join(work, "templates/partials/thanks.md.hbs"), "Thanks.\n");
    const first = await cli(work, "build", "2022", "-f", "md");
    expect(first.code, first.stderr).toBe(0);
    await rm(path.join(work, "templates/partials/thanks.md.hbs"));
    const second = await cli(work, "build", "2022", "-f", "md");
    expect(second.code).toBe(1);
    const line = layout.slice(0, layout.indexOf("{{#each closing}}")).split("\n").length;
    expect(second.stderr).toMatch(
      new RegExp(`templates/report\\.md\\.hbs:${line}:1 error unknown partial "partials/thanks"`),
    );
  });
});
