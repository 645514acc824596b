import { cp, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { quoteBareDates } from "../src/project/migrate.js";
import { cli, root, workspace } from "./support.js";

/**
 * What users already have keeps working: records of the earlier format, and templates ejected
 * from report 0.1.0 (test/fixtures/ejected-0.1.0, the built-in templates as that release shipped
 * them). `report migrate` says what to change and changes it only when asked.
 */
const ejected = path.join(root, "test/fixtures/ejected-0.1.0/templates");

describe("templates ejected from an earlier release", () => {
  it("still build the 2022 report, with a warning for each stale copy and how to drop it", async () => {
    const fresh = await workspace();
    const reference = await cli(fresh, "build", "2022", "-f", "md");
    expect(reference.code, reference.stderr).toBe(0);

    const cwd = await workspace();
    await cp(ejected, path.join(cwd, "templates"), { recursive: true });
    const built = await cli(cwd, "build", "2022", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    // The same report: the records' facts, through the templates the project has.
    expect(await readFile(path.join(cwd, "out/2022/report.md"), "utf8")).toBe(
      await readFile(path.join(fresh, "out/2022/report.md"), "utf8"),
    );
    expect(built.stderr).toContain(
      "templates/sections/supervision.md.hbs warning an unchanged copy of the built-in sections/supervision.md.hbs of an earlier release",
    );
    expect(built.stderr).toContain("hint: report migrate --write removes it");
    // A copy identical to today's built-in file holds nothing back.
    expect(built.stderr).not.toContain("templates/partials/activities.md.hbs warning");
  });

  it("take the keys a later release added from the built-in locale file", async () => {
    const cwd = await workspace();
    await cp(path.join(ejected, "locales"), path.join(cwd, "templates/locales"), {
      recursive: true,
    });
    await cp(
      path.join(root, "examples/committee/data/2024/proposals.yaml"),
      path.join(cwd, "data/2022/proposals.yaml"),
    );
    const built = await cli(cwd, "validate", "2022");
    // The ledger's outcome labels and the new tables' words are not in the 0.1.0 locale file.
    expect(built.stderr).not.toMatch(/expects a key of|no text "/);
    expect(built.code, built.stderr).toBe(0);
  });
});

describe("report migrate", () => {
  it("lists what it would change and writes nothing unless asked", async () => {
    const cwd = await workspace();
    await cp(ejected, path.join(cwd, "templates"), { recursive: true });
    const file = path.join(cwd, "data/2022/activities.yaml");
    const before = { text: await readFile(file, "utf8"), mtime: (await stat(file)).mtimeMs };
    await import("node:fs/promises").then(({ writeFile }) =>
      writeFile(file, before.text.replace('date: "2022-03"', "date: 2022-03")),
    );
    const edited = { text: await readFile(file, "utf8"), mtime: (await stat(file)).mtimeMs };

    const planned = await cli(cwd, "migrate");
    expect(planned.code).toBe(0);
    expect(planned.stderr).toContain(
      "data/2022/activities.yaml: quote 1 date (2022-03), so that YAML 1.1 tools read it as a text",
    );
    expect(planned.stderr).toContain("templates/sections/supervision.md.hbs: remove:");
    expect(planned.stderr).toContain("nothing was written");
    expect(await readFile(file, "utf8")).toBe(edited.text);
    expect((await stat(file)).mtimeMs).toBe(edited.mtime);

    const written = await cli(cwd, "migrate", "--write");
    expect(written.code).toBe(0);
    expect(await readFile(file, "utf8")).toBe(before.text);
    await expect(stat(path.join(cwd, "templates/sections/supervision.md.hbs"))).rejects.toThrow();
    // An unchanged copy of a file that has not changed stays: it holds nothing back.
    await stat(path.join(cwd, "templates/partials/activities.md.hbs"));

    const again = await cli(cwd, "migrate");
    expect(again.stderr).toContain("nothing to migrate");
    const built = await cli(cwd, "build", "2022", "-f", "md");
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).not.toContain("warning");
  });

  it("quotes bare dates and leaves every other byte as it was", () => {
    const text =
      "\uFEFF# comment 2022-03\r\nactivities:\r\n  - { id: a, date: 2022-03 }\r\n  - id: b\r\n    title: 2022-03\r\n    date: 2022-03-15 # when\r\n";
    expect(quoteBareDates(text)).toEqual({
      text: '\uFEFF# comment 2022-03\r\nactivities:\r\n  - { id: a, date: "2022-03" }\r\n  - id: b\r\n    title: 2022-03\r\n    date: "2022-03-15" # when\r\n',
      count: 2,
      examples: ["2022-03", "2022-03-15"],
    });
  });
});
