import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { build } from "../src/build/index.js";
import { BrowserManager } from "../src/pdf/browser.js";
import { findBrowser } from "../src/pdf/find-browser.js";

/**
 * The 2022 records and every example, each built once for the whole suite in both themes and
 * every format, by the library with one browser: the suites that only read outputs (standards,
 * examples, phone) read these. Nothing writes here after this; a test that changes records
 * builds a copy of its own.
 */
export interface BuiltProject {
  /** "2022", or the example's folder name. */
  name: string;
  theme: "default" | "official";
  /** The project folder, records included. */
  dir: string;
  /** Its outputs: `<out>/<year>/report.*`. */
  out: string;
  years: string[];
  /** The warnings the build gave, as `file:line message`. */
  warnings: string[];
}

declare module "vitest" {
  export interface ProvidedContext {
    built: BuiltProject[];
  }
}

const root = path.resolve(import.meta.dirname, "..");
const themes = ["default", "official"] as const;

export default async function setup(project: TestProject) {
  const base = await mkdtemp(path.join(tmpdir(), "report-built-"));
  const sources = [
    { name: "2022", from: path.join(root, "data"), into: "data" },
    ...(await readdir(path.join(root, "examples"), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && entry.name !== "templates")
      .map((entry) => ({
        name: entry.name,
        from: path.join(root, "examples", entry.name),
        into: "",
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  ];
  const built: BuiltProject[] = [];
  const manager = new BrowserManager({ executable: await findBrowser(), timeout: 60_000 });
  try {
    for (const source of sources) {
      const dir = path.join(base, source.name);
      await cp(source.from, path.join(dir, source.into), {
        recursive: true,
        filter: (file) => !path.relative(source.from, file).split(path.sep).includes("out"),
      });
      const years = (await readdir(path.join(dir, "data"))).filter((y) => /^\d{4}$/.test(y)).sort();
      for (const theme of themes) {
        const out = path.join(dir, `out-${theme}`);
        const results = await build({
          cwd: dir,
          years: years.map(Number),
          theme,
          out,
          formats: ["md", "html", "pdf", "docx"],
          manager,
        });
        const errors = results.flatMap((result) => result.errors);
        if (errors.length) {
          throw new Error(`${source.name} ${theme}: ${JSON.stringify(errors, null, 2)}`);
        }
        const warnings = results.flatMap((result) =>
          result.warnings.map((issue) => `${issue.file}:${issue.line ?? 1} ${issue.message}`),
        );
        built.push({ name: source.name, theme, dir, out, years, warnings });
      }
    }
  } finally {
    await manager.close();
  }
  project.provide("built", built);
  return () => rm(base, { recursive: true, force: true });
}
