import path from "node:path";
import { UsageError } from "../core/errors.js";
import type { Issue } from "../core/issue.js";
import { builtinTemplates, displayPath } from "../core/paths.js";
import { confinement } from "../core/read.js";
import { isDirectory, type Project } from "../project/config.js";
import { staleTemplateCopies } from "../project/migrate.js";
import { readTemplates, TemplateEngine, TemplateError } from "../render/templates.js";

/** The engine of a run, and what to tell about the templates it was made from. */
export interface Templates {
  engine: TemplateEngine;
  notices: Issue[];
}

/**
 * The built-in templates, with the project's `templates/` (when there is one) and then the
 * folder named on the command line (if any) replacing files of the same name.
 */
export async function createEngine(
  options: { cwd: string; templates?: string | undefined },
  project: Project,
): Promise<Templates> {
  const show = (file: string) => displayPath(options.cwd, file);
  const folders: Array<{ dir: string; display: string; within?: string }> = [
    { dir: builtinTemplates, display: show(builtinTemplates) },
  ];
  // The project's templates are read only from within the project (or the folder named).
  if (project.templatesDir !== builtinTemplates && (await isDirectory(project.templatesDir))) {
    const dir = project.templatesDir;
    folders.push({ dir, display: show(dir), within: await confinement(dir, project.root) });
  }
  if (options.templates) {
    const dir = path.resolve(options.cwd, options.templates);
    folders.push({ dir, display: show(dir), within: await confinement(dir, project.root) });
  }
  try {
    const engine = new TemplateEngine(await readTemplates(folders));
    const notices = (await staleTemplateCopies(project.templatesDir)).map(
      (copy): Issue => ({
        severity: "warning",
        file: show(copy.file),
        message: `an unchanged copy of the built-in ${copy.name} of an earlier release, which holds back the built-in one that has changed since`,
        hint: "report migrate --write removes it (a copy you have edited is never touched)",
      }),
    );
    return { engine, notices };
  } catch (error) {
    if (error instanceof TemplateError) throw error;
    throw new UsageError(`cannot read the templates: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
