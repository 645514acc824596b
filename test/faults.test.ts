import { execFile, spawn } from "node:child_process";
import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { findBrowser } from "../src/pdf/find-browser.js";
import { BrowserManager } from "../src/pdf/index.js";
import { edit, report, root, workspace } from "./support.js";

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

/** Files and folders a build of process `pid` left in the system's temporary folder. */
async function leftInTmp(pid: number): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) =>
    new RegExp(`^report-(browser|print)-${pid}-`).test(name),
  );
}

/** Browser processes started by the build of process `pid` (their profile names the pid). */
async function browsersOf(pid: number): Promise<number> {
  try {
    const { stdout } = await exec("pgrep", ["-f", `report-browser-${pid}-`]);
    return stdout.trim().split("\n").filter(Boolean).length;
  } catch {
    return 0; // pgrep exits 1 when nothing matches.
  }
}

async function eventually(check: () => Promise<boolean>, milliseconds = 5_000): Promise<boolean> {
  const until = Date.now() + milliseconds;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
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
    const again = await report(cwd, "build", "2022");
    expect(again.code, again.stderr).toBe(0);
    expect(await readFile(path.join(folder, "report.md"), "utf8")).toBe(markdown);
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
      const cwd = await workspace();
      const first = await report(cwd, "build", "2022");
      expect(first.code, first.stderr).toBe(0);
      const outputs = path.join(cwd, "out/2022");
      const before = await snapshot(outputs);
      // A changed record, so that the stopped build would have written different files.
      await edit(path.join(cwd, "data/2022/proposals.yaml"), "received: 142", "received: 143");

      const child = spawn(process.execPath, [path.join(root, "bin/report.js"), "build", "2022"], {
        cwd,
        env: { ...process.env, FORCE_COLOR: "0" },
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
      expect(await eventually(async () => /2022 render/.test(stderr), 20_000)).toBe(true);
      expect(await eventually(async () => (await browsersOf(pid)) > 0, 10_000)).toBe(true);
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
      expect(await eventually(async () => (await browsersOf(pid)) === 0)).toBe(true);
      if (code !== null) expect(await leftInTmp(pid)).toEqual([]);
      else {
        // SIGKILL cannot be caught: the profile stays until the next build removes it.
        const next = await report(cwd, "build", "2022");
        expect(next.code, next.stderr).toBe(0);
        expect(await leftInTmp(pid)).toEqual([]);
        expect(await readFile(path.join(outputs, "report.md"), "utf8")).toContain("143件");
      }
    },
  );

  it("removes temporary files a killed build left, and not those of a build still running", async () => {
    const cwd = await workspace();
    const first = await report(cwd, "build", "2022", "-f", "md");
    expect(first.code, first.stderr).toBe(0);
    // No process has this id: Linux gives out ids up to 2^22.
    const gone = 2 ** 22 + 1;
    const orphan = path.join(cwd, `out/2022/report.md.${gone}.0badf00d.tmp`);
    const orphanChart = path.join(cwd, `out/2022/charts/relief.svg.${gone}.0badf00d.tmp`);
    const running = path.join(cwd, `out/2022/report.md.${process.pid}.0badf00d.tmp`);
    for (const file of [orphan, orphanChart, running]) await writeFile(file, "half a report");

    const next = await report(cwd, "build", "2022", "-f", "md");
    expect(next.code, next.stderr).toBe(0);
    const left = await readdir(path.join(cwd, "out/2022"), { recursive: true });
    expect(left).not.toContain(path.basename(orphan));
    expect(left).not.toContain(`charts/${path.basename(orphanChart)}`);
    expect(left).toContain(path.basename(running));
  });
});

describe("browser faults", () => {
  it("a browser that crashes on every print ends the run with a clear error", async () => {
    const manager = new BrowserManager({ executable: await findBrowser(), timeout: 30_000 });
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

  it("a font file that is missing is an error, not a PDF in another face", async () => {
    // An install of report whose serif font package lost its regular weight's files.
    const install = await mkdtemp(path.join(tmpdir(), "report-install-"));
    try {
      for (const entry of ["bin", "dist", "templates", "package.json"]) {
        await cp(path.join(root, entry), path.join(install, entry), {
          recursive: true,
          filter: (source) => !source.includes("template-cache"),
        });
      }
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
      expect(built.stderr).toMatch(/error fonts failed to load for the PDF: Noto Serif TC 400/);
      expect(built.stderr).not.toMatch(/^\s+at /m);
    } finally {
      await rm(install, { recursive: true, force: true });
    }
  });
});
