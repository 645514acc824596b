import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { packageRoot } from "../core/paths.js";
import { escapeForMarkdown, makeParametersStrict } from "./ast.js";

/**
 * Compiled templates kept beside the bundles (dist/template-cache/), like the code caches: the
 * package's own folder, never a shared one, since the files are run. The key covers the
 * template's text, its kind, the helpers, the Handlebars release and the code that rewrites
 * templates, so a change to any of them compiles afresh. Where the folder cannot be written the
 * templates are simply compiled each time.
 */
export const compiledCache = {
  dir: path.join(packageRoot, "dist", "template-cache"),
  salt: "",
  /** The source of the engine that compiles: a change to it compiles afresh. */
  engineSource: "",
  key(kind: string, helpers: string[], text: string): string {
    this.salt ||= [
      Handlebars.VERSION,
      escapeForMarkdown.toString(),
      makeParametersStrict.toString(),
      this.engineSource,
    ].join("\0");
    return createHash("sha256")
      .update(`${this.salt}\0${kind}\0${[...helpers].sort().join(",")}\0${text}`)
      .digest("hex");
  },
  read(key: string): string | undefined {
    try {
      return readFileSync(path.join(this.dir, `${key}.js`), "utf8");
    } catch {
      return undefined;
    }
  },
  write(key: string, spec: string): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      // Edited prose leaves old entries behind: past a few thousand, start again.
      if (readdirSync(this.dir).length > 2000) {
        rmSync(this.dir, { recursive: true, force: true });
        mkdirSync(this.dir, { recursive: true });
      }
      const file = path.join(this.dir, `${key}.js`);
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, spec);
      renameSync(temporary, file);
    } catch {
      // A read-only install: no cache.
    }
  },
};
