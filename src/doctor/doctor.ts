import { spawn } from "node:child_process";
import { access, constants } from "node:fs/promises";
import path from "node:path";
import { displayPath } from "../load/year.js";
import { findProject } from "../project/config.js";
import { configFileName } from "../schema/config.js";

/**
 * Runs a program in a process group of its own and takes what it prints; one that has not ended
 * within `milliseconds` is killed with everything it started.
 */
function runWithin(
  file: string,
  args: string[],
  milliseconds: number,
): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    let printed = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      printed += chunk.toString("utf8");
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
      // The answer waits until it has gone (briefly): nothing is left running behind it.
      setTimeout(stopped, 2_000).unref();
    }, milliseconds);
    const stopped = () =>
      resolve({ ok: false, detail: `it did not answer within ${milliseconds / 1000} s` });
    child.once("error", (error) => {
      clearTimeout(timer);
      resolve({ ok: false, detail: error.message });
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return stopped();
      resolve(
        code === 0
          ? { ok: true, detail: printed.trim() }
          : { ok: false, detail: `it ended with ${signal ?? `exit code ${code}`}` },
      );
    });
  });
}

export interface Check {
  name: string;
  ok: boolean;
  /** What was found. */
  detail: string;
  /** What to do when it is not ok. */
  fix?: string;
}

/**
 * `report doctor`: what a build needs from the machine, each with a fix when it is missing:
 * Node, a browser for the PDF, the font packages, a writable output folder, the project.
 */
export async function doctor(options: {
  cwd: string;
  browser?: string;
  env?: NodeJS.ProcessEnv;
  /** How long the browser may take to answer, then to print a page: 15 s and 30 s unless given. */
  timeout?: number;
}): Promise<Check[]> {
  const checks: Check[] = [];
  const env = options.env ?? process.env;
  const major = Number(process.versions.node.split(".")[0]);
  checks.push({
    name: "Node.js",
    ok: major >= 20,
    detail: `${process.version} at ${process.execPath}`,
    ...(major >= 20
      ? {}
      : { fix: "install Node.js 20 or later (nodejs.org, or your package manager)" }),
  });

  const { BrowserManager, checkFontPackages, findBrowser } = await import("../pdf/index.js");
  try {
    const browser = await findBrowser({
      ...(options.browser ? { explicit: options.browser } : {}),
      env,
    });
    const broken = (detail: string) => ({
      name: "browser",
      ok: false,
      detail,
      fix: "reinstall it (Debian: apt-get install --reinstall chromium) or name another with --browser",
    });
    const version = await runWithin(browser, ["--version"], options.timeout ?? 15_000);
    if (!version.ok) checks.push(broken(`${browser} does not run: ${version.detail}`));
    else {
      // A version is not a browser: one page is printed, as a build would print the report.
      const manager = new BrowserManager({
        executable: browser,
        timeout: options.timeout ?? 30_000,
      });
      try {
        const pages = await manager.withPage(async (page) => {
          await page.setContent("<!doctype html><title>report doctor</title><p>report doctor");
          const pdf = await page.pdf({ format: "A4" });
          return (
            Buffer.from(pdf)
              .toString("latin1")
              .match(/\/Type\s*\/Page\b/g) ?? []
          ).length;
        });
        checks.push(
          pages > 0
            ? {
                name: "browser",
                ok: true,
                detail: `${version.detail} at ${browser}; printed a page`,
              }
            : broken(`${browser} answers but printed no page`),
        );
      } catch (error) {
        checks.push(broken(`${browser} cannot print: ${(error as Error).message.split("\n")[0]}`));
      } finally {
        await manager.close();
      }
    }
  } catch (error) {
    const [first, ...rest] = (error as Error).message.split("\n");
    checks.push({
      name: "browser",
      ok: false,
      detail: first ?? "no browser found",
      fix:
        rest.join("\n").trim() ||
        "name a browser that is there, or install one (Debian: apt-get install chromium)",
    });
  }

  for (const font of checkFontPackages()) {
    const ok = !font.error && font.missing.length === 0 && font.files > 0;
    checks.push({
      name: `font ${font.name} ${font.weight}`,
      ok,
      detail: font.error
        ? `not installed (${font.error})`
        : font.missing.length
          ? `${font.missing.length} of ${font.files} files missing, such as ${font.missing[0]}`
          : `${font.files} files`,
      ...(ok ? {} : { fix: "run npm ci (or npm install) where report is installed" }),
    });
  }

  let project: Awaited<ReturnType<typeof findProject>> | undefined;
  try {
    project = await findProject(options.cwd);
    checks.push({
      name: "project",
      ok: true,
      detail: project.config
        ? `${displayPath(options.cwd, path.join(project.root, configFileName))} (${project.config.organisation})`
        : `no ${configFileName}; ${displayPath(options.cwd, project.root) || "."} is used as the project`,
    });
  } catch (error) {
    checks.push({
      name: "project",
      ok: false,
      detail: (error as Error).message,
      fix: `fix ${configFileName}: report validate shows each problem with its line`,
    });
  }

  if (project) {
    const out = project.outDir;
    let existing = out;
    while (existing !== path.dirname(existing)) {
      try {
        await access(existing, constants.F_OK);
        break;
      } catch {
        existing = path.dirname(existing);
      }
    }
    try {
      await access(existing, constants.W_OK);
      checks.push({
        name: "output folder",
        ok: true,
        detail: `${displayPath(options.cwd, out)} is writable`,
      });
    } catch {
      checks.push({
        name: "output folder",
        ok: false,
        detail: `${displayPath(options.cwd, existing)} is not writable`,
        fix: "give yourself write access to it, or build elsewhere with --out DIR",
      });
    }
  }
  return checks;
}
