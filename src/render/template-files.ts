import path from "node:path";
import { inParallel } from "../core/parallel.js";
import { filesUnder, readRegularFile, UnreadableFile } from "../core/read.js";
import { TemplateError } from "./template-errors.js";

/** A template file: `name` is its path inside the templates folder, `file` as shown to users. */
export interface TemplateSource {
  name: string;
  file: string;
  text: string;
  /** The file of the same name this one replaces (a built-in one), when there is one. */
  under?: TemplateSource;
}

const templateExtensions = [".md.hbs", ".html.hbs", ".css", ".yaml"];

/** A template, stylesheet or locale file is a few kilobytes; far more is not one. */
const maxTemplateBytes = 4 * 1024 * 1024;

/**
 * Reads the built-in templates, then the user's folder on top: a file there replaces the
 * built-in of the same name, so an editor can copy one partial and change it alone.
 */
export async function readTemplates(
  folders: Array<{ dir: string; display: string; within?: string }>,
): Promise<Map<string, TemplateSource>> {
  const sources = new Map<string, TemplateSource>();
  for (const { dir, display, within } of folders) {
    const names = (await filesUnder(dir)).filter((name) =>
      templateExtensions.some((extension) => name.endsWith(extension)),
    );
    // Read a few at a time, then taken in order: the first that cannot be read is the one named.
    const reads: Array<{ text: string } | { error: unknown }> = [];
    await inParallel([...names.keys()], 8, async (index) => {
      reads[index] = await readRegularFile(path.join(dir, names[index] ?? ""), maxTemplateBytes, {
        within,
      }).then(
        (bytes) => ({ text: bytes.toString("utf8") }),
        (error: unknown) => ({ error }),
      );
    });
    for (const [index, name] of names.entries()) {
      const file = path.join(display, name);
      const read = reads[index] as (typeof reads)[number];
      if ("error" in read) {
        const { error } = read;
        if (!(error instanceof UnreadableFile)) throw error;
        throw new TemplateError(
          { severity: "error", file, message: error.message },
          { cause: error },
        );
      }
      const { text } = read;
      const under = sources.get(name);
      sources.set(name, {
        name,
        file: path.join(display, name),
        text,
        ...(under ? { under } : {}),
      });
    }
  }
  return sources;
}
