import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../core/errors.js";
import { displayPath } from "../core/paths.js";

/** The path with every symbolic link of its existing part resolved. */
function realPath(file: string): string {
  const absolute = path.resolve(file);
  let existing = absolute;
  while (!existsSync(existing) && path.dirname(existing) !== existing)
    existing = path.dirname(existing);
  try {
    return path.join(realpathSync(existing), path.relative(existing, absolute));
  } catch {
    return absolute;
  }
}

/**
 * Reports are never written into a folder of records or templates: `--out data` would mix
 * outputs with the inputs (and a later build would read them as records).
 */
export function refuseOutputAmongInputs(
  outDir: string,
  inputs: Array<{ dir: string; what: string; yearsOnly?: boolean }>,
  cwd: string,
): void {
  // Through symbolic links: `--out outlink` where outlink points at data/ is still data/.
  const out = realPath(outDir);
  for (const { dir, what, yearsOnly } of inputs) {
    const input = realPath(dir);
    const relative = path.relative(input, out);
    const inside = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
    // In the records folder only the folder itself and its years are the records' own: with
    // `--data .`, out/ beside the year folders is fine.
    const amongInputs = yearsOnly
      ? relative === "" || (inside && /^\d{4}$/.test(relative.split(path.sep)[0] ?? ""))
      : relative === "" || inside;
    if (amongInputs) {
      throw new UsageError(
        `--out ${displayPath(cwd, path.resolve(outDir))}${out === path.resolve(outDir) ? "" : ` (through a link, ${displayPath(cwd, out)})`} is ${relative === "" ? "" : "inside "}${displayPath(cwd, input)}, the folder of ${what}; reports are written to a folder of their own, such as out`,
      );
    }
  }
}
