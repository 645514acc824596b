import { stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { InputError } from "../errors.js";
import { readYamlFile } from "../load/yaml-file.js";
import { displayPath } from "../load/year.js";
import { scripts } from "../render/script.js";
import { field, text } from "../schema/common.js";
import { schemaIssues } from "../validate/schema-issues.js";

/** The file that marks a folder as a report project. */
export const configFileName = "report.config.yaml";

export const locales = ["zh-Hant", "zh-Hans", "en"] as const;
export const themes = ["default", "official"] as const;

/** `report.config.yaml`: settings of a project that hold for every year. */
export const configSchema = z.strictObject({
  organisation: field(text, "機構全稱", "the organisation the project reports for", [
    "政協洛江區第六屆委員會",
  ]),
  locale: field(
    z.enum(locales).optional(),
    "模板自加文字所用的語言檔;不填則依 report.yaml 的 language",
    "the locale file for the words the templates add; left out, it follows report.yaml's language",
    ["zh-Hant", "en"],
  ),
  theme: field(
    z.enum(themes).default("default"),
    "版式:default 或 official(依 GB/T 9704 公文格式)",
    "the look of the HTML and the PDF: default, or official (the GB/T 9704 document layout)",
    ["official"],
  ),
  script: field(
    z.enum(scripts).optional(),
    "輸出的文字:hant 繁體、hans 簡體;不填則照紀錄原樣",
    "the script of the outputs: hant (Traditional) or hans (Simplified); left out, the records' own",
    ["hans"],
  ),
  glossary: field(
    z.record(z.string().regex(/\S/, "a non-empty term"), z.string()).default({}),
    "轉換後的用詞更正:轉換結果 → 應有的寫法",
    "terms the script conversion gets wrong: converted text → the wording wanted",
    [{ 於洛江: "于洛江" }],
  ),
});

export type ProjectConfig = z.infer<typeof configSchema>;
export type Theme = (typeof themes)[number];
export type Locale = (typeof locales)[number];

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
