import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { EnvironmentError } from "../errors.js";

export interface OutputFile {
  path: string;
  content: string | Uint8Array;
}

/**
 * Writes every file beside its destination first, then renames them into place: a reader never
 * sees half a file, and a failure before the renames leaves the previous outputs untouched.
 */
export async function writeAtomically(
  files: OutputFile[],
  display: (file: string) => string,
): Promise<void> {
  const staged: Array<{ temporary: string; final: string }> = [];
  try {
    for (const file of files) {
      await mkdir(path.dirname(file.path), { recursive: true });
      const temporary = `${file.path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      staged.push({ temporary, final: file.path });
      await writeFile(temporary, file.content);
    }
    for (const { temporary, final } of staged) await rename(temporary, final);
  } catch (error) {
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
    const failed = staged[staged.length - 1]?.final ?? files[0]?.path ?? "";
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new EnvironmentError(`cannot write ${display(failed)} (${code})`, { cause: error });
  }
}
