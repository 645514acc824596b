import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { InputError, UsageError } from "../core/errors.js";
import { readYamlFile } from "../load/yaml-file.js";
import { displayPath } from "../load/year.js";
import { configFileName, configSchema, type ProjectConfig } from "../schema/config.js";
import { schemaIssues } from "../validate/schema-issues.js";

/**
 * A project: a folder with `data/<year>/` records, optionally `templates/` that replace the
 * built-in ones file by file, and `report.config.yaml`. Without a config file, the working
 * folder is the project.
 */
export interface Project {
  root: string;
  config?: ProjectConfig;
  dataDir: string;
  outDir: string;
  /** The project's own templates folder, whether or not it exists yet. */
  templatesDir: string;
  schemasDir: string;
}

/** The records folder: `--data` (relative to the working folder) when given, else the project's. */
export function recordsFolder(project: Project, options: { cwd: string; data?: string }): string {
  return options.data ? path.resolve(options.cwd, options.data) : project.dataDir;
}

/** The nearest folder at or above `cwd` that holds report.config.yaml; else `cwd` itself. */
export async function findProject(cwd: string): Promise<Project> {
  let dir = path.resolve(cwd);
  for (;;) {
    if (await isFile(path.join(dir, configFileName))) return openProject(cwd, dir);
    const parent = path.dirname(dir);
    if (parent === dir) return openProject(cwd, path.resolve(cwd), false);
    dir = parent;
  }
}

async function openProject(cwd: string, root: string, hasConfig = true): Promise<Project> {
  const project: Project = {
    root,
    dataDir: path.join(root, "data"),
    outDir: path.join(root, "out"),
    templatesDir: path.join(root, "templates"),
    schemasDir: path.join(root, "schemas"),
  };
  if (hasConfig) project.config = await readConfig(cwd, path.join(root, configFileName));
  return project;
}

export async function readConfig(cwd: string, file: string): Promise<ProjectConfig> {
  const display = displayPath(cwd, file);
  const read = await readYamlFile(file, display);
  if (!read.file || read.value === undefined || read.issues.some((i) => i.severity === "error")) {
    throw new InputError(`${display} cannot be read`, read.issues);
  }
  const result = configSchema.safeParse(read.value);
  if (!result.success) {
    throw new InputError(
      `${display} is not a valid project configuration`,
      schemaIssues(read.file, configSchema, read.value, result.error.issues),
    );
  }
  if (result.data.theme === "official" && result.data.page) {
    // GB/T 9704 fixes the official theme's paper and text block.
    const message = "no page with theme: official, which prints on GB/T 9704's A4 and margins";
    const hint = "remove page, or theme: official to print the default theme on this page";
    throw new InputError(
      `${display} is not a valid project configuration`,
      schemaIssues(read.file, configSchema, read.value, [
        { code: "custom", path: ["page"], message, params: { hint }, input: read.value },
      ]),
    );
  }
  return result.data;
}

export async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

export async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The year folders under `dataDir` (names of four digits), in order; none when it cannot be
 * read.
 */
export async function yearFolders(dataDir: string): Promise<number[]> {
  const entries = await readdir(dataDir).catch(() => [] as string[]);
  return entries
    .filter((entry) => /^\d{4}$/.test(entry))
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * Every year the records folder keeps, in order: what `report build` and `report validate`
 * take when no year is named, as a project's `npm run build` runs them.
 */
export async function recordedYears(cwd: string, data?: string): Promise<number[]> {
  const folder = recordsFolder(await findProject(cwd), { cwd, ...(data ? { data } : {}) });
  // A year is 1000 to 9999 (load/year.ts parseYear).
  const years = (await yearFolders(folder)).filter((year) => year >= 1000);
  if (years.length === 0) {
    throw new UsageError(
      `no year to work on: ${displayPath(cwd, folder)} holds no folder named by a year; name one, such as 2024, or make it with report init`,
    );
  }
  return years;
}
