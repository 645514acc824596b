import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { request } from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { chartStyle } from "../src/charts/index.js";
import { drawChart } from "../src/charts/render.js";
import type { ChartSpec } from "../src/model/charts.js";
import { isLoopbackHost } from "../src/serve/server.js";
import { cli, edit, report, root, workspace } from "./support.js";

const exec = promisify(execFile);

/**
 * What an attack run from outside the team broke, each case failing before its fix: outputs
 * trusted as inputs, nondeterministic bytes, a preview any web page could read, a browser that
 * talked to the network, line breaks that escaped Markdown, links out of the output folder,
 * files that never end, browsers that hang or cannot start.
 */

describe("outputs are never inputs", () => {
  it("redraws a chart whose file was changed, rather than putting it into the report", async () => {
    const cwd = await workspace();
    const first = await cli(cwd, "build", "2022", "-f", "md,html");
    expect(first.code, first.stderr).toBe(0);
    const file = path.join(cwd, "out/2022/charts/relief.svg");
    const svg = await readFile(file, "utf8");
    // The mark at the end is kept: only what comes before it changes.
    await writeFile(file, svg.replace("</svg>", '<script>alert("in")</script></svg>'));
    const again = await cli(cwd, "build", "2022", "-f", "md,html");
    expect(again.code, again.stderr).toBe(0);
    expect(await readFile(path.join(cwd, "out/2022/report.html"), "utf8")).not.toContain("<script");
    expect(await readFile(file, "utf8")).toBe(svg);
  });
});

describe("the same records give the same bytes", () => {
  const spec = (name: string): ChartSpec => ({
    name,
    title: name,
    summary: name,
    table: { head: ["a", "b"], rows: [["x", "1"]] },
    categories: ["x", "y"],
    series: [{ name: "n", values: [1, 2], labels: ["1", "2"] }],
  });

  it("draws a chart the same whatever was drawn before it in the process", () => {
    const style = chartStyle("zh-Hant");
    const alone = drawChart(spec("proposals"), style);
    drawChart(spec("relief"), style);
    drawChart(spec("activities"), style);
    expect(drawChart(spec("proposals"), style)).toBe(alone);
    expect(alone).not.toMatch(/ecmeta_/);
  });

  it("writes the same HTML and charts in a cold build and a rebuild", async () => {
    const cwd = await workspace();
    // In one process, as watch and the preview build: whatever the first build drew is drawn
    // before the second.
    expect((await cli(cwd, "build", "2022", "-f", "md,html")).code).toBe(0);
    const cold = await readFile(path.join(cwd, "out/2022/report.html"), "utf8");
    const chart = await readFile(path.join(cwd, "out/2022/charts/proposals.svg"), "utf8");
    expect((await cli(cwd, "build", "2022", "-f", "md,html")).code).toBe(0);
    expect(await readFile(path.join(cwd, "out/2022/report.html"), "utf8")).toBe(cold);
    expect(await readFile(path.join(cwd, "out/2022/charts/proposals.svg"), "utf8")).toBe(chart);
  });
});

describe("the preview", () => {
  it("answers only to loopback names, so a rebinding web page cannot read the drafts", async () => {
    expect(isLoopbackHost("127.0.0.1:4173", 4173)).toBe(true);
    expect(isLoopbackHost("localhost:4173", 4173)).toBe(true);
    expect(isLoopbackHost("[::1]:4173", 4173)).toBe(true);
    expect(isLoopbackHost("evil.example:4173", 4173)).toBe(false);
    expect(isLoopbackHost("127.0.0.1.evil.example", 4173)).toBe(false);
    expect(isLoopbackHost("localhost:80", 4173)).toBe(false);
    expect(isLoopbackHost(undefined, 4173)).toBe(false);

    const cwd = await workspace();
    const { startPreview } = await import("../src/serve/server.js");
    const preview = await startPreview({ cwd, years: [2022], year: 2022, port: 0 });
    try {
      const port = Number(new URL(preview.url).port);
      const get = (host: string) =>
        new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
          (resolve, reject) => {
            const call = request(
              { host: "127.0.0.1", port, path: "/", headers: { host } },
              (response) => {
                let body = "";
                response.on("data", (chunk: Buffer) => {
                  body += chunk.toString();
                });
                response.on("end", () =>
                  resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
                );
              },
            );
            call.on("error", reject);
            call.end();
          },
        );
      const evil = await get("evil.example");
      expect(evil.status).toBe(403);
      expect(evil.body).not.toContain("洛江");
      const own = await get(`localhost:${port}`);
      expect(own.status).toBe(200);
      expect(own.body).toContain("洛江");
      expect(own.headers["access-control-allow-origin"]).toBeUndefined();
    } finally {
      await preview.close();
    }
  });
});

