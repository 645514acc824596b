import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cli, edit, root, workspace } from "./support.js";

const exec = promisify(execFile);

/**
 * What an attack run from outside the team broke, each case failing before its fix: outputs
 * trusted as inputs, nondeterministic bytes, a preview any web page could read, a browser that
 * talked to the network, line breaks that escaped Markdown, links out of the output folder,
 * files that never end, browsers that hang or cannot start.
 */

describe("clear messages instead of wrong output", () => {
  const cases: Array<{
    name: string;
    prepare?: (cwd: string) => Promise<void>;
    args: string[];
    code: number;
    message: RegExp;
  }> = [
    {
      name: "a timeout no timer can wait",
      args: ["build", "2022", "--timeout", "1e9"],
      code: 2,
      message: /expected --timeout in seconds from 0\.001 to 86400, such as 60, found "1e9"/,
    },
    {
      name: "an empty port",
      args: ["serve", "2022", "--port", ""],
      code: 2,
      message: /expected --port from 0 to 65535, found ""/,
    },
    {
      name: "the year 0000",
      args: ["build", "0000"],
      code: 2,
      message: /expected a year of four digits such as 2022, found "0000"/,
    },
    {
      name: "a date that is not one",
      prepare: (cwd) => override(cwd, "partials/section.md.hbs", '{{date "not-a-date"}}\n'),
      args: ["build", "2022", "-f", "md", "--templates", "my-templates"],
      code: 1,
      message:
        /section\.md\.hbs:1:1 error date expects a date written 2022, 2022-03 or 2022-03-15, found the text "not-a-date"/,
    },
    {
      name: "a month that is not one",
      prepare: (cwd) => override(cwd, "partials/section.md.hbs", '{{month "2022-99"}}\n'),
      args: ["build", "2022", "-f", "md", "--templates", "my-templates"],
      code: 1,
      message:
        /section\.md\.hbs:1:1 error month expects a date written 2022, 2022-03 or 2022-03-15, found the text "2022-99"/,
    },
    {
      name: "an amount too large to be exact",
      prepare: (cwd) =>
        override(cwd, "partials/section.md.hbs", "{{money 99999999999999999999999999}}\n"),
      args: ["build", "2022", "-f", "md", "--templates", "my-templates"],
      code: 1,
      message: /section\.md\.hbs:1:1 error money expects an amount of at most 10\^15/,
    },
    {
      name: "a chart named like a property of every object",
      prepare: (cwd) => override(cwd, "partials/section.md.hbs", '{{chart "constructor"}}\n'),
      args: ["build", "2022", "-f", "md", "--templates", "my-templates"],
      code: 1,
      message:
        /section\.md\.hbs:1:1 error chart expects one of "relief", "proposals", "activities", found "constructor"/,
    },
    {
      name: "a locale file that is not YAML",
      prepare: (cwd) => override(cwd, "locales/zh-Hant.yaml", "cover:\n  year: [unclosed\n"),
      args: ["build", "2022", "-f", "md", "--templates", "my-templates"],
      code: 1,
      message: /my-templates\/locales\/zh-Hant\.yaml:3:1 error/,
    },
    {
      name: "a SOURCE_DATE_EPOCH past the year 9999",
      args: ["build", "2022", "-f", "pdf"],
      code: 2,
      message: /SOURCE_DATE_EPOCH must be whole seconds up to 253402300799/,
    },
  ];

  it.each(cases)("$name", async ({ prepare, args, code, message, name }) => {
    const cwd = await workspace();
    await prepare?.(cwd);
    const run = name.startsWith("a SOURCE_DATE_EPOCH")
      ? await cliWith(cwd, { SOURCE_DATE_EPOCH: "99999999999999999" }, ...args)
      : await cli(cwd, ...args);
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it("builds a year named twice once, and never makes an image of no chart", async () => {
    const cwd = await workspace();
    await edit(
      path.join(cwd, "data/2022/narrative.yaml"),
      "往昔已展千重錦",
      "![圖](charts/anything.svg)往昔已展千重錦",
    );
    const built = await cli(cwd, "build", "2022", "2022", "-f", "md,html");
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr.match(/✔ 2022:/g)).toHaveLength(1);
    const html = await readFile(path.join(cwd, "out/2022/report.html"), "utf8");
    expect(html).not.toContain('<img src="charts/anything.svg"');
    // Not an address it may link to either: it stays the text it was written as.
    expect(html).toContain("<p>![圖](charts/anything.svg)往昔已展千重錦");
  });

  it.each([
    [
      "new into a file",
      (cwd: string) => writeFile(path.join(cwd, "taken"), "x"),
      ["new", "taken"],
      /taken is a file; report new makes a project in a new or empty folder/,
    ],
    [
      "init over a file",
      (cwd: string) => writeFile(path.join(cwd, "data/2023"), "x"),
      ["init", "2023"],
      /data\/2023 exists already \(a file\); report init never overwrites a year/,
    ],
    [
      "init over a link to nothing",
      (cwd: string) => symlink("/nonexistent", path.join(cwd, "data/2023")),
      ["init", "2023"],
      /data\/2023 exists already \(a symbolic link to nothing\)/,
    ],
    [
      "eject onto a file",
      (cwd: string) => writeFile(path.join(cwd, "templates"), "x"),
      ["eject"],
      /templates is a file; report eject copies the templates into a folder of that name/,
    ],
    [
      "eject onto a link to the built-in templates",
      (cwd: string) => symlink(path.join(root, "templates"), path.join(cwd, "templates")),
      ["eject"],
      /templates is a link to the built-in templates themselves/,
    ],
    [
      "build a year that is a file",
      (cwd: string) => writeFile(path.join(cwd, "data/2024"), "x"),
      ["build", "2024"],
      /no records for 2024: data\/2024 is a file, not a folder of records/,
    ],
    [
      "build a year that is a link to itself",
      (cwd: string) => symlink("2024", path.join(cwd, "data/2024")),
      ["build", "2024"],
      /no records for 2024: data\/2024 is a symbolic link that leads to itself/,
    ],
  ])("%s says what is there, with exit code 2", async (_, prepare, args, message) => {
    const cwd = await workspace();
    await prepare(cwd);
    const run = await cli(cwd, ...args);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it.each([
    [
      "only carriage returns",
      "\r\r\r",
      /delegations\.yaml error file holds nothing but line breaks \(carriage returns/,
    ],
    [
      "a !!binary value",
      "received: !!binary aGVsbG8=\n",
      /delegations\.yaml:1:20 error expected plain YAML, found the tag !!binary/,
    ],
  ])("a record file of %s says what it holds", async (_, text, message) => {
    const cwd = await workspace();
    await writeFile(path.join(cwd, "data/2022/delegations.yaml"), text);
    const run = await cli(cwd, "validate", "2022");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
  });
});

describe("report doctor", () => {
  it("does not take a program that prints a version for a browser, and leaves nothing running", async () => {
    const cwd = await workspace();
    const fake = path.join(cwd, "fake");
    await writeFile(fake, "#!/bin/sh\necho 'Chromium 999.0'\n");
    await chmod(fake, 0o755);
    const faked = await cli(cwd, "doctor", "--browser", fake);
    expect(faked.code).toBe(3);
    expect(faked.stderr).toMatch(
      /✖ browser: .*fake cannot print: the browser .*fake exited as it started/,
    );

    const hung = path.join(cwd, "hung");
    const marker = `report-doctor-hang-${process.pid}`;
    await writeFile(hung, `#!/bin/bash\nexec -a ${marker} sleep 300\n`);
    await chmod(hung, 0o755);
    const stuck = await cli(cwd, "doctor", "--browser", hung, "--timeout", "2");
    expect(stuck.code).toBe(3);
    expect(stuck.stderr).toMatch(/✖ browser: .*hung does not run: it did not answer within 2 s/);
    await expect(exec("pgrep", ["-f", marker])).rejects.toMatchObject({ code: 1 });
  });
});

/** A template of a folder given with --templates, replacing the built-in one. */
async function override(cwd: string, name: string, text: string): Promise<void> {
  const file = path.join(cwd, "my-templates", name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** `report …` in this process with extra environment variables, put back afterwards. */
async function cliWith(
  cwd: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stderr: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await cli(cwd, ...args);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
