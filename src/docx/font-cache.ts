import { createHash } from "node:crypto";
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { packageVersion, userCacheDir } from "../core/paths.js";

/**
 * The fonts report.docx embeds, kept between builds in the user's cache folder: joining a
 * face's files takes most of what the fonts cost a build (inflating a hundred files of a CJK
 * face), and a build of the same text makes the same font. A font is named by a hash of all it
 * is made from (each file's package and version, name and size, the characters taken from it,
 * this release), and read back only if it is whole (an sfnt's checksum holds). At most {@link kept} are kept, the least
 * recently used removed first; a cache that cannot be written is simply not used.
 */
export async function cachedFont(
  sources: ReadonlyArray<{ file: string; codes: readonly number[] }>,
  make: () => Promise<Buffer>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Buffer> {
  const hash = createHash("sha256").update(`report ${packageVersion()} docx font\n`);
  for (const source of sources) {
    // A font package's files are dated alike whatever its version: its version tells them apart.
    const size = statSync(source.file).size;
    hash.update(`${packageOf(source.file)} ${path.basename(source.file)} ${size}\n`);
    hash.update(`${source.codes.join(",")}\n`);
  }
  const folder = path.join(userCacheDir(env), "fonts");
  const file = path.join(folder, `${hash.digest("hex")}.ttf`);
  try {
    const kept = readFileSync(file);
    if (whole(kept)) {
      const now = new Date();
      utimesSync(file, now, now);
      return kept;
    }
  } catch {
    // Not made yet.
  }
  const font = await make();
  try {
    mkdirSync(folder, { recursive: true });
    const written = `${file}.${process.pid}.tmp`;
    writeFileSync(written, font);
    renameSync(written, file);
    prune(folder);
  } catch {
    // A read-only or full disk: the next build makes the font again.
  }
  return font;
}

const packages = new Map<string, string>();

/** The package a file is in, as `name@version`, from the nearest package.json above it. */
function packageOf(file: string): string {
  const folder = path.dirname(file);
  let known = packages.get(folder);
  if (known === undefined) {
    known = "";
    for (let at = folder; ; at = path.dirname(at)) {
      try {
        const manifest = JSON.parse(readFileSync(path.join(at, "package.json"), "utf8")) as {
          name?: string;
          version?: string;
        };
        known = `${manifest.name}@${manifest.version}`;
        break;
      } catch {
        if (path.dirname(at) === at) break;
      }
    }
    packages.set(folder, known);
  }
  return known;
}

/** How many fonts the cache keeps: a few reports' worth of faces. */
const kept = 48;

function prune(folder: string): void {
  const fonts = readdirSync(folder)
    .filter((name) => name.endsWith(".ttf"))
    .map((name) => {
      const file = path.join(folder, name);
      return { file, used: statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 };
    })
    .sort((a, b) => b.used - a.used);
  for (const { file } of fonts.slice(kept)) rmSync(file, { force: true });
}

/** Whether an sfnt is whole: its words sum to 0xB1B0AFBA, as head.checkSumAdjustment makes them. */
function whole(font: Buffer): boolean {
  if (font.length < 12 || font.length % 4 !== 0) return false;
  let sum = 0;
  for (let at = 0; at < font.length; at += 4) sum = (sum + font.readUInt32BE(at)) >>> 0;
  return sum === 0xb1b0afba;
}
