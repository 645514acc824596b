import { createRequire } from "node:module";
import path from "node:path";
import { packageRoot } from "../core/paths.js";
import type { NameUse } from "./template-compile.js";

/** A built-in template compiled when the package was built, by scripts/precompile.js. */
export interface PrecompiledTemplate {
  names: NameUse[];
  template: TemplateSpecification;
}

/** The built-in templates compiled by `npm run build`, by {@link compileKey}. */
export const precompiledFile = path.join(packageRoot, "dist", "templates-compiled.cjs");

let table: Record<string, PrecompiledTemplate> | null | undefined;

/**
 * The built-in template compiled under `key`, when the package was built with it. Only the
 * release's own templates are there: a template the user changed has another key and is
 * compiled when it is used. Nothing is written at run time.
 */
export function precompiledTemplate(key: string): PrecompiledTemplate | undefined {
  if (table === undefined) {
    try {
      table = createRequire(import.meta.url)(precompiledFile) as Record<
        string,
        PrecompiledTemplate
      >;
    } catch {
      // A checkout of the sources that has not been built: every template is compiled.
      table = null;
    }
  }
  return table?.[key];
}
