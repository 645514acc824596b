import { execFile } from "node:child_process";
import { cp, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { findBrowser } from "../src/pdf/find-browser.js";
import { BrowserManager, KeptPagePrinter } from "../src/pdf/index.js";
import { cli, edit, installCopy, root, snapshot, workspace } from "./support.js";
import { hangGuard } from "./time-limits.js";

const exec = promisify(execFile);

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
