import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { activityKinds } from "../src/schema/activities.js";
import { cli, root, workspace } from "./support.js";

const locales = path.join(root, "templates/locales");

function keys(value: unknown, prefix = ""): string[] {
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, inner]) =>
      keys(inner, prefix ? `${prefix}.${key}` : key),
    );
  }
  return [prefix];
}

describe("locale files", () => {
  it("give the same keys in zh-Hant, zh-Hans and en, and every key a template uses", async () => {
    const files = (await readdir(locales)).sort();
    expect(files).toEqual(["en.yaml", "zh-Hans.yaml", "zh-Hant.yaml"]);
    const [en, hans, hant] = await Promise.all(
      files.map(async (file) =>
        keys(parse(await readFile(path.join(locales, file), "utf8"))).sort(),
      ),
    );
    expect(hans).toEqual(hant);
    expect(en).toEqual(hant);
    const templates = path.join(root, "templates");
    const used = new Set<string>();
    for (const name of await readdir(templates, { recursive: true })) {
      if (!name.endsWith(".hbs")) continue;
      const text = await readFile(path.join(templates, name), "utf8");
      for (const match of text.matchAll(/\(?\bt "([^"]+)"/g)) used.add(match[1] ?? "");
    }
    // A key given in parts ({{t "charts.activities." kind}}) needs a text for every kind.
    for (const key of [...used].filter((key) => key.endsWith("."))) {
      used.delete(key);
      expect(key).toBe("charts.activities.");
      for (const kind of activityKinds) used.add(`${key}${kind}`);
    }
    expect([...used].filter((key) => !hant?.includes(key))).toEqual([]);
    expect(used.size).toBeGreaterThan(25);
  });

  it("put the config's locale into what the templates add", async () => {
    const work = await workspace();
    await writeFile(
      path.join(work, "report.config.yaml"),
      "organisation: 政協洛江區第六屆委員會\nlocale: en\n",
    );
    const built = await cli(work, "build", "2022", "-f", "md,html");
    expect(built.code, built.stderr).toBe(0);
    const markdown = await readFile(path.join(work, "out/2022/report.md"), "utf8");
    const english = parse(await readFile(path.join(locales, "en.yaml"), "utf8"));
    // The table's title: a heading in the Markdown, the table's caption in the HTML.
    expect(markdown).toContain(`\n### ${english.people.title}\n`);
    expect(markdown).not.toContain("愛心救濟與幫扶一覽");
    const html = await readFile(path.join(work, "out/2022/report.html"), "utf8");
    expect(html).toContain('class="contents-title">Contents</p>');
    expect(html).toMatch(new RegExp(`<caption id="table-\\d+">${english.people.title}</caption>`));
  });

  it("are replaced file by file from the project's templates, and an unknown key is an error at its line", async () => {
    const work = await workspace();
    await mkdir(path.join(work, "templates/locales"), { recursive: true });
    const own = (await readFile(path.join(locales, "zh-Hant.yaml"), "utf8")).replace(
      "title: 目錄",
      "title: 目次",
    );
    await writeFile(path.join(work, "templates/locales/zh-Hant.yaml"), own);
    const built = await cli(work, "build", "2022", "-f", "html");
    expect(built.code, built.stderr).toBe(0);
    expect(await readFile(path.join(work, "out/2022/report.html"), "utf8")).toContain(">目次</p>");

    await mkdir(path.join(work, "templates/partials"), { recursive: true });
    await writeFile(
      path.join(work, "templates/partials/section.md.hbs"),
      '## {{heading.[0]}}\n\n{{t "people.titel"}}\n',
    );
    const broken = await cli(work, "build", "2022", "-f", "md");
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      /templates\/partials\/section\.md\.hbs:3:1 error t expects a key of templates\/locales\/zh-Hant\.yaml, found "people\.titel"/,
    );
  });

  it("are read afresh after every edit, though kept parsed between runs", async () => {
    const work = await workspace();
    const file = path.join(work, "templates/locales/zh-Hant.yaml");
    await mkdir(path.dirname(file), { recursive: true });
    const builtIn = await readFile(path.join(locales, "zh-Hant.yaml"), "utf8");
    const html = () => readFile(path.join(work, "out/2022/report.html"), "utf8");
    for (const title of ["目次", "目録", "目次"]) {
      await writeFile(file, builtIn.replace("title: 目錄", `title: ${title}`));
      const built = await cli(work, "build", "2022", "-f", "html");
      expect(built.code, built.stderr).toBe(0);
      expect(await html()).toContain(`class="contents-title">${title}</p>`);
    }
    // A mistake in a file whose earlier text was kept is still found, at its line: the title
    // given twice, the second time on the line after the first.
    const at = builtIn.split("\n").findIndex((line) => line.includes("title: 目錄")) + 2;
    await writeFile(file, builtIn.replace("title: 目錄", "title: 目錄\n  title: 目次"));
    const broken = await cli(work, "build", "2022", "-f", "html");
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(new RegExp(`templates/locales/zh-Hant\\.yaml:${at}:\\d+ error`));
    expect(await html()).toContain('class="contents-title">目次</p>');
  });
});
