import { constants } from "node:fs";
import { copyFile, lstat, rename, rm, writeFile } from "node:fs/promises";
import { EnvironmentError } from "../core/errors.js";
import { temporaryName, trackTemporary } from "../services/cleanup.js";
import { codeOf } from "./commit.js";

/**
 * Writes `text` to `target` so that nothing is lost: the new file is written whole beside the
 * old one, the old one copied to a backup that takes no earlier backup's place, and only then
 * the new one renamed over it. A folder that cannot be written or a full disk leaves the folder
 * as it was. Returns the backup's path when there was a file to keep.
 */
export async function replaceFile(
  target: string,
  text: string,
  show: (file: string) => string,
): Promise<string | undefined> {
  const temporary = temporaryName(target);
  const untrack = trackTemporary(temporary);
  let backup: string | undefined;
  try {
    await writeFile(temporary, text, { flag: "wx" });
    if (await exists(target)) {
      backup = await freeName(`${target}.bak`);
      await copyFile(target, backup, constants.COPYFILE_EXCL);
    }
    await rename(temporary, target);
    return backup;
  } catch (error) {
    await rm(temporary, { force: true });
    if (backup) await rm(backup, { force: true });
    throw new EnvironmentError(
      `cannot write ${show(target)} (${codeOf(error)}); nothing was changed`,
      { cause: error },
    );
  } finally {
    untrack();
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** `name`, or `name.2`, `name.3` …: the first that is not taken. */
async function freeName(name: string): Promise<string> {
  for (let suffix = 1; ; suffix++) {
    const candidate = suffix === 1 ? name : `${name}.${suffix}`;
    if (!(await exists(candidate))) return candidate;
  }
}
