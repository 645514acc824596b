import path from "node:path";
import { builtinTemplates } from "../core/paths.js";
import { recoverCommits } from "../output/commit.js";
import { refuseOutputAmongInputs } from "../output/out-dir.js";
import { type Project, recordsFolder } from "../project/config.js";
import { removeLeftInTemporaryFolder } from "../services/cleanup.js";
import type { BuildOptions } from "./options.js";

/**
 * The folder a build writes to (`--out`, else the project's `out/`), made ready: refused when it
 * lies among the build's inputs, and each year's outputs that a killed build left half replaced
 * put back (or finished) before anything else, with what dead runs left in the temporary folder
 * (a profile, a lock).
 */
export function outputFolder(options: BuildOptions, project: Project): string {
  const outDir = options.out ? path.resolve(options.cwd, options.out) : project.outDir;
  refuseOutputAmongInputs(
    outDir,
    [
      { dir: recordsFolder(project, options), what: "the records", yearsOnly: true },
      { dir: project.templatesDir, what: "the templates" },
      { dir: builtinTemplates, what: "the built-in templates" },
      ...(options.templates
        ? [{ dir: path.resolve(options.cwd, options.templates), what: "the templates" }]
        : []),
    ],
    options.cwd,
  );
  for (const year of options.years) recoverCommits(path.join(outDir, String(year)));
  removeLeftInTemporaryFolder();
  return outDir;
}
