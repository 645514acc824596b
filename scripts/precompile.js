// Compiles the built-in templates into dist/templates-compiled.cjs, so that a build with the
// release's own templates compiles none at run time. Each entry is keyed as the engine looks it
// up (the template's kind, the helpers there are and its text) and keeps the helpers and
// partials the template calls, which the engine checks on every use. Runs after tsc, from dist/.
import { writeFile } from "node:fs/promises";
import Handlebars from "handlebars";
import { builtinTemplates } from "../dist/core/paths.js";
import { precompiledFile } from "../dist/render/precompiled.js";
import { compileKey, compileOptions, compileText } from "../dist/render/template-compile.js";
import { readTemplates, TemplateEngine } from "../dist/render/templates.js";

const sources = await readTemplates([{ dir: builtinTemplates, display: "templates" }]);
const { helperNames } = new TemplateEngine(sources);
const entries = [];
for (const { name, text } of sources.values()) {
  const kind = name.endsWith(".md.hbs") ? "markdown" : name.endsWith(".html.hbs") ? "html" : "";
  if (!kind) continue;
  const { ast, names } = compileText(text, kind, helperNames);
  const template = Handlebars.precompile(ast, compileOptions(kind));
  entries.push(
    `// ${name}\n${JSON.stringify(compileKey(kind, helperNames, text))}: ` +
      `{ names: ${JSON.stringify(names)}, template: ${template} }`,
  );
}
await writeFile(
  precompiledFile,
  `"use strict";\n// The built-in templates, compiled by scripts/precompile.js.\nmodule.exports = {\n${entries.join(",\n")}\n};\n`,
);
console.log(`precompiled ${entries.length} templates into dist/templates-compiled.cjs`);
