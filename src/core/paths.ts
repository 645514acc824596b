import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package's root, found from this module upwards: the code runs from `src/` (tests),
 * `dist/` (the library, and the CLI's bundles `dist/*.cjs`).
 */
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++) {
    if (existsSync(path.join(dir, "templates", "report.md.hbs"))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error("cannot find the report package's templates folder");
}

export const packageRoot = findPackageRoot();

export const builtinTemplates = path.join(packageRoot, "templates");

/**
 * The user's cache folder for this tool, outside the installed package (which may be read-only
 * or shared): REPORT_CACHE_DIR, else XDG_CACHE_HOME or the platform's cache folder.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REPORT_CACHE_DIR) return env.REPORT_CACHE_DIR;
  const home = homedir();
  const base =
    env.XDG_CACHE_HOME ??
    (process.platform === "win32"
      ? (env.LOCALAPPDATA ?? path.join(home, "AppData", "Local"))
      : process.platform === "darwin"
        ? path.join(home, "Library", "Caches")
        : path.join(home, ".cache"));
  return path.join(base, "annual-report-builder");
}

/** The version in package.json, for the PDF's Producer. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as {
    version?: string;
  };
  return manifest.version ?? "0.0.0";
}

/** How a path is shown to the user: relative to the working folder when inside it. */
export function displayPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : absolute;
}
