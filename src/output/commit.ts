import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { EnvironmentError } from "../core/errors.js";
import {
  claimFolder,
  noteReplaced,
  releaseFolder,
  runId,
  runIsAlive,
  temporaryName,
  trackTemporary,
} from "../services/cleanup.js";

export interface OutputFile {
  path: string;
  content: string | Uint8Array;
}

/**
 * A year's outputs change all at once or not at all. Every file is first written beside its
 * place; then, with nothing else able to run in between (the steps are synchronous, so a signal
 * is handled only before or after them), each earlier output is moved aside and each new one
 * moved in; when all are in, the earlier ones are removed. A failure at any step puts back what
 * was moved, so the earlier outputs are as they were, all of them.
 *
 * A journal (`.report-commit-<run>.json`) lists the moves before they start: a build killed
 * outright (SIGKILL) in the middle leaves it, and the next build finishes the commit if it was
 * complete, or puts the earlier outputs back if it was not.
 */
interface Move {
  final: string;
  staged: string;
  /** Where the earlier output is moved while the new one goes in. */
  aside: string;
}

interface Journal {
  state: "replacing" | "committed";
  moves: Move[];
}

function journalOf(folder: string, id = runId): string {
  return path.join(folder, `.report-commit-${id}.json`);
}

export async function commitFiles(
  folder: string,
  files: OutputFile[],
  display: (file: string) => string,
): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new EnvironmentError(
      `cannot write ${display(files[0]?.path ?? folder)} (${codeOf(error)}); nothing was changed`,
      { cause: error },
    );
  }
  recoverCommits(folder);
  const moves: Move[] = [];
  const untracks: Array<() => void> = [];
  const folders = new Set<string>();
  try {
    for (const file of files) {
      const dir = path.dirname(file.path);
      if (!folders.has(dir)) {
        await mkdir(dir, { recursive: true });
        claimFolder(dir);
        folders.add(dir);
      }
      const staged = temporaryName(file.path);
      untracks.push(trackTemporary(staged));
      moves.push({ final: file.path, staged, aside: `${file.path}.report-${runId}.old` });
      await writeFile(staged, file.content);
    }
  } catch (error) {
    await Promise.all(moves.map((move) => rm(move.staged, { force: true })));
    for (const untrack of untracks) untrack();
    for (const dir of folders) releaseFolder(dir);
    const failed = moves[moves.length - 1]?.final ?? files[0]?.path ?? folder;
    throw new EnvironmentError(
      `cannot write ${display(failed)} (${codeOf(error)}); nothing was changed: the earlier outputs are as they were`,
      { cause: error },
    );
  }
  const journal = journalOf(folder);
  const untrackJournal = trackTemporary(journal);
  try {
    replaceAll(journal, moves, display);
  } finally {
    untrackJournal();
    for (const untrack of untracks) untrack();
    // The claims end once nothing of this run is left in the folders, replaced or put back
    // as they were: a process that goes on (watch, the preview) leaves no lock behind. Earlier
    // outputs that could not be put back keep the claim on their folder until the run ends.
    if (moves.every((move) => !existsSync(move.aside))) {
      for (const dir of folders) releaseFolder(dir);
    }
  }
}

/** The moves, all or none, synchronously. */
function replaceAll(journal: string, moves: Move[], display: (file: string) => string): void {
  writeJournal(journal, { state: "replacing", moves });
  const movedAside: Move[] = [];
  const movedIn: Move[] = [];
  let failing: Move | undefined;
  try {
    for (const move of moves) {
      failing = move;
      if (existsSync(move.final)) {
        renameSync(move.final, move.aside);
        movedAside.push(move);
      }
    }
    for (const move of moves) {
      failing = move;
      renameSync(move.staged, move.final);
      movedIn.push(move);
    }
  } catch (error) {
    const unrestored = rollBack(moves, movedIn, movedAside);
    rmSync(journal, { force: true });
    const file = display(failing?.final ?? "");
    throw new EnvironmentError(
      unrestored.length === 0
        ? `cannot replace ${file} (${codeOf(error)}${why(error)}); nothing was changed: the earlier outputs are as they were, all of them`
        : `cannot replace ${file} (${codeOf(error)}${why(error)}), and ${unrestored.map((move) => display(move.final)).join(", ")} could not be put back: the earlier ones are in ${unrestored.map((move) => display(move.aside)).join(", ")}`,
      { cause: error },
    );
  }
  writeJournal(journal, { state: "committed", moves });
  noteReplaced(path.dirname(journal));
  for (const move of movedAside) rmSync(move.aside, { force: true });
  rmSync(journal, { force: true });
}

/** Puts the earlier outputs back after a failed commit; returns the moves it could not undo. */
function rollBack(moves: Move[], movedIn: Move[], movedAside: Move[]): Move[] {
  const unrestored: Move[] = [];
  for (const move of movedIn) {
    try {
      unlinkSync(move.final);
    } catch {
      // Gone already, or replaced below by the earlier output.
    }
  }
  for (const move of movedAside) {
    try {
      renameSync(move.aside, move.final);
    } catch {
      unrestored.push(move);
    }
  }
  for (const move of moves) rmSync(move.staged, { force: true });
  return unrestored;
}

function writeJournal(journal: string, content: Journal): void {
  const temporary = `${journal}.tmp`;
  writeFileSync(temporary, JSON.stringify(content));
  renameSync(temporary, journal);
}

/**
 * Finishes or undoes the commits that runs killed outright left in `folder`: a commit all of
 * whose files were in place loses its moved-aside files; any other gets its earlier outputs back.
 */
export function recoverCommits(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const id = /^\.report-commit-([0-9a-f]{12})\.json$/.exec(name)?.[1];
    if (!id || runIsAlive(folder, id)) continue;
    const file = path.join(folder, name);
    let journal: Journal;
    try {
      journal = JSON.parse(readFileSync(file, "utf8")) as Journal;
    } catch {
      rmSync(file, { force: true });
      continue;
    }
    for (const move of journal.moves ?? []) {
      if (journal.state === "committed") rmSync(move.aside, { force: true });
      else if (existsSync(move.aside)) renameSync(move.aside, move.final);
      else if (!existsSync(move.staged) && existsSync(move.final)) {
        // Moved in where nothing was moved aside: before the commit there was no such file.
        unlinkSync(move.final);
      }
      rmSync(move.staged, { force: true });
    }
    rmSync(file, { force: true });
  }
}

/** The system's code for a failed file operation (ENOSPC, EACCES …), or the error itself. */
export function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EPERM" || code === "EACCES" || code === "EBUSY") {
    return ": the file is locked or read-only, perhaps open in another program";
  }
  if (code === "ENOSPC") return ": the disk is full";
  return "";
}
