import { execFile } from "node:child_process";
import {
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { withFrontMatter } from "../src/render/portable.js";
import { cli, edit, installCopy, root, workspace } from "./support.js";

const exec = promisify(execFile);

/**
 * What a second attack run from outside broke: each case failed before its fix. The bounds and
 * faults it found that need a whole project or a browser are in attacks, faults and docx tests.
 */

describe("report.md's front matter", () => {
  it("quotes every text a YAML 1.1 or 1.2 reader would take for something else", () => {
    const keywords = [
      "yes",
      "no",
      "on",
      "off",
      "y",
      "0o17",
      "12:30",

      "null",
      "2022",
      "政協",
    ];
    const markdown = withFrontMatter("# 正文\n", {
      title: "yes",
      author: "on",
      date: "2022-12-31",
      lang: "zh-Hant",
      subject: "1e3",
      keywords,
    });
    const yaml = /^---\n([\s\S]*?)---\n/.exec(markdown)?.[1] ?? "";
    expect(yaml).toContain('title: "yes"\n');
    expect(yaml).toContain("date: 2022-12-31\n");
    expect(yaml).toContain("  - 政協\n");
    for (const version of ["1.1", "1.2"] as const) {
      const read = parse(yaml, { version }) as Record<string, unknown>;
      expect(read.title, version).toBe("yes");
      expect(read.author, version).toBe("on");
      expect(read.subject, version).toBe("1e3");
      expect(read.keywords, version).toEqual(keywords);
    }
  });
});

describe("the command line", () => {
  it("refuses an empty format in --format as a usage error", async () => {
    const dir = await workspace();
    for (const formats of ["md,,html", "md,", ",html"]) {
      const built = await cli(dir, "build", "2022", "-f", formats);
      expect(built.code, formats).toBe(2);
      expect(built.stderr).toContain(
        `expected formats separated by single commas, such as md,html; found "${formats}"`,
      );
    }
  });

  it("prints one JSON document with --json whatever the failure: its kind and exit code", async () => {
    const dir = await workspace();
    const cases: Array<[string[], number, string, string]> = [
      [["build", "2031"], 2, "usage", "no records for 2031"],
      [["build", "2022", "--format", "xyz"], 2, "usage", 'found "xyz"'],
      [["validate", "2022", "--no-such-option"], 2, "usage", "unknown option '--no-such-option'"],
      [["build", "2022", "-f", "pdf", "--browser", "/bin/false"], 3, "environment", "/bin/false"],
      [["figures", "2031"], 2, "usage", "no records for 2031"],
    ];
    for (const [args, code, kind, message] of cases) {
      const ran = await cli(dir, ...args, "--json");
      expect(ran.code, args.join(" ")).toBe(code);
      const document = JSON.parse(ran.stdout) as {
        ok: boolean;
        exit_code: number;
        error: { kind: string; message: string };
      };
      expect(document.ok).toBe(false);
      expect(document.exit_code).toBe(code);
      expect(document.error.kind).toBe(kind);
      expect(document.error.message).toContain(message);
    }
    const valid = await cli(dir, "validate", "2022", "--json");
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({ command: "validate", ok: true, exit_code: 0 });
  });

  it("finds the browser before it reads the records: no browser is the first thing said", async () => {
    const dir = await workspace();
    await edit(path.join(dir, "data/2022/proposals.yaml"), "received: 142", "received: many");
    const built = await cli(dir, "build", "2022", "--browser", "/nonexistent/chrome");
    expect(built.code).toBe(3);
    expect(built.stderr).toContain(
      "error the browser given with --browser is not an executable file: /nonexistent/chrome",
    );
    // Nothing was loaded, validated or rendered first.
    expect(built.stderr).not.toMatch(/2022 load|proposals\.yaml/);
  });
});

describe("symbolic links out of the project", () => {
  it("are refused at the record or template they stand for; links within the project are read", async () => {
    const dir = await workspace();
    const outside = await mkdtemp(path.join(tmpdir(), "report-outside-"));
    try {
      const secret = path.join(outside, "narrative.yaml");
      await copyFile(path.join(dir, "data/2022/narrative.yaml"), secret);
      await rm(path.join(dir, "data/2022/narrative.yaml"));
      await symlink(secret, path.join(dir, "data/2022/narrative.yaml"));
      const records = await cli(dir, "validate", "2022");
      expect(records.code).toBe(1);
      expect(records.stderr).toContain(
        `data/2022/narrative.yaml error a symbolic link to ${secret}, outside the project: refused`,
      );
      await mkdir(path.join(dir, "templates"));
      await writeFile(path.join(outside, "report.md.hbs"), "SECRET {{year}}\n");
      await symlink(path.join(outside, "report.md.hbs"), path.join(dir, "templates/report.md.hbs"));
      const built = await cli(dir, "build", "2022", "-f", "md");
      expect(built.code).toBe(1);
      expect(built.stderr).toContain(
        `templates/report.md.hbs error a symbolic link to ${path.join(outside, "report.md.hbs")}, outside the project: refused`,
      );
      // Within the project a link is a file like any other.
      await rm(path.join(dir, "templates/report.md.hbs"));
      await rm(path.join(dir, "data/2022/narrative.yaml"));
      await mkdir(path.join(dir, "shared"));
      await copyFile(secret, path.join(dir, "shared/narrative.yaml"));
      await symlink("../../shared/narrative.yaml", path.join(dir, "data/2022/narrative.yaml"));
      const linked = await cli(dir, "build", "2022", "-f", "md");
      expect(linked.code, linked.stderr).toBe(0);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe("what a render may produce", () => {
  it("stops a loop within loops at its line, writing nothing", async () => {
    const dir = await workspace();
    await mkdir(path.join(dir, "templates"));
    const loop = "{{#each @root.activities_by_kind}}";
    await writeFile(
      path.join(dir, "templates/report.md.hbs"),
      `# 回眸\n\n${loop}\n${loop.repeat(3)}${"正文".repeat(1000)}${"{{/each}}".repeat(3)}\n{{/each}}\n`,
    );
    const built = await cli(dir, "build", "2022", "-f", "md");
    expect(built.code).toBe(1);
    expect(built.stderr).toContain(
      "templates/report.md.hbs:4:69 error this {{#each}} took the report past 64 M characters of text, the most a render may produce",
    );
    await expect(stat(path.join(dir, "out"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("stops partials that call partials many times over, naming the partial", async () => {
    const dir = await workspace();
    await mkdir(path.join(dir, "templates/partials"), { recursive: true });
    for (let level = 0; level < 6; level++) {
      await writeFile(
        path.join(dir, `templates/partials/p${level}.md.hbs`),
        level === 5 ? `${"正文".repeat(500)}\n` : `{{> partials/p${level + 1}}}`.repeat(10),
      );
    }
    await writeFile(path.join(dir, "templates/report.md.hbs"), "# 回眸\n\n{{> partials/p0}}\n");
    const built = await cli(dir, "build", "2022", "-f", "md");
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(
      /templates\/partials\/p4\.md\.hbs:1:1 error the partial partials\/p5 took the report past 64 M characters of text/,
    );
  });
});

describe("the code cache", () => {
  it("never runs an earlier build of a bundle of the same size and time", async () => {
    // An install as npm leaves it: every file dated 1985-10-26.
    const install = await installCopy();
    try {
      await symlink(path.join(root, "node_modules"), path.join(install, "node_modules"));
      const bundle = path.join(install, "dist/report.cjs");
      const npmTime = new Date("1985-10-26T08:15:00Z");
      const help = async () => {
        await utimes(bundle, npmTime, npmTime);
        const { stdout } = await exec(
          process.execPath,
          [path.join(install, "bin/report.js"), "--help"],
          {
            env: { ...process.env, REPORT_CACHE_DIR: path.join(install, "cache") },
          },
        );
        return stdout;
      };
      expect(await help()).toContain("Compile annual work reports");
      // An upgrade whose bundle has the same size: one word changed, letter for letter.
      const text = await readFile(bundle, "utf8");
      await writeFile(
        bundle,
        text.replace("Compile annual work reports", "Kompile annual work reports"),
      );
      expect((await readFile(bundle)).length).toBe(Buffer.byteLength(text));
      expect(await help()).toContain("Kompile annual work reports");
    } finally {
      await rm(install, { recursive: true, force: true });
    }
  });
});
