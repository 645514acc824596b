import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, inject } from "vitest";
import { run } from "../src/cli/main.js";
import { BrowserManager } from "../src/pdf/browser.js";
import { findBrowser } from "../src/pdf/find-browser.js";
import { hangGuard } from "./time-limits.js";

const exec = promisify(execFile);

export const root = fileURLToPath(new URL("..", import.meta.url));
/** The published 2022 retrospective the records were taken from: the reference content. */
export const seedPath = path.join(root, "test/fixtures/seed-2022.txt");

/** The folders the current test file made: removed after it (test/setup.ts). */
const made: string[] = [];
export async function removeWorkspaces(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

let kept: Promise<BrowserManager> | undefined;
/**
 * The one browser of this worker, started when a test first prints in-process: every
 * in-process build of the files the worker runs prints with it, as the preview and watch do,
 * instead of starting a browser of its own. It goes with the worker (test/setup.ts).
 */
export function keptBrowser(): Promise<BrowserManager> {
  kept ??= findBrowser().then(
    (executable) => new BrowserManager({ executable, timeout: hangGuard(6) }),
  );
  return kept;
}

/** A temporary working folder holding a copy of the 2022 records under data/2022. */
export async function workspace(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "report-test-"));
  made.push(dir);
  await cp(path.join(root, "data"), path.join(dir, "data"), { recursive: true });
  return dir;
}

/**
 * A temporary project of one year, 2024: its report.config.yaml and the year's files under
 * data/2024, written as given.
 */
export async function yearProject(config: string, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "report-year-"));
  made.push(dir);
  await mkdir(path.join(dir, "data/2024"), { recursive: true });
  await writeFile(path.join(dir, "report.config.yaml"), config);
  for (const [name, text] of Object.entries(files)) {
    await writeFile(path.join(dir, "data/2024", name), text);
  }
  return dir;
}

/**
 * A temporary copy of a project test/global-setup.ts built (records and outputs), its outputs
 * under `out/` as a build of its own would leave them: for a test that starts from what a build
 * of unchanged records gives, without printing them again.
 */
export async function builtCopy(
  name: string,
  theme: "default" | "official" = "default",
): Promise<string> {
  const built = inject("built").find((entry) => entry.name === name && entry.theme === theme);
  if (!built) throw new Error(`no build of ${name} in the ${theme} theme`);
  const dir = await mkdtemp(path.join(tmpdir(), "report-test-"));
  made.push(dir);
  await cp(built.dir, dir, {
    recursive: true,
    filter: (file) => !/^out-/.test(path.relative(built.dir, file).split(path.sep)[0] ?? ""),
  });
  await cp(built.out, path.join(dir, "out"), { recursive: true });
  return dir;
}

/**
 * The 2022 report as test/global-setup.ts built it, in a copy of its own: for the PDF checks
 * that only read it.
 */
export async function built2022Pdf(): Promise<{ cwd: string; pdfPath: string; bytes: Buffer }> {
  const cwd = await builtCopy("2022");
  const pdfPath = path.join(cwd, "out/2022/report.pdf");
  return { cwd, pdfPath, bytes: await readFile(pdfPath) };
}

/** The ids of the 2022 narrative's sections, in order. */
export const sections2022 = ["people", "consultation", "supervision", "unity", "self_building"];

/**
 * A copy of this install of report (bin, dist, templates, package.json) in a temporary folder,
 * without node_modules: the test puts in what it needs there.
 */
export async function installCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "report-install-"));
  made.push(dir);
  for (const entry of ["bin", "dist", "templates", "package.json"]) {
    await cp(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

/** A temporary copy of a workspace, whatever it holds (records, outputs, templates). */
export async function copyOf(source: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "report-test-"));
  made.push(dir);
  await cp(source, dir, { recursive: true });
  return dir;
}

/** Every file under `dir` with its bytes, to tell whether a build changed any. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const file = path.join(dir, name);
    if ((await stat(file)).isFile()) files[name] = (await readFile(file)).toString("base64");
  }
  return files;
}

/** Replaces one exact passage of a file; fails loudly when the passage is not there once. */
export async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, "utf8");
  const count = text.split(from).length - 1;
  if (count !== 1)
    throw new Error(`expected ${JSON.stringify(from)} once in ${file}, found it ${count} times`);
  await writeFile(file, text.replace(from, to));
}

