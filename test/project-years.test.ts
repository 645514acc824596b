import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configFileName } from "../src/schema/config.js";
import { type RecordFileName, recordFileNames } from "../src/schema/index.js";
import { jsonSchema, schemaComment, schemaFileName } from "../src/schema/json-schema.js";
import { cli, edit, root, workspace } from "./support.js";

async function emptyFolder(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "report-project-"));
}

describe("report init", () => {
  it("starts a year from the latest earlier one, warns about every to-do and builds", async () => {
    const work = await workspace();
    const started = await cli(work, "init", "2023");
    expect(started.code, started.stderr).toBe(0);
    const proposals = await readFile(path.join(work, "data/2023/proposals.yaml"), "utf8");
    expect(proposals).toMatch(/^received: 142 # TODO: figure from 2022; replace with 2023's$/m);
    const report = parse(await readFile(path.join(work, "data/2023/report.yaml"), "utf8"));
    expect(report.year).toBe(2023);

    const checked = await cli(work, "validate", "2023");
    expect(checked.code, checked.stderr).toBe(0);
    const todos = [...checked.stderr.matchAll(/^(data\/2023\/\S+?):(\d+):\d+ warning to-do: /gm)];
    // One warning for each TODO comment in the files, at its line.
    let expected = 0;
    for (const name of await readdir(path.join(work, "data/2023"))) {
      const lines = (await readFile(path.join(work, "data/2023", name), "utf8")).split("\n");
      lines.forEach((line, index) => {
        if (!line.includes("# TODO")) return;
        expected++;
        expect(todos.some((m) => m[1] === `data/2023/${name}` && Number(m[2]) === index + 1)).toBe(
          true,
        );
      });
    }
    expect(todos.length).toBe(expected);
    expect(expected).toBeGreaterThan(20);

    const built = await cli(work, "build", "2023", "--format", "md");
    expect(built.code, built.stderr).toBe(0);
    const markdown = await readFile(path.join(work, "out/2023/report.md"), "utf8");
    expect(markdown).toContain("2023");
  });

  it("moves a year counted from 1912 with the year it stands for", async () => {
    const parent = await emptyFolder();
    const made = await cli(
      parent,
      "new",
      "tw",
      "--preset",
      "charity",
      "--language",
      "zh-TW",
      "--year",
      "2031",
    );
    expect(made.code, made.stderr).toBe(0);
    const project = path.join(parent, "tw");
    const started = await cli(project, "init", "2032");
    expect(started.code, started.stderr).toBe(0);
    const report = parse(await readFile(path.join(project, "data/2032/report.yaml"), "utf8"));
    // 2032 is the 121st year of the ROC calendar.
    expect(report.title).toBe("121年度工作成果報告");
    expect(report.subject).toBe("財團法人青禾社會福利慈善事業基金會121年度工作成果報告");
  });

  it("never overwrites a year, and needs an earlier one", async () => {
    const work = await workspace();
    const before = await readFile(path.join(work, "data/2022/proposals.yaml"), "utf8");
    const again = await cli(work, "init", "2022");
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/data\/2022 exists already/);
    expect(await readFile(path.join(work, "data/2022/proposals.yaml"), "utf8")).toBe(before);
    const none = await cli(work, "init", "2019");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no earlier year/);
  });
});

describe("report eject", () => {
  it("copies the templates; an edited partial changes the output, the rest stay built in", async () => {
    const work = await workspace();
    const ejected = await cli(work, "eject");
    expect(ejected.code, ejected.stderr).toBe(0);
    const names = await readdir(path.join(work, "templates"), { recursive: true });
    expect(names).toEqual(
      expect.arrayContaining([
        "report.md.hbs",
        "layout.html.hbs",
        "report.css",
        "partials/section.md.hbs",
      ]),
    );
    await edit(
      path.join(work, "templates/partials/section.md.hbs"),
      "{{#each paragraphs}}",
      "*本節共{{paragraphs.length}}段。*\n\n{{#each paragraphs}}",
    );
    const built = await cli(work, "build", "2022", "--format", "md");
    expect(built.code, built.stderr).toBe(0);
    const markdown = await readFile(path.join(work, "out/2022/report.md"), "utf8");
    const narrative = parse(await readFile(path.join(work, "data/2022/narrative.yaml"), "utf8"));
    for (const section of narrative.sections) {
      expect(markdown).toContain(`*本節共${section.paragraphs.length}段。*`);
    }

    // A second eject keeps the edited file.
    const again = await cli(work, "eject");
    expect(again.stderr).toMatch(/templates\/partials\/section\.md\.hbs \(kept\)/);
    expect(await readFile(path.join(work, "templates/partials/section.md.hbs"), "utf8")).toContain(
      "本節共",
    );
  });
});

