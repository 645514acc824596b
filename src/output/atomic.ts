import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { EnvironmentError } from "../core/errors.js";
import { removeOrphans, temporaryName, trackTemporary } from "./cleanup.js";

export interface OutputFile {
  path: string;
  content: string | Uint8Array;
}

/**
 * Writes every file beside its destination first, then renames them into place: a reader never
 * sees half a file, and a failure before the renames leaves the previous outputs untouched.
 * Builds running at once each rename complete files, so the last one to finish wins whole.
 */
export async function writeAtomically(
  files: OutputFile[],
  display: (file: string) => string,
): Promise<void> {
  const staged: Array<{ temporary: string; final: string; untrack: () => void }> = [];
  const folders = new Set<string>();
  try {
    for (const file of files) {
      const folder = path.dirname(file.path);
      await mkdir(folder, { recursive: true });
      // What a killed build left here is removed before this one writes.
      if (!folders.has(folder)) removeOrphans(folder);
      folders.add(folder);
      const temporary = temporaryName(file.path, randomBytes(4).toString("hex"));
      staged.push({ temporary, final: file.path, untrack: trackTemporary(temporary) });
      await writeFile(temporary, file.content);
    }
    for (const { temporary, final, untrack } of staged) {
      await rename(temporary, final);
      untrack();
    }
  } catch (error) {
    await Promise.all(
      staged.map(({ temporary, untrack }) => {
        untrack();
        return rm(temporary, { force: true });
      }),
    );
    const failed = staged[staged.length - 1]?.final ?? files[0]?.path ?? "";
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new EnvironmentError(`cannot write ${display(failed)} (${code})`, { cause: error });
  }
}
