import { cp, lstat, mkdir, realpath, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../core/errors.js";
import { builtinTemplates } from "../core/paths.js";
import { filesUnder } from "../core/read.js";
import { displayPath } from "../load/year.js";
import { configFileName } from "../schema/config.js";
import { recordFileNames } from "../schema/index.js";
import {
  jsonSchema,
  schemaFileName,
  schemaFiles,
  withSchemaComment,
} from "../schema/json-schema.js";
import { carryOverYear } from "./carry-over.js";
import { findProject, isFile, recordsFolder, yearFolders } from "./config.js";
import { readTextFile, writeTextFile } from "./text-files.js";

export interface Written {
  /** Files written, as shown to the user. */
  written: string[];
  /** Files left as they were because they exist already. */
  kept: string[];
}

/**
 * `report init <year>`: the year's records started from the latest earlier year, every figure,
 * date and year-bearing text marked `# TODO`, the prose kept as a draft.
 */
export async function initYear(options: {
  cwd: string;
  year: number;
  data?: string;
}): Promise<Written & { from: number }> {
  const project = await findProject(options.cwd);
  const dataDir = recordsFolder(project, options);
  const target = path.join(dataDir, String(options.year));
  const show = (file: string) => displayPath(options.cwd, file);
  const there = await whatIsAt(target);
  if (there) {
    throw new UsageError(
      `${show(target)} exists already (${there}); report init never overwrites a year`,
    );
  }
  const from = await latestYear(dataDir, options.year);
  if (from === undefined) {
    throw new UsageError(
      `no earlier year in ${show(dataDir)} to start ${options.year} from; report new makes a project with sample records`,
    );
  }
  const written = await carryOverYear({
    source: path.join(dataDir, String(from)),
    target,
    from,
    to: options.year,
    schemasDir: project.schemasDir,
    mode: "todo",
    encoding: project.config?.encoding,
    display: show,
  });
  return { from, written: written.map(show), kept: [] };
}

/** What is at `file`, in words, or undefined when nothing is (a dangling link counts). */
export async function whatIsAt(file: string): Promise<string | undefined> {
  let link: Awaited<ReturnType<typeof lstat>>;
  try {
    link = await lstat(file);
  } catch {
    return undefined;
  }
  if (!link.isSymbolicLink()) return link.isDirectory() ? "a folder" : "a file";
  try {
    return (await stat(file)).isDirectory() ? "a folder" : "a file";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ELOOP"
      ? "a symbolic link that leads to itself"
      : "a symbolic link to nothing";
  }
}

/** The latest year folder under `dataDir`, before `before` when given. */
export async function latestYear(
  dataDir: string,
  before = Number.POSITIVE_INFINITY,
): Promise<number | undefined> {
  return (await yearFolders(dataDir)).filter((year) => year < before).at(-1);
}

/**
 * `report eject`: the built-in templates and stylesheet copied into the project's templates/,
 * where they replace the built-in ones file by file. Files already there are kept unless `force`.
 */
export async function ejectTemplates(options: { cwd: string; force?: boolean }): Promise<Written> {
  const project = await findProject(options.cwd);
  const shown = displayPath(options.cwd, project.templatesDir);
  if (path.resolve(project.templatesDir) === path.resolve(builtinTemplates)) {
    throw new UsageError("this folder holds the built-in templates themselves; nothing to eject");
  }
  const there = await whatIsAt(project.templatesDir);
  if (there && there !== "a folder") {
    throw new UsageError(
      `${shown} is ${there}; report eject copies the templates into a folder of that name`,
    );
  }
  if (there && (await realpath(project.templatesDir)) === (await realpath(builtinTemplates))) {
    throw new UsageError(
      `${shown} is a link to the built-in templates themselves; copying them onto themselves would change nothing (remove the link, then eject)`,
    );
  }
  const result: Written = { written: [], kept: [] };
  for (const relative of await filesUnder(builtinTemplates, { regularOnly: true })) {
    const target = path.join(project.templatesDir, relative);
    const show = displayPath(options.cwd, target);
    if (!options.force && (await isFile(target))) {
      result.kept.push(show);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await cp(path.join(builtinTemplates, relative), target);
    result.written.push(show);
  }
  return result;
}

/**
 * `report schema`: the JSON Schemas into the project's schemas/, and the schema comment at the
 * top of every record file (and the config) that lacks it.
 */
export async function schemaCommand(options: {
  cwd: string;
  data?: string;
}): Promise<Written & { refused: Array<{ file: string; problem: string }> }> {
  const project = await findProject(options.cwd);
  const show = (file: string) => displayPath(options.cwd, file);
  const written = (await writeSchemas(project.schemasDir)).map(show);
  const kept: string[] = [];
  const dataDir = recordsFolder(project, options);
  const files = [path.join(project.root, configFileName)];
  for (const year of await yearFolders(dataDir)) {
    const folder = String(year).padStart(4, "0");
    for (const name of recordFileNames) files.push(path.join(dataDir, folder, name));
  }
  const refused: Array<{ file: string; problem: string }> = [];
  for (const file of files) {
    const read = await readTextFile(file, project.config?.encoding);
    if ("problem" in read) {
      // A file that is not there is not a record of this project; one that cannot be read back
      // exactly is never written.
      if (!read.missing) refused.push({ file: show(file), problem: read.problem });
      continue;
    }
    const updated = withSchemaComment(read.text, file, project.schemasDir, read.newline);
    if (updated === read.text) kept.push(show(file));
    else {
      await writeTextFile(file, updated, read);
      written.push(show(file));
    }
  }
  return { written, kept, refused };
}

/** One JSON Schema per kind of file into `schemasDir`; returns the files written. */
export async function writeSchemas(schemasDir: string): Promise<string[]> {
  await mkdir(schemasDir, { recursive: true });
  const written: string[] = [];
  for (const { name } of schemaFiles()) {
    const file = path.join(schemasDir, schemaFileName(name));
    await writeFile(file, `${JSON.stringify(jsonSchema(name), null, 2)}\n`);
    written.push(file);
  }
  return written;
}
