import path from "node:path";
import type { Issue } from "../core/issue.js";
import { displayPath, loadYear } from "../load/year.js";
import { isDirectory, type Project, recordsFolder } from "../project/config.js";
import type { Records } from "../schema/index.js";
import { validateYear } from "../validate/year.js";
import type { RunOptions } from "./options.js";

/**
 * Last year's records, when they are in the project and valid: the report then compares. A
 * previous year with errors gives a warning and no comparison, never an error of this year.
 */
export async function previousYear(
  options: RunOptions,
  project: Project,
  year: number,
  warnings: Issue[],
): Promise<{ year: number; records: Records } | undefined> {
  const dataDir = recordsFolder(project, options);
  const folder = path.join(dataDir, String(year - 1));
  if (!(await isDirectory(folder))) return undefined;
  const validation = validateYear(
    await loadYear(options.cwd, dataDir, year - 1, {
      encoding: project.config?.encoding,
      root: project.root,
    }),
  );
  if (validation.records) return { year: year - 1, records: validation.records };
  warnings.push({
    severity: "warning",
    file: displayPath(options.cwd, folder),
    message: `${year - 1} has ${validation.errors.length} error${validation.errors.length === 1 ? "" : "s"}; this report is not compared with it (report validate ${year - 1} shows them)`,
  });
  return undefined;
}