describe("report schema", () => {
  const ajv = new Ajv({ allErrors: true, strict: true });

  it("matches the schemas committed beside the shipped records", async () => {
    for (const folder of [root, ...(await exampleProjects())]) {
      for (const name of [...recordFileNames, configFileName] as const) {
        const committed = JSON.parse(
          await readFile(path.join(folder, "schemas", schemaFileName(name)), "utf8"),
        );
        expect(committed, `${folder} ${name}`).toEqual(jsonSchema(name));
      }
    }
  });

  it("accepts every shipped record file, each pointing at its schema on its first line", async () => {
    const folders = [
      { data: path.join(root, "data/2022"), schemas: path.join(root, "schemas") },
      ...(
        await Promise.all(
          (
            await exampleProjects()
          ).map(async (project) =>
            (
              await readdir(path.join(project, "data"))
            ).map((year) => ({
              data: path.join(project, "data", year),
              schemas: path.join(project, "schemas"),
            })),
          ),
        )
      ).flat(),
    ];
    for (const { data, schemas } of folders) {
      for (const name of (await readdir(data)) as RecordFileName[]) {
        expect(recordFileNames).toContain(name);
        const file = path.join(data, name);
        const text = await readFile(file, "utf8");
        expect(text.split("\n")[0]).toBe(schemaComment(file, schemas));
        const validate = ajv.compile(jsonSchema(name));
        expect(validate(parse(text)), `${file}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
    }
  });

  it("rejects what report validate rejects: a wrong type, an unknown key, an empty text", async () => {
    const records = parse(await readFile(path.join(root, "data/2022/proposals.yaml"), "utf8"));
    const validate = ajv.compile(jsonSchema("proposals.yaml"));
    expect(validate({ ...records, received: "all" })).toBe(false);
    expect(validate({ ...records, recieved: 1 })).toBe(false);
    expect(validate({ ...records, session: "   " })).toBe(false);
    const documents = ajv.compile(jsonSchema("documents.yaml"));
    expect(documents({ documents: [{ id: "a", kind: "article", title: "《書》" }] })).toBe(false);
  });

  it("carries a description in Chinese and English for every field", () => {
    const missing: string[] = [];
    const walk = (schema: Record<string, unknown>, at: string) => {
      const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [key, value] of Object.entries(properties)) {
        if (typeof value.description !== "string" || !/ — /.test(value.description))
          missing.push(`${at}.${key}`);
        walk(value, `${at}.${key}`);
        const items = value.items as Record<string, unknown> | undefined;
        if (items) walk(items, `${at}.${key}[]`);
        for (const option of (value.anyOf ?? []) as Array<Record<string, unknown>>)
          walk(option, `${at}.${key}`);
      }
    };
    for (const name of [...recordFileNames, configFileName] as const)
      walk(jsonSchema(name) as never, name);
    expect(missing).toEqual([]);
  });

  it("writes the schemas into a project and points its record files at them", async () => {
    const work = await workspace();
    await writeFile(
      path.join(work, "data/2022/proposals.yaml"),
      (await readFile(path.join(work, "data/2022/proposals.yaml"), "utf8")).replace(
        /^# yaml-language-server.*\n/,
        "",
      ),
    );
    const written = await cli(work, "schema");
    expect(written.code, written.stderr).toBe(0);
    expect((await readdir(path.join(work, "schemas"))).length).toBe(recordFileNames.length + 1);
    const first = (await readFile(path.join(work, "data/2022/proposals.yaml"), "utf8")).split(
      "\n",
    )[0];
    expect(first).toBe("# yaml-language-server: $schema=../../schemas/proposals.schema.json");
  });
});

/** The example projects: the folders of examples/ with a report.config.yaml. */
async function exampleProjects(): Promise<string[]> {
  const names = await readdir(path.join(root, "examples"));
  const projects: string[] = [];
  for (const name of names.sort()) {
    const folder = path.join(root, "examples", name);
    if (
      await readFile(path.join(folder, configFileName)).then(
        () => true,
        () => false,
      )
    )
      projects.push(folder);
  }
  return projects;
}
