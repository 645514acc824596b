import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { root } from "./support.js";

const exec = promisify(execFile);

/**
 * The package as a stranger gets it: packed, installed into a prefix of its own (no link to this
 * repository, no node_modules of it on the way), and run from a folder outside it.
 */
describe("the packed package on a clean machine", () => {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  let scratch: string;
  let tarball: string;
  let report: string;
  /** A PATH without this repository's node_modules/.bin: only what the install put there. */
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "report-package-"));
    const packed = await exec("npm", ["pack", "--pack-destination", scratch, "--json"], {
      cwd: root,
      env: { ...process.env, npm_config_ignore_scripts: "true" },
      maxBuffer: 16 * 1024 * 1024,
    });
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    tarball = path.join(scratch, filename);
    const prefix = path.join(scratch, "prefix");
    await exec(
      "npm",
      [
        "install",
        "--global",
        "--prefix",
        prefix,
        tarball,
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
      ],
      { cwd: scratch, maxBuffer: 16 * 1024 * 1024 },
    );
    report = path.join(prefix, "bin", "report");
    env = {
      ...process.env,
      FORCE_COLOR: "0",
      PATH: [path.join(prefix, "bin"), path.dirname(process.execPath), "/usr/bin", "/bin"].join(
        ":",
      ),
    };
    delete env.npm_package_version;
    delete env.INIT_CWD;
  });

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const run = (cwd: string, ...args: string[]) =>
    exec(report, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });

  it("holds what a build needs and nothing of the repository's own", async () => {
    const listed = await exec("tar", ["-tzf", tarball], { maxBuffer: 16 * 1024 * 1024 });
    const files = listed.stdout.split("\n").filter(Boolean);
    for (const needed of [
      "package/bin/report.js",
      "package/dist/report.cjs",
      "package/dist/report-pdf.cjs",
      "package/templates/report.md.hbs",
      "package/schemas/proposals.schema.json",
      "package/examples/starter/report.config.yaml",
    ]) {
      expect(files).toContain(needed);
    }
    expect(
      files.filter((file) => /^package\/(test|bench|src|\.ci|\.github|data)\//.test(file)),
    ).toEqual([]);
    expect(files.filter((file) => /\/out\/|\.cache$|\.map$/.test(file))).toEqual([]);
    // Nothing runs on install: no script npm would ask the user to allow, and no build that
    // would need the development tools.
    const packed = await exec("tar", ["-xzOf", tarball, "package/package.json"]);
    const scripts = Object.keys(JSON.parse(packed.stdout).scripts ?? {});
    expect(scripts.filter((name) => /^(pre|post)?(install|prepare)$/.test(name))).toEqual([]);
  });

  it("says its real version from any folder", async () => {
    const { stdout } = await run(scratch, "--version");
    expect(stdout.trim()).toBe(manifest.version);
  });

  it("makes a Simplified Chinese project, imports a GBK ledger of 30 and builds every format", async () => {
    const work = path.join(scratch, "work");
    await mkdir(work);
    await run(
      work,
      "new",
      "ledger",
      "--language",
      "zh-Hans",
      "--organisation",
      "某区政协",
      "--year",
      "2024",
    );
    const project = path.join(work, "ledger");

    const own = JSON.parse(await readFile(path.join(project, "package.json"), "utf8"));
    expect(own.dependencies).toHaveProperty(manifest.name, manifest.version);
    const workflow = parse(
      await readFile(path.join(project, ".github/workflows/report.yml"), "utf8"),
    );
    expect(workflow.on.push.tags.length).toBeGreaterThan(0);
    expect(JSON.stringify(workflow.jobs)).toContain("npx --no report build");

    const header = "案号,案由,提案人,类别,是否立案,主办单位,办理结果,满意度";
    const rows = Array.from(
      { length: 30 },
      (_, index) =>
        `${index + 1},关于第${index + 1}项民生实事的建议,委员${index + 1},社会事业,立案,区民政局,A,满意`,
    );
    await writeFile(
      path.join(project, "提案.csv"),
      iconv.encode([header, ...rows].join("\r\n"), "gbk"),
    );
    await run(project, "import", "提案.csv", "--into", "proposals", "--year", "2024", "--force");

    const built = await run(project, "build", "2024");
    expect(built.stderr).toContain("report.pdf");
    const markdown = await readFile(path.join(project, "out/2024/report.md"), "utf8");
    expect(markdown).toContain("收到提案30件");
    expect(markdown).toContain("某区政协");
    const pdf = await readFile(path.join(project, "out/2024/report.pdf"));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const html = await readFile(path.join(project, "out/2024/report.html"), "utf8");
    expect(html).toContain('lang="zh-Hans"');

    // The project's own way, as its README says: npm install, then npx --no report, which runs
    // the installed package and never fetches anything of the name. The dependencies the
    // global install unpacked are linked in first (they are the same files): npm finds them in
    // place and installs the package itself, in 2 s where unpacking them all again took 17.
    await exec("cp", [
      "-al",
      path.join(scratch, "prefix/lib/node_modules", manifest.name, "node_modules"),
      path.join(project, "node_modules"),
    ]);
    await exec("npm", ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund"], {
      cwd: project,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    const local = await exec("npx", ["--no", "--", "report", "--version"], { cwd: project, env });
    expect(local.stdout.trim()).toBe(manifest.version);
    // The package itself was installed into the project, not taken from elsewhere.
    const installed = JSON.parse(
      await readFile(path.join(project, "node_modules", manifest.name, "package.json"), "utf8"),
    );
    expect(installed.version).toBe(manifest.version);
  });
});
