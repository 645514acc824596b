import path from "node:path";
import chokidar, { type FSWatcher } from "chokidar";
import { findProject, recordsFolder } from "../project/config.js";
import { configFileName } from "../schema/config.js";

/** A folder to watch, with its subfolders or not. */
export interface WatchTarget {
  dir: string;
  recursive: boolean;
  /** Only changes to this file name count. */
  only?: string;
}

/** Editors' swap and backup files, and the tool's own temporary files: not edits. */
function ignored(file: string): boolean {
  const name = path.basename(file);
  return (
    /(\.tmp|\.swp|\.swx|~|#)$/.test(name) ||
    name.startsWith(".#") ||
    name.startsWith(".report-") ||
    /^4913$/.test(name)
  );
}

/**
 * Calls `onChange` once the files of the targets have been quiet for `delay` ms after a change.
 * Watching goes on when a folder is removed and comes back (a `git checkout` replaces the year
 * folder), and a folder that is not there yet (templates/ before `report eject`) is watched for
 * when it appears. Resolves, once watching has begun, to a function that stops it.
 */
export async function watchFiles(
  targets: WatchTarget[],
  onChange: (files: string[]) => void,
  delay = 40,
): Promise<() => void> {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const changed = (file: string) => {
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...pending];
      pending = new Set();
      if (!stopped) onChange(files);
    }, delay);
  };
  const watchers: FSWatcher[] = targets.flatMap((target) => {
    const watched = target.only ? path.join(target.dir, target.only) : target.dir;
    const watcher = chokidar.watch(watched, {
      ignoreInitial: true,
      ignored: (file: string) => file !== watched && ignored(file),
      ...(target.recursive ? {} : { depth: 0 }),
    });
    watcher.on("all", (_event: string, file: string) => changed(file));
    // A folder that cannot be read is simply not watched; the build reports what it lacks.
    watcher.on("error", () => undefined);
    // The folder above, for when the watched one is removed and comes back (a `git checkout`
    // replaces the year folder) or appears for the first time (templates/ after `report eject`):
    // a watcher stops at a folder that goes, so it is started on it again.
    const parent = chokidar.watch(path.dirname(watched), { ignoreInitial: true, depth: 0 });
    parent.on("all", (event: string, file: string) => {
      if (file !== watched || (event !== "addDir" && event !== "add")) return;
      watcher.unwatch(watched);
      watcher.add(watched);
      changed(file);
    });
    parent.on("error", () => undefined);
    return [watcher, parent];
  });
  // Watching has begun once every watcher has looked at what is there.
  await Promise.all(
    watchers.map(
      (watcher) => new Promise<void>((resolve) => watcher.once("ready", () => resolve())),
    ),
  );
  return () => {
    stopped = true;
    clearTimeout(timer);
    for (const watcher of watchers) void watcher.close();
  };
}

/** What a year's build reads, to watch: its records, the project's templates, the config. */
export async function watchTargets(
  options: { cwd: string; data?: string; templates?: string },
  years: number[],
): Promise<WatchTarget[]> {
  const project = await findProject(options.cwd);
  const dataDir = recordsFolder(project, options);
  const targets: WatchTarget[] = years.map((year) => ({
    dir: path.join(dataDir, String(year)),
    recursive: false,
  }));
  targets.push({ dir: project.templatesDir, recursive: true });
  if (options.templates) {
    targets.push({ dir: path.resolve(options.cwd, options.templates), recursive: true });
  }
  targets.push({ dir: project.root, recursive: false, only: configFileName });
  return targets;
}
