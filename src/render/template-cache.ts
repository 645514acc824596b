import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { userCacheDir } from "../core/paths.js";
import { escapeForMarkdown, makeParametersStrict } from "./ast.js";

/**
 * Compiled templates kept in the user's cache folder (`templates/` of {@link userCacheDir}),
 * never in the installed package. The key covers everything a compile depends on: the
 * template's text, its kind, the helpers and the partials there are (so a template taken from
 * the cache would have passed the same name checks), the Handlebars release and the code that
 * rewrites templates. Only a template that compiled is kept. Where the folder cannot be
 * written the templates are simply compiled each time.
 */
export const compiledCache = {
  get dir(): string {
    return path.join(userCacheDir(), "templates");
  },
  salt: "",
  /** The source of the engine that compiles: a change to it compiles afresh. */
  engineSource: "",
  key(kind: string, helpers: string[], partials: string[], text: string): string {
    this.salt ||= [
      Handlebars.VERSION,
      escapeForMarkdown.toString(),
      makeParametersStrict.toString(),
      this.engineSource,
    ].join("\0");
    return createHash("sha256")
      .update(
        `${this.salt}\0${kind}\0${[...helpers].sort().join(",")}\0${[...partials].sort().join(",")}\0${text}`,
      )
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
