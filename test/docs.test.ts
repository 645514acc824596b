import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configFileName, configSchema } from "../src/schema/config.js";
import { dataDocs } from "../src/schema/data-docs.js";
import { fileGuides } from "../src/schema/file-examples.js";
import { type RecordFileName, recordFiles } from "../src/schema/index.js";
import { cli, root, workspace } from "./support.js";

describe("docs", () => {
  it("docs/data.md is the one the schemas write (npm run docs)", async () => {
    expect(await readFile(path.join(root, "docs/data.md"), "utf8")).toBe(dataDocs());
  });

  it.each(Object.entries(fileGuides))(
    "the example of %s in docs/data.md is valid",
    (name, guide) => {
      const schema = name === configFileName ? configSchema : recordFiles[name as RecordFileName];
      const result = schema.safeParse(parse(guide.example, { version: "1.2" }));
      expect(result.error?.issues ?? []).toEqual([]);
    },
  );

  it("docs/templates.md shows what each helper example really gives", async () => {
    const text = await readFile(path.join(root, "docs/templates.md"), "utf8");
    const examples = [...text.matchAll(/^\|[^|\n]*\| `(\{\{.+?\}\})` \| `(.+?)` \|$/gm)].map(
      (match) => ({ template: match[1] ?? "", output: match[2] ?? "" }),
    );
    expect(examples.length).toBeGreaterThanOrEqual(13);
    const work = await workspace();
    const templates = path.join(work, "helper-examples");
    await mkdir(templates, { recursive: true });
    // Each example on a line of its own, between markers, in place of the report.
    await writeFile(
      path.join(templates, "report.md.hbs"),
      examples.map((example, index) => `<${index}>${example.template}</${index}>\n`).join(""),
    );
    const built = await cli(work, "build", "2022", "-f", "md", "--templates", templates);
    expect(built.code, built.stderr).toBe(0);
    const markdown = await readFile(path.join(work, "out/2022/report.md"), "utf8");
    examples.forEach((example, index) => {
      const rendered = new RegExp(`<${index}>(.*?)</${index}>`).exec(markdown)?.[1];
      expect(rendered?.replace(/\\(.)/g, "$1"), example.template).toBe(example.output);
    });
  });
});
