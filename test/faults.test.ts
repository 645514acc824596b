import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { builtCopy, cli, edit, report, root, snapshot, workspace } from "./support.js";

const exec = promisify(execFile);

/** The browsers the build of process `pid` started, with the run id their profile names. */
async function browsersOf(pid: number): Promise<Array<{ pid: number; run: string }>> {
  let stdout: string;
  try {
    ({ stdout } = await exec("pgrep", ["-P", String(pid)]));
  } catch {
    return []; // pgrep exits 1 when nothing matches.
  }
  const found: Array<{ pid: number; run: string }> = [];
  for (const child of stdout.trim().split("\n").filter(Boolean).map(Number)) {
    const command = await readFile(`/proc/${child}/cmdline`, "utf8").catch(() => "");
    const run = /report-browser-([0-9a-f]{12})-/.exec(command)?.[1];
    if (run) found.push({ pid: child, run });
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until `check` holds, looking again every 50 ms, however long that takes: the test's
 * own limit is the hang guard. With `child`, it fails as soon as the child has ended first.
 */
async function until(
  check: () => Promise<boolean>,
  child?: ChildProcess,
  said = () => "",
): Promise<void> {
  for (;;) {
    if (await check()) return;
    if (child && child.exitCode !== null) {
      throw new Error(
        `the build ended (exit code ${child.exitCode}) before it got that far: ${said()}`,
      );
    }
    if (child?.signalCode) throw new Error(`the build ended by ${child.signalCode} too soon`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("builds at once", () => {
  it("four builds of one folder leave complete, valid files and nothing temporary", async () => {
    const cwd = await workspace();
    const builds = await Promise.all([1, 2, 3, 4].map(() => report(cwd, "build", "2022")));
    for (const built of builds) expect(built.code, built.stderr).toBe(0);

    const folder = path.join(cwd, "out/2022");
    const names = (await readdir(folder, { recursive: true })).sort();
    expect(names.filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(names).toEqual(
      expect.arrayContaining(["report.md", "report.html", "report.pdf", "charts/relief.svg"]),
    );
    const markdown = await readFile(path.join(folder, "report.md"), "utf8");
    const closing = (await readFile(path.join(cwd, "data/2022/narrative.yaml"), "utf8"))
      .split("closing:")[1]
      ?.match(/[\u4e00-\u9fff]{6,}/)?.[0];
    expect(closing).toBeDefined();
    expect(markdown).toContain(closing);
    expect(await readFile(path.join(folder, "report.html"), "utf8")).toMatch(/<\/html>\n$/);
    const { stdout } = await exec("pdfinfo", [path.join(folder, "report.pdf")]);
    expect(Number(/Pages:\s+(\d+)/.exec(stdout)?.[1])).toBeGreaterThan(5);
    await exec("qpdf", ["--check", path.join(folder, "report.pdf")]);

    // All four wrote the same bytes: whichever rename came last, the files agree.
    const again = await cli(cwd, "build", "2022", "-f", "md");
    expect(again.code, again.stderr).toBe(0);
    expect(await readFile(path.join(folder, "report.md"), "utf8")).toBe(markdown);
  });

  it("a build that goes on running (watch, the preview, a library) leaves no claim on a folder it finished", async () => {
    const cwd = await workspace();
    // In this process, as a long-running caller builds: the process does not end between builds.
    const { run } = await import("../src/cli/main.js");
    const quiet = { write: () => {} };
    expect(await run(["build", "2022", "--format", "md,html"], quiet, cwd)).toBe(0);
    expect(await run(["build", "2022", "--format", "md,html"], quiet, cwd)).toBe(0);
    const names = await readdir(path.join(cwd, "out/2022"), { recursive: true });
    expect(names.filter((name) => /report-run-.*\.lock$/.test(name))).toEqual([]);
  });
});

describe("a build stopped while printing", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGKILL", null],
  ] as const)(
    "by %s keeps the previous outputs and leaves nothing behind",
    async (signal, code) => {
      // The 2022 records with their outputs, as test/global-setup.ts built them.
      const cwd = await builtCopy("2022");
      const outputs = path.join(cwd, "out/2022");
      const before = await snapshot(outputs);
      // A changed record, so that the stopped build would have written different files.
      await edit(path.join(cwd, "data/2022/proposals.yaml"), "received: 142", "received: 143");

      // A temporary folder of its own, to see all that the run and its browser leave there.
      const temporary = await mkdtemp(path.join(tmpdir(), "report-tmpdir-"));
      const env = { ...process.env, FORCE_COLOR: "0", TMPDIR: temporary };
      const child = spawn(process.execPath, [path.join(root, "bin/report.js"), "build", "2022"], {
        cwd,
        env,
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const pid = child.pid ?? 0;
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on("exit", (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal })),
      );
      // Rendering is done and the browser is printing when the render stage has been reported.
      await until(
        async () => /2022 render/.test(stderr),
        child,
        () => stderr,
      );
      await until(
        async () => (await browsersOf(pid)).length > 0,
        child,
        () => stderr,
      );
      const browsers = await browsersOf(pid);
      const run = browsers[0]?.run ?? "";
      child.kill(signal);
      const exit = await ended;

      if (code === null) expect(exit.signal).toBe("SIGKILL");
      else {
        expect(exit.code, stderr).toBe(code);
        expect(stderr).toContain(`stopped by ${signal}`);
        expect(stderr).not.toMatch(/^\s+at /m);
      }
      expect(await snapshot(outputs)).toEqual(before);
      expect(Object.keys(await snapshot(outputs)).filter((name) => name.endsWith(".tmp"))).toEqual(
        [],
      );
      // The browser goes with the build: killed by it, or on its own when its pipe closes.
      await until(async () => browsers.every((browser) => !alive(browser.pid)));
      expect(run).toMatch(/^[0-9a-f]{12}$/);
      // Nothing at all: the profile, the lock and the browser's socket folder
      // (org.chromium.Chromium.*) are gone.
      if (code !== null) expect(await readdir(temporary)).toEqual([]);
      else {
        // SIGKILL cannot be caught: the profile and the lock stay until the next build, of
        // any format, removes them.
        await exec(
          process.execPath,
          [path.join(root, "bin/report.js"), "build", "2022", "-f", "md"],
          {
            cwd,
            env,
          },
        );
        expect(await readdir(temporary)).toEqual([]);
        expect(await readFile(path.join(outputs, "report.md"), "utf8")).toContain("143件");
      }
      await rm(temporary, { recursive: true, force: true });
    },
  );

  it("removes what a run that is gone left, never what a running one writes, whatever its pid", async () => {
    const cwd = await workspace();
    const first = await report(cwd, "build", "2022", "-f", "md");
    expect(first.code, first.stderr).toBe(0);
    const out = path.join(cwd, "out/2022");
    // A run that is gone: no lock of its own beside its files.
    const orphan = path.join(out, "report.md.report-0badf00d0000.tmp");
    const orphanChart = path.join(out, "charts/relief.svg.report-0badf00d0000.tmp");
    // A run of another container sharing the folder: its pid means nothing here (this one is
    // this test's own), but it keeps its lock fresh.
    const running = path.join(out, "report.md.report-0c0ffee00000.tmp");
    await writeFile(path.join(out, ".report-run-0c0ffee00000.lock"), "");
    // Left by an earlier release, named by a pid, an hour ago.
    const earlier = path.join(out, `report.md.${process.pid}.0badf00d.tmp`);
    for (const file of [orphan, orphanChart, running, earlier])
      await writeFile(file, "half a report");
    const hourAgo = new Date(Date.now() - 3_700_000);
    await utimes(earlier, hourAgo, hourAgo);

    const next = await report(cwd, "build", "2022", "-f", "md");
    expect(next.code, next.stderr).toBe(0);
    const left = await readdir(out, { recursive: true });
    expect(left).not.toContain(path.basename(orphan));
    expect(left).not.toContain(`charts/${path.basename(orphanChart)}`);
    expect(left).not.toContain(path.basename(earlier));
    expect(left).toContain(path.basename(running));
    // The build's own lock went with it.
    expect(left.filter((name) => /^\.report-run-/.test(name))).toEqual([
      ".report-run-0c0ffee00000.lock",
    ]);
  });
  it("removes the socket folder of a gone run's browser with its profile, and no other browser's", async () => {
    const cwd = await workspace();
    const temporary = await mkdtemp(path.join(tmpdir(), "report-tmpdir-"));
    // What a browser killed with its run leaves: its profile, linking to the folder Chromium
    // keeps its socket in, and that folder, with the same cookie.
    const profile = path.join(temporary, "report-browser-0badf00d0000-AbCdEf");
    const socketFolder = path.join(temporary, "org.chromium.Chromium.Gone01");
    await mkdir(profile);
    await mkdir(socketFolder);
    await writeFile(path.join(socketFolder, "SingletonSocket"), "");
    await symlink("4242", path.join(socketFolder, "SingletonCookie"));
    await symlink(
      path.join(socketFolder, "SingletonSocket"),
      path.join(profile, "SingletonSocket"),
    );
    await symlink("4242", path.join(profile, "SingletonCookie"));
    // Another browser's socket folder (the user's own Chromium, say), which a gone profile
    // links to with another cookie: not the profile's browser's, so it stays.
    const other = path.join(temporary, "org.chromium.Chromium.Other1");
    await mkdir(other);
    await writeFile(path.join(other, "SingletonSocket"), "");
    await symlink("7777", path.join(other, "SingletonCookie"));
    const stranger = path.join(temporary, "report-browser-0badf00d0001-GhIjKl");
    await mkdir(stranger);
    await symlink(path.join(other, "SingletonSocket"), path.join(stranger, "SingletonSocket"));
    await symlink("1234", path.join(stranger, "SingletonCookie"));

    await exec(process.execPath, [path.join(root, "bin/report.js"), "build", "2022", "-f", "md"], {
      cwd,
      env: { ...process.env, FORCE_COLOR: "0", TMPDIR: temporary },
    });
    expect(await readdir(temporary)).toEqual(["org.chromium.Chromium.Other1"]);
    await rm(temporary, { recursive: true, force: true });
  });
});
