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
