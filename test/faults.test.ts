import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { findBrowser } from "../src/pdf/find-browser.js";
import { BrowserManager, KeptPagePrinter } from "../src/pdf/index.js";
import { builtCopy, cli, edit, installCopy, report, root, workspace } from "./support.js";
import { hangGuard } from "./time-limits.js";

const exec = promisify(execFile);

/** Every file under `dir` with its bytes, to tell whether a build changed any. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const file = path.join(dir, name);
    if ((await stat(file)).isFile()) files[name] = (await readFile(file)).toString("base64");
  }
  return files;
}

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

describe("a year's outputs change all at once or not at all", () => {
  it("keeps every earlier output when one of them cannot be replaced, and says so", async () => {
    const cwd = await workspace();
    const first = await cli(cwd, "build", "2022", "-f", "md,html");
    expect(first.code, first.stderr).toBe(0);
    const outputs = path.join(cwd, "out/2022");
    const before = await snapshot(outputs);
    await edit(path.join(cwd, "data/2022/proposals.yaml"), "received: 142", "received: 143");
    // An output that cannot be replaced: on Windows, a report open in a viewer.
    await exec("chattr", ["+i", path.join(outputs, "report.html")]);
    try {
      const locked = await cli(cwd, "build", "2022", "-f", "md,html");
      expect(locked.code).toBe(3);
      expect(locked.stderr).toContain(
        "error cannot replace out/2022/report.html (EPERM: the file is locked or read-only, perhaps open in another program); nothing was changed: the earlier outputs are as they were, all of them",
      );
      expect(await snapshot(outputs)).toEqual(before);
    } finally {
      await exec("chattr", ["-i", path.join(outputs, "report.html")]);
    }
    const rebuilt = await cli(cwd, "build", "2022", "-f", "md,html");
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(await readFile(path.join(outputs, "report.md"), "utf8")).toContain("143件");
  });

  it.each([
    ["puts the earlier outputs back", "replacing", false],
    ["finishes", "committed", true],
  ] as const)("after a build killed while replacing them, the next %s", async (_, state, kept) => {
    const cwd = await workspace();
    const first = await cli(cwd, "build", "2022", "-f", "md,html");
    expect(first.code, first.stderr).toBe(0);
    const outputs = path.join(cwd, "out/2022");
    const before = await snapshot(outputs);
    // What a run killed outright left: report.md moved aside and a new one moved in, the new
    // report.html still waiting beside its place, and the journal of the moves.
    const run = "deadbeef0000";
    const md = path.join(outputs, "report.md");
    const html = path.join(outputs, "report.html");
    await rename(md, `${md}.report-${run}.old`);
    await writeFile(md, "the killed run's report.md");
    await writeFile(`${html}.report-${run}.tmp`, "the killed run's report.html");
    await writeFile(
      path.join(outputs, `.report-commit-${run}.json`),
      JSON.stringify({
        state,
        moves: [
          { final: md, staged: `${md}.report-${run}.tmp`, aside: `${md}.report-${run}.old` },
          { final: html, staged: `${html}.report-${run}.tmp`, aside: `${html}.report-${run}.old` },
        ],
      }),
    );
    // A build that writes nothing (its records are broken) still puts the folder right.
    await edit(path.join(cwd, "data/2022/proposals.yaml"), "received: 142", "received: lots");
    const broken = await cli(cwd, "build", "2022", "-f", "md,html");
    expect(broken.code).toBe(1);
    const after = await snapshot(outputs);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(after["report.html"]).toBe(before["report.html"]);
    expect(after["report.md"] === before["report.md"]).toBe(!kept);
  });
});

describe("browser faults", () => {
  it("a browser that crashes on every print ends the run with a clear error", async () => {
    const manager = new BrowserManager({ executable: await findBrowser(), timeout: hangGuard(3) });
    let attempts = 0;
    try {
      const printing = manager.withPage(async (page) => {
        attempts++;
        process.kill(manager.pid ?? 0, "SIGKILL");
        await new Promise((resolve) => setTimeout(resolve, 200));
        await page.goto("data:text/html,<title>never</title>");
        return page.title();
      });
      await expect(printing).rejects.toThrow(/crashed twice while printing/);
      await expect(printing).rejects.toMatchObject({ exitCode: 3 });
      expect(attempts).toBe(2);
    } finally {
      await manager.close();
    }
  });

  it("a kept page that stops answering, then a browser that cannot start again: the first cause is told", async () => {
    const cwd = await workspace();
    const built = await cli(cwd, "build", "2022", "-f", "html");
    expect(built.code, built.stderr).toBe(0);
    const folder = path.join(cwd, "out/2022");
    const request = {
      html: await readFile(path.join(folder, "report.html"), "utf8"),
      baseUrl: pathToFileURL(`${folder}/`).href,
    };
    // A browser removed while the preview runs (an upgrade of the package that installed it).
    const browser = path.join(cwd, "chromium");
    await writeFile(browser, `#!/bin/sh\nexec '${await findBrowser()}' "$@"\n`, { mode: 0o755 });
    const manager = new BrowserManager({ executable: browser, timeout: hangGuard(6) });
    const printer = new KeptPagePrinter(manager);
    try {
      expect((await printer.print(request)).document.getPageCount()).toBeGreaterThan(1);
      process.kill(manager.pid ?? 0, "SIGKILL");
      await rm(browser);
      const again = printer.print(request);
      await expect(again).rejects.toThrow(
        /^the page kept from the last print stopped answering \(.+\), and printing again on a fresh page failed: cannot start the browser /,
      );
      await expect(again).rejects.toMatchObject({ exitCode: 3 });
    } finally {
      await printer.close();
      await manager.close();
    }
  });

  it("a font file that is missing is an error, not a PDF in another face", async () => {
    // An install of report whose serif font package lost its regular weight's files.
    const install = await installCopy();
    try {
      const modules = path.join(install, "node_modules");
      await mkdir(path.join(modules, "@fontsource"), { recursive: true });
      for (const name of await readdir(path.join(root, "node_modules"))) {
        if (name === "@fontsource" || name === ".bin") continue;
        await symlink(path.join(root, "node_modules", name), path.join(modules, name));
      }
      for (const name of await readdir(path.join(root, "node_modules/@fontsource"))) {
        const source = path.join(root, "node_modules/@fontsource", name);
        const target = path.join(modules, "@fontsource", name);
        if (name !== "noto-serif-tc") await symlink(source, target);
        else
          await cp(source, target, {
            recursive: true,
            filter: (file) => !/-400-normal\.woff2?$/.test(file),
          });
      }
      const cwd = await workspace();
      const built = await exec(
        process.execPath,
        [path.join(install, "bin/report.js"), "build", "2022", "-f", "pdf"],
        {
          cwd,
          env: { ...process.env, FORCE_COLOR: "0" },
        },
      ).then(
        () => ({ code: 0, stderr: "" }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(built.code).toBe(3);
      expect(built.stderr).toMatch(
        /error the font file \S+\/noto-serif-tc\/files\/noto-serif-tc-[\w-]+-400-normal\.woff cannot be read \(ENOENT\); the PDF needs it: run npm ci/,
      );
      expect(built.stderr).not.toMatch(/^\s+at /m);
    } finally {
      await rm(install, { recursive: true, force: true });
    }
  });
});
