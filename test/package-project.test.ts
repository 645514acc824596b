import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { manifest, npmInstall, packed, strangersEnv } from "./packed.js";
import { cli } from "./support.js";

const exec = promisify(execFile);

/**
 * A project's own way, as the README `report new` writes says: the package installed into the
 * project by npm, then `npx --no report`, which runs the installed package and never fetches
 * anything of the name. (test/package.test.ts installs the same tarball globally, beside this.)
 */
describe("the packed package in a project of its own", () => {
  let scratch = "";
  afterAll(() => (scratch ? rm(scratch, { recursive: true, force: true }) : undefined));

  it("installs from its tarball into the project report new made, and runs from it", async () => {
    const pack = await packed();
    scratch = pack.scratch;
    const made = await cli(scratch, "new", "ledger", "--language", "zh-Hans", "--year", "2024");
    expect(made.code, made.stderr).toBe(0);
    const project = path.join(scratch, "ledger");
    const own = JSON.parse(await readFile(path.join(project, "package.json"), "utf8"));
    expect(own.dependencies).toHaveProperty(manifest.name, manifest.version);
    const readme = await readFile(path.join(project, "README.md"), "utf8");
    expect(readme).toContain("npx --no report build 2024");

    const env = strangersEnv();
    await exec("npm", ["install", pack.tarball, ...npmInstall], {
      cwd: project,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    const local = await exec("npx", ["--no", "--", "report", "--version"], { cwd: project, env });
    expect(local.stdout.trim()).toBe(manifest.version);
  });
});
