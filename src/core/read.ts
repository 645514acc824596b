import { constants } from "node:fs";
import { type FileHandle, open, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { Exact } from "../figure/exact.js";

/**
 * Reading a file the user named, safely: only a regular file is read (a FIFO would block for
 * ever, /dev/zero never ends, a folder is no file), and no more than `maxBytes` are read, counted
 * while reading rather than taken from `stat` (a file can grow, a device reports size 0).
 */
export class UnreadableFile extends Error {
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UnreadableFile";
    this.code = code;
  }
}

/** What a file that is not a regular file is, in words for a message. */
function kindOf(stats: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "something other than a file";
}

/**
 * The folder a project's files must resolve into: the project, or the folder itself when the
 * project names one elsewhere (`--data /shared/records`, a `data` link to another disk).
 */
export async function confinement(folder: string, root: string): Promise<string> {
  const [realFolder, realRoot] = await Promise.all([
    realpath(folder).catch(() => path.resolve(folder)),
    realpath(root).catch(() => path.resolve(root)),
  ]);
  return isInside(realFolder, realRoot) ? realRoot : realFolder;
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/**
 * A regular file's bytes, at most `maxBytes`. With `within`, a file whose symbolic links lead
 * out of that folder is refused: a cloned project cannot copy a file of the machine into out/.
 */
export async function readRegularFile(
  file: string,
  maxBytes: number,
  options: { within?: string | undefined } = {},
): Promise<Buffer> {
  // A link out of the allowed folder is refused before the file is opened (opening a device
  // can do something), once it is known to be a file at all.
  if (options.within) {
    const stats = await stat(file).catch(() => undefined);
    if (stats && !stats.isFile()) {
      throw new UnreadableFile(`expected a file, found ${kindOf(stats)}`, "ENOTFILE");
    }
    const real = await realpath(file).catch(() => undefined);
    if (real !== undefined && !isInside(real, options.within)) {
      throw new UnreadableFile(
        `a symbolic link to ${real}, outside the project: refused`,
        "EOUTSIDE",
      );
    }
  }
  let handle: FileHandle;
  try {
    // Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "EIO";
    throw new UnreadableFile(describeOpenError(code), code, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new UnreadableFile(`expected a file, found ${kindOf(stats)}`, "ENOTFILE");
    }
    if (stats.size > maxBytes) {
      throw new UnreadableFile(
        `expected a file of at most ${megabytes(maxBytes)}, found ${megabytes(stats.size)}`,
        "ETOOBIG",
      );
    }
    // Read into room for the file as its size says and one byte more, at least 64 kB; a file
    // that grows while it is read, or says size 0 as /proc's do, gets twice the room, to the
    // bound. A file of the size it said is not copied again.
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stats.size + 1, 64 * 1024)));
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        const larger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(larger, 0, 0, total);
        buffer = larger;
      }
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) {
        throw new UnreadableFile(
          `expected a file of at most ${megabytes(maxBytes)}, found a larger one`,
          "ETOOBIG",
        );
      }
    }
    // A small file does not hold on to the rest of its 64 kB.
    return total * 2 < buffer.length
      ? Buffer.from(buffer.subarray(0, total))
      : buffer.subarray(0, total);
  } finally {
    await handle.close();
  }
}

function describeOpenError(code: string): string {
  switch (code) {
    case "ENOENT":
      return "file is missing";
    case "EISDIR":
      return "expected a file, found a folder";
    case "EACCES":
    case "EPERM":
      return `cannot be read: permission denied (${code})`;
    case "ELOOP":
      return "cannot be read: a symbolic link that leads to itself (ELOOP)";
    default:
      return `cannot be read (${code})`;
  }
}

export function megabytes(bytes: number): string {
  return `${Exact.ratio(bytes, 1024 * 1024).toDigits(1)} MB`;
}

/**
 * The files below `dir`, as paths relative to it with `/` between folders, sorted. Everything
 * that is not a folder is listed (a link or a FIFO too, for the reader to refuse by name), or
 * only regular files with `regularOnly`.
 */
export async function filesUnder(
  dir: string,
  options: { regularOnly?: boolean } = {},
  prefix = "",
): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) names.push(...(await filesUnder(dir, options, name)));
    else if (!options.regularOnly || entry.isFile()) names.push(name);
  }
  return names.sort();
}
