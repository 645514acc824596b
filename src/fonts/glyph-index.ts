import path from "node:path";
import { digestedKind, keepSerialized, packageOf, readSerialized } from "../services/kept-files.js";
import { type FontPackage, stylesheetFile } from "./faces.js";

/**
 * Which font file of a chain of faces draws each character, kept between runs in the user's
 * cache (services/kept-files.ts). Finding it means reading the faces' stylesheets and the cmaps
 * of their font files, which a report of characters met before need not do again. The index
 * of a chain is keyed by each face's package, version and installed place, so another version
 * or install starts an index of its own; a character not in it yet is looked up and added.
 */

/** Where a character is drawn: a file of the report's faces, of the rare face, or none. */
export type Drawing = { file: string; rare: boolean } | null;

/** One index for each chain of faces (Traditional, Simplified, Latin) and install. */
const kind = digestedKind("glyphs", "v8", 16);

const indexes = new Map<string, { drawings: Map<number, Drawing>; added: boolean }>();

/** The identity of a chain: each face's package, its version, and where it is installed. */
function keyOf(chain: readonly FontPackage[]): string {
  return chain
    .map((entry) => {
      let css: string;
      try {
        css = stylesheetFile(entry, entry.weights[0]);
      } catch {
        return `${entry.name} (not installed)`;
      }
      return `${packageOf(css)} ${path.dirname(css)} ${entry.weights.join(",")}`;
    })
    .join("\n");
}

/**
 * The drawing of `code` along `chain`, from the index (kept between runs) or, for a character
 * met for the first time, from `lookUp`, which the index then remembers.
 */
export function drawingIndex(chain: readonly FontPackage[]): {
  drawing(code: number, lookUp: () => Drawing): Drawing;
  /** Keeps the index for the next run when characters were added to it. */
  save(): void;
} {
  const key = keyOf(chain);
  let index = indexes.get(key);
  if (!index) {
    index = { drawings: readIndex(key), added: false };
    indexes.set(key, index);
  }
  const found = index;
  return {
    drawing(code, lookUp) {
      let drawing = found.drawings.get(code);
      if (drawing === undefined) {
        drawing = lookUp();
        found.drawings.set(code, drawing);
        found.added = true;
      }
      return drawing;
    },
    save() {
      if (!found.added) return;
      found.added = false;
      keepSerialized(kind, key, found.drawings);
    },
  };
}

function readIndex(key: string): Map<number, Drawing> {
  const drawings = readSerialized(kind, key)?.value;
  return drawings instanceof Map ? (drawings as Map<number, Drawing>) : new Map();
}