/** Runs `report …` as a user types it, in `cwd`: the built bin/report.js in a process of its own. */
export async function report(
  cwd: string,
  ...args: Array<string | string[]>
): Promise<{ code: number; stdout: string; stderr: string }> {
  // Node's own options come first, as a list: report(cwd, ["--max-old-space-size=96"], "build").
  const nodeOptions = args.filter((arg) => Array.isArray(arg)).flat();
  const reportArgs = args.filter((arg): arg is string => typeof arg === "string");
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      [...nodeOptions, path.join(root, "bin/report.js"), ...reportArgs],
      {
        cwd,
        env: { ...process.env, FORCE_COLOR: "0", DEBUG: "" },
        // A run that hangs is killed, not left behind the test that gave up on it.
        timeout: hangGuard(6),
        killSignal: "SIGKILL",
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * Runs the CLI in this process, as `report <args>` in `cwd`; colours off. A PDF is printed
 * with the file's kept browser unless the arguments name a browser or a time limit.
 */
export async function cli(
  cwd: string,
  ...args: string[]
): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = "";
  let stdout = "";
  const output = {
    write(text: string) {
      stderr += text;
    },
    data(text: string) {
      stdout += text;
    },
  };
  const code = await run(args, output, cwd, { keptBrowser });
  return { code, stderr, stdout };
}

/** The line of `file` (1-based) on which `text` first stands. */
export async function lineOf(file: string, text: string): Promise<number> {
  const lines = (await readFile(file, "utf8")).split("\n");
  const index = lines.findIndex((line) => line.includes(text));
  if (index === -1) throw new Error(`${JSON.stringify(text)} is not in ${file}`);
  return index + 1;
}

/**
 * The text of a PDF, read by poppler's pdftotext, with the line breaks and the spaces it puts
 * between glyphs of justified CJK lines removed, so that sentences can be searched.
 */
export async function pdfText(file: string, options: { page?: number } = {}): Promise<string> {
  const pages = options.page ? ["-f", String(options.page), "-l", String(options.page)] : [];
  const { stdout } = await exec("pdftotext", ["-enc", "UTF-8", ...pages, file, "-"]);
  return stdout.replace(/[ \n\f]+/g, "");
}

/**
 * `docx` converted to PDF by LibreOffice (`soffice --headless --convert-to pdf`) into `folder`,
 * as an office PC without the report's fonts shows it; `profile` is LibreOffice's user folder
 * (one of its own in `folder` unless given). Returns the PDF and what soffice printed on its
 * standard error. One process a document: within one, a face embedded by an earlier document
 * stands in for the same face of a later one.
 */
export async function officePdf(
  docx: string,
  folder: string,
  profile = path.join(folder, "lo-profile"),
): Promise<{ pdf: string; stderr: string }> {
  const { stderr } = await exec(
    "soffice",
    [
      `-env:UserInstallation=file://${profile}`,
      "--headless",
      "--convert-to",
      "pdf",
      "--outdir",
      folder,
      docx,
    ],
    { timeout: hangGuard(12) },
  );
  return { pdf: path.join(folder, `${path.basename(docx, ".docx")}.pdf`), stderr };
}

/** The font families of a PDF, as pdffonts names them: ABCDEF+NotoSerifTC-Bold → NotoSerifTC. */
export async function pdfFamilies(pdf: string): Promise<string[]> {
  const { stdout } = await exec("pdffonts", [pdf]);
  const names = stdout
    .split("\n")
    .slice(2)
    .map((line) => line.split(/\s+/)[0] ?? "")
    .filter(Boolean)
    .map((name) => name.replace(/^[A-Z]{6}\+/, "").replace(/-.*$/, ""));
  return [...new Set(names)].sort();
}

/**
 * Gives each test of the describe block that calls it a user cache folder of its own
 * (REPORT_CACHE_DIR), put back afterwards; returns the current one's path.
 */
export function ownCacheEachTest(prefix: string): () => string {
  const shared = process.env.REPORT_CACHE_DIR;
  let cache = "";
  beforeEach(async () => {
    cache = await mkdtemp(path.join(tmpdir(), prefix));
    process.env.REPORT_CACHE_DIR = cache;
  });
  afterEach(() => {
    process.env.REPORT_CACHE_DIR = shared;
  });
  return () => cache;
}
