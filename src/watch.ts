import { type FSWatcher, watch } from "node:fs";
import path from "node:path";
import type { WatchTarget } from "./build.js";

/** Editors' swap and backup files, and the tool's own temporary files: not edits. */
function ignored(name: string): boolean {
  return /(\.tmp|\.swp|\.swx|~|#)$/.test(name) || name.startsWith(".#") || /^4913$/.test(name);
}

/**
 * Calls `onChange` once the files of the targets have been quiet for `delay` ms after a change;
 * a folder that does not exist is not watched. Returns a function that stops watching.
 */
export function watchFiles(
  targets: WatchTarget[],
  onChange: (files: string[]) => void,
  delay = 40,
): () => void {
  const watchers: FSWatcher[] = [];
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
  const start = (target: WatchTarget): boolean => {
    try {
      const watcher = watch(target.dir, { recursive: target.recursive }, (_event, name) => {
        const file = name ? String(name) : "";
        if (target.only && path.basename(file) !== target.only) return;
        if (ignored(path.basename(file))) return;
        changed(path.join(target.dir, file));
      });
      watcher.on("error", () => undefined);
      watchers.push(watcher);
      return true;
    } catch {
      return false;
    }
  };
  for (const target of targets) {
    if (start(target)) continue;
    // Not there yet (templates/ before `report eject`): watched from its parent until it is.
    const parent = path.dirname(target.dir);
    try {
      const waiting = watch(parent, (_event, name) => {
        if (String(name) !== path.basename(target.dir) || !start(target)) return;
        waiting.close();
        changed(target.dir);
      });
      waiting.on("error", () => undefined);
      watchers.push(waiting);
    } catch {
      // The parent is missing too: nothing to watch.
    }
  }
  return () => {
    stopped = true;
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