describe("the browser", () => {
  it("prints with no network at all", async () => {
    const cwd = await workspace();
    // A user and network namespace of its own, with no interface but a loopback that is down.
    const { stdout, stderr } = await exec(
      "unshare",
      ["-rn", process.execPath, path.join(root, "bin/report.js"), "build", "2022", "-f", "pdf"],
      { cwd, env: { ...process.env, FORCE_COLOR: "0" } },
    );
    expect(stdout).toBe("");
    expect(stderr).toMatch(/✔ 2022: out\/2022\/report\.pdf/);
  });

  it("looks up no host and opens no connection off this machine while printing", async () => {
    const cwd = await workspace();
    const trace = path.join(cwd, "trace");
    await exec(
      "strace",
      [
        "-f",
        "-qq",
        "-yy",
        // Only these calls stop the traced processes (a filter in the kernel), so the build
        // runs at about its own speed.
        "--seccomp-bpf",
        "-e",
        "trace=connect,sendto,sendmsg",
        "-o",
        trace,
        process.execPath,
        path.join(root, "bin/report.js"),
        "build",
        "2022",
        "-f",
        "pdf",
      ],
      { cwd, env: { ...process.env, FORCE_COLOR: "0" } },
    );
    const lines = (await readFile(trace, "utf8")).split("\n");
    // A datagram socket connected to learn a route sends nothing; a stream connection to another
    // machine, a DNS query or a datagram sent there would.
    const offMachine = lines.filter((line) => {
      const inet =
        /sin6?_port=htons\((\d+)\).*?(?:inet_addr\("([\d.]+)"\)|inet_pton\(AF_INET6, "([^"]+)")/.exec(
          line,
        );
      if (!inet) return false;
      const address = inet[2] ?? inet[3] ?? "";
      if (/^(127\.|::1$|::ffff:127\.)/.test(address)) return false;
      const routeProbe = / connect\(\d+<UDP/.test(line) && inet[1] !== "53";
      return !routeProbe;
    });
    expect(offMachine).toEqual([]);
  });

  it.each([
    ["a folder", async (dir: string) => dir, /not an executable file/],
    [
      "a script whose interpreter is missing",
      async (dir: string) => {
        const file = path.join(dir, "browser");
        await writeFile(file, "#!/nonexistent/interpreter\n");
        await chmod(file, 0o755);
        return file;
      },
      /cannot be run \(ENOENT\): the program its first line \(#!\) names is missing/,
    ],
    [
      "a program that exits at once",
      async (dir: string) => {
        const file = path.join(dir, "browser");
        await writeFile(
          file,
          "#!/bin/sh\necho 'unknown flag --remote-debugging-pipe' >&2\nexit 1\n",
        );
        await chmod(file, 0o755);
        return file;
      },
      /exited as it started \(exit code 1\); it printed:\n\s+unknown flag --remote-debugging-pipe/,
    ],
  ])("that is %s is an environment error with its reason", async (_, make, message) => {
    const cwd = await workspace();
    const browser = await make(cwd);
    const built = await cli(cwd, "build", "2022", "-f", "pdf", "--browser", browser);
    expect(built.code).toBe(3);
    expect(built.stderr).toMatch(message);
    expect(built.stderr).not.toMatch(/^\s+at /m);
  });

  it("that never answers is stopped at --timeout, with everything it started", async () => {
    const cwd = await workspace();
    const browser = path.join(cwd, "browser");
    const marker = `report-test-hang-${process.pid}`;
    await writeFile(browser, `#!/bin/bash\nexec -a ${marker} sleep 300\n`);
    await chmod(browser, 0o755);
    const built = await cli(
      cwd,
      "build",
      "2022",
      "-f",
      "pdf",
      "--browser",
      browser,
      "--timeout",
      "2",
    );
    expect(built.code).toBe(3);
    // Stopped by the limit given, not the default one: the message names the limit that fired.
    expect(built.stderr).toMatch(/did not answer within 2 s and was stopped/);
    await expect(exec("pgrep", ["-f", marker])).rejects.toMatchObject({ code: 1 });
  });
});

describe("files that are not files", () => {
  it.each([
    ["/dev/zero", "a character device"],
    ["a named pipe", "a named pipe (FIFO)"],
  ])("a record that is %s is refused at once", async (kind, found) => {
    const cwd = await workspace();
    const file = path.join(cwd, "data/2022/delegations.yaml");
    await import("node:fs/promises").then(({ rm }) => rm(file));
    if (kind === "/dev/zero") await symlink("/dev/zero", file);
    else await exec("mkfifo", [file]);
    // In a process of its own: a build that waited for the pipe would be stopped at the hang
    // guard, not hold this worker.
    const built = await report(cwd, "build", "2022", "-f", "md");
    expect(built.code).toBe(1);
    expect(built.stderr).toContain(
      `data/2022/delegations.yaml error expected a file, found ${found}`,
    );
  });

  it("a template or an earlier output that is a pipe does not hang the build", async () => {
    const cwd = await workspace();
    await mkdir(path.join(cwd, "templates/partials"), { recursive: true });
    await exec("mkfifo", [path.join(cwd, "templates/partials/section.md.hbs")]);
    const template = await report(cwd, "build", "2022", "-f", "md");
    expect(template.code).toBe(1);
    expect(template.stderr).toContain(
      "templates/partials/section.md.hbs error expected a file, found a named pipe (FIFO)",
    );
    await import("node:fs/promises").then(({ rm }) =>
      rm(path.join(cwd, "templates"), { recursive: true }),
    );
    await mkdir(path.join(cwd, "out/2022/charts"), { recursive: true });
    await exec("mkfifo", [path.join(cwd, "out/2022/charts/relief.svg")]);
    const output = await report(cwd, "build", "2022", "-f", "md");
    expect(output.code, output.stderr).toBe(0);
  });
});

describe("record text", () => {
  it("cannot make Markdown with a lone carriage return or another line terminator", async () => {
    const cwd = await workspace();
    await edit(
      path.join(cwd, "data/2022/activities.yaml"),
      "title: 落實教育‘雙減’政策",
      'title: "標題\\r\\r偽造章節\\r---\\r\\r    code\\u2028## 又一章\\u0085"',
    );
    const built = await cli(cwd, "build", "2022", "-f", "md,html");
    expect(built.code, built.stderr).toBe(0);
    const html = await readFile(path.join(cwd, "out/2022/report.html"), "utf8");
    expect(html).not.toMatch(/<h2[^>]*>偽造章節|<pre>|<h2[^>]*>又一章|<hr>/);
    expect(html).toContain("標題  偽造章節 ---      code ## 又一章");
  });

  it.each([
    ["\\u0000", "U+0000 (NUL)", 8],
    ["\\u202E", "U+202E (RIGHT-TO-LEFT OVERRIDE)", 8],
    ["\\u2066", "U+2066 (LEFT-TO-RIGHT ISOLATE)", 8],
    ["\\uFFFE", "U+FFFE (a noncharacter)", 8],
    ["\\uD800", "U+D800 (half of a surrogate pair, without the other half)", 8],
    // The character itself in the file, not an escape: found at its own column.
    ["\uFFFF", "U+FFFF (a noncharacter)", 13],
  ])("refuses %s with its place", async (sequence, named, column) => {
    const cwd = await workspace();
    await edit(
      path.join(cwd, "data/2022/report.yaml"),
      "title: 2022工作回眸",
      `title: "2022${sequence}工作回眸"`,
    );
    const built = await cli(cwd, "build", "2022", "-f", "md");
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(
      new RegExp(
        `data/2022/report\\.yaml:6:${column} error expected a text without control characters or noncharacters, found ${named.replace(/[()+]/g, "\\$&")}`,
      ),
    );
  });
});

describe("--out", () => {
  it("through a symbolic link to the records is refused", async () => {
    const cwd = await workspace();
    await symlink("data", path.join(cwd, "outlink"));
    const built = await cli(cwd, "build", "2022", "-f", "md", "--out", "outlink");
    expect(built.code).toBe(2);
    expect(built.stderr).toContain(
      "--out outlink (through a link, data) is data, the folder of the records",
    );
  });
});

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
