import { readdir } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../core/errors.js";
import { displayPath } from "../core/paths.js";
import { confinement } from "../core/read.js";

export { displayPath };

import type { Issue } from "../core/issue.js";
import { didYouMean } from "../core/suggest.js";
import { isRequired, type RecordFileName, recordFileNames } from "../schema/index.js";
import type { LegacyEncoding } from "./decode.js";
import { readYamlFile, type YamlFile } from "./yaml-file.js";

export interface LoadedYear {
  year: number;
  folder: string;
  files: Partial<Record<RecordFileName, YamlFile>>;
  values: Partial<Record<RecordFileName, unknown>>;
  issues: Issue[];
}

/**
 * A year is four digits from 1000 to 9999, nothing more: it becomes a folder name under data/
 * and out/, written as it is read (0000 would be the folder 0).
 */
export function parseYear(text: string): number {
  if (!/^[1-9]\d{3}$/.test(text)) {
    throw new UsageError(
      `expected a year of four digits such as 2022, found ${JSON.stringify(text)}`,
    );
  }
  return Number(text);
}

/**
 * Reads the record files of a year. A year without a folder is a usage error naming it; a
 * missing required file or an unreadable one is an issue, so that all problems of a run are reported together.
 */
export async function loadYear(
  cwd: string,
  dataDir: string,
  year: number,
  options: {
    encoding?: LegacyEncoding | undefined;
    /** The project's folder: a record file whose links lead out of it is refused. */
    root?: string;
  } = {},
): Promise<LoadedYear> {
  const folder = path.join(dataDir, String(year));
  let present: string[];
  try {
    present = await readdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const shown = displayPath(cwd, folder);
    throw new UsageError(
      `no records for ${year}: ${shown} ${
        code === "ENOTDIR"
          ? "is a file, not a folder of records"
          : code === "EACCES" || code === "EPERM"
            ? `cannot be read: permission denied (${code})`
            : code === "ELOOP"
              ? "is a symbolic link that leads to itself (ELOOP)"
              : code === "ENOENT"
                ? "does not exist"
                : `cannot be read (${code})`
      }`,
      { cause: error },
    );
  }
  const issues: Issue[] = [];
  for (const name of present.filter((entry) => /\.ya?ml$/.test(entry)).sort()) {
    if (!(recordFileNames as string[]).includes(name)) {
      const hint = didYouMean(name, recordFileNames);
      issues.push({
        severity: "warning",
        file: displayPath(cwd, path.join(folder, name)),
        message: `not a record file of report, ignored; expected one of ${recordFileNames.join(", ")}`,
        ...(hint ? { hint } : {}),
      });
    }
  }
  const files: LoadedYear["files"] = {};
  const values: LoadedYear["values"] = {};
  // Optional files the year does not have are not read: absent is not an error for them.
  const wanted = recordFileNames.filter((name) => isRequired(name) || present.includes(name));
  const within = options.root ? await confinement(folder, options.root) : undefined;
  const results = await Promise.all(
    wanted.map(async (name) => {
      const absolute = path.join(folder, name);
      const read = { encoding: options.encoding, within };
      return [name, await readYamlFile(absolute, displayPath(cwd, absolute), read)] as const;
    }),
  );
  for (const [name, result] of results) {
    issues.push(...result.issues);
    if (result.file) files[name] = result.file;
    if (result.value !== undefined) values[name] = result.value;
  }
  return { year, folder, files, values, issues };
}
