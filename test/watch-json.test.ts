import { type ChildProcess, spawn } from "node:child_process";
import { cp, readFile, rename, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { edit, report, root, workspace } from "./support.js";

const bin = path.join(root, "bin/report.js");

describe("--json", () => {
  it("prints a summary on stdout: files with sizes, stages, issues", async () => {
    const work = await workspace();
    const { code, stdout, stderr } = await report(work, "build", "2022", "-f", "md,html", "--json");
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ command: "build", ok: true });
    const [year] = summary.years;
    expect(year.year).toBe(2022);
    // report.md, the charts it links (charts/*.svg) and their drawings for phones, report.html.
    expect(
      year.files.map((file: { format: string; path: string }) =>
        file.format === "svg" ? path.basename(file.path) : file.format,
      ),
    ).toEqual([
      "md",
      "relief.svg",
      "proposals.svg",
      "activities.svg",
      "relief-narrow.svg",
      "proposals-narrow.svg",
      "activities-narrow.svg",
      "html",
    ]);
    for (const file of year.files) expect(file.bytes).toBe((await stat(file.path)).size);
    expect(Object.keys(year.stages)).toEqual(["load", "validate", "render", "write"]);
    // Progress on stderr, a plain line per stage when it is not a terminal.
    expect(stderr).toMatch(/^ {2}2022 load \d+ ms$/m);
    expect(stderr).toMatch(/^ {2}2022 render \d+ ms$/m);
  });

  it("writes where the time went with --trace, as trace events", async () => {
    const work = await workspace();
    const { code, stderr } = await report(
      work,
      "build",
      "2022",
      "-f",
      "md,html",
      "--trace",
      "t.json",
    );
    expect(code, stderr).toBe(0);
    const { traceEvents } = JSON.parse(await readFile(path.join(work, "t.json"), "utf8"));
    const names = traceEvents.map((event: { name: string }) => event.name);
    expect(names).toEqual(
      expect.arrayContaining(["2022 load", "2022 validate", "2022 render", "2022 write"]),
    );
    const byName = new Map<string, { ts: number; dur: number; ph: string }>(
      traceEvents.map((event: { name: string }) => [event.name, event]),
    );
    for (const event of byName.values()) {
      expect(event.ph).toBe("X");
      expect(event.dur).toBeGreaterThanOrEqual(0);
    }
    // The stages follow each other.
    const load = byName.get("2022 load");
    const write = byName.get("2022 write");
    expect((load?.ts ?? 0) + (load?.dur ?? 0)).toBeLessThanOrEqual(write?.ts ?? 0);
  });

  it("reports errors with file and line, and exits 1", async () => {
    const work = await workspace();
    await edit(path.join(work, "data/2022/proposals.yaml"), "received: 142", "received: x");
    const { code, stdout } = await report(work, "build", "2022", "-f", "md", "--json");
    expect(code).toBe(1);
    const summary = JSON.parse(stdout);
    expect(summary.ok).toBe(false);
    expect(summary.years[0].files).toEqual([]);
    expect(summary.years[0].errors[0]).toMatchObject({
      file: "data/2022/proposals.yaml",
      line: expect.any(Number),
      message: expect.stringContaining("expected a number"),
    });
    expect(summary.years[0].errors[0].frame).toBeUndefined();
  });
});

/**
 * Waits for a pattern in what the child wrote to stderr after `from`, as long as the child runs:
 * it fails when the child ends first, and the test's own limit is the hang guard.
 */
function waitFor(child: ChildProcess, log: { text: string }, pattern: RegExp, from = 0) {
  return new Promise<void>((resolve, reject) => {
    const ended = () => {
      child.stderr?.off("data", check);
      reject(new Error(`the build ended before ${pattern}; it wrote:\n${log.text}`));
    };
    const check = () => {
      if (pattern.test(log.text.slice(from))) {
        child.stderr?.off("data", check);
        child.off("exit", ended);
        resolve();
      }
    };
    child.stderr?.on("data", check);
    child.once("exit", ended);
    check();
  });
}

describe("build --watch", () => {
  it("rebuilds on change, reports a broken record without writing, and stops on Ctrl-C", async () => {
    const work = await workspace();
    const child = spawn(process.execPath, [bin, "build", "2022", "-f", "md", "--watch"], {
      cwd: work,
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    const log = { text: "" };
    child.stderr.on("data", (chunk) => {
      log.text += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    // A test stopped at its limit leaves no watcher running.
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    try {
      await waitFor(child, log, /watching/);
      const markdown = path.join(work, "out/2022/report.md");
      expect(await readFile(markdown, "utf8")).toContain("142件");

      let mark = log.text.length;
      await edit(
        path.join(work, "data/2022/proposals.yaml"),
        "received: 142\nfiled: 142",
        "received: 150\nfiled: 150",
      );
      await waitFor(child, log, /✔ 2022: out\/2022\/report\.md/, mark);
      expect(await readFile(markdown, "utf8")).toContain("150件");

      mark = log.text.length;
      await edit(path.join(work, "data/2022/proposals.yaml"), "received: 150", "received: x");
      await waitFor(child, log, /✖ 2022: .*previous outputs kept/, mark);
      expect(log.text.slice(mark)).toMatch(/data\/2022\/proposals\.yaml:\d+:\d+ error/);
      expect(await readFile(markdown, "utf8")).toContain("150件");

      // The year folder replaced, as a `git checkout` does: watching goes on.
      const folder = path.join(work, "data/2022");
      const aside = path.join(work, "aside");
      await rename(folder, aside);
      await edit(path.join(aside, "proposals.yaml"), "received: x", "received: 160");
      mark = log.text.length;
      await cp(aside, folder, { recursive: true });
      await waitFor(child, log, /✔ 2022: out\/2022\/report\.md/, mark);
      expect(await readFile(markdown, "utf8")).toContain("160件");
      mark = log.text.length;
      await edit(path.join(folder, "proposals.yaml"), "received: 160", "received: 170");
      // The folder copied back may still have a rebuild of its own to report: each build that
      // ends is awaited until one has the edit.
      for (let builds = 0; builds < 5; builds++) {
        await waitFor(child, log, /✔ 2022: out\/2022\/report\.md/, mark);
        mark = log.text.length;
        if ((await readFile(markdown, "utf8")).includes("170件")) break;
      }
      expect(await readFile(markdown, "utf8")).toContain("170件");
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  });
});
