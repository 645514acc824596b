// Bundles the CLI for bin/report.js, which runs each bundle through a V8 code cache: Node spends
// most of a cold start finding, reading and compiling hundreds of small modules; one file with
// its compiled code cached starts in a fraction of that.
//
//   dist/report.cjs      the command line, records, templates, Markdown and HTML
//   dist/report-pdf.cjs  printing: puppeteer-core and pdf-lib, loaded only for a PDF
//   dist/report-charts.cjs  ECharts, loaded only when a chart has to be drawn
//   dist/report-docx.cjs    the Word document: docx, loaded only when a build asks for it
//   dist/errors.cjs      the error classes, shared by all so that `instanceof` holds
//   dist/cleanup.cjs     what a run must remove or stop on exit, one registry for all bundles
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";

const source = path.resolve("src");

/** Imports of these source files are left to the bundle named, loaded at run time. */
function separately(files) {
  return {
    name: "separate-bundles",
    setup(bundle) {
      bundle.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = path.resolve(args.resolveDir, args.path).replace(/\.js$/, ".ts");
        const name = files[path.relative(source, target)];
        return name && args.importer !== "" ? { path: `./${name}`, external: true } : undefined;
      });
    },
  };
}

// Handlebars builds source maps of compiled templates when the source-map package is there;
// report never uses them, and without it Handlebars takes its lighter path.
const withoutTemplateSourceMaps = {
  name: "without-template-source-maps",
  setup(bundle) {
    bundle.onResolve({ filter: /^source-map$/ }, () => ({
      path: "source-map",
      namespace: "empty",
    }));
    bundle.onLoad({ filter: /.*/, namespace: "empty" }, () => ({
      contents: "module.exports = {};",
    }));
  },
};

// zod's API names every locale's messages (z.locales, z.core.locales), a third of the library;
// report writes its own messages and uses the English default zod registers itself.
const withoutZodLocales = {
  name: "without-zod-locales",
  setup(bundle) {
    bundle.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /zod[\\/]v4[\\/](classic|core|mini)$/.test(args.resolveDir)
        ? { path: "zod-locales", namespace: "empty" }
        : undefined,
    );
  },
};

const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  // The modules find the package's files from their own address.
  define: { "import.meta.url": "__reportModuleUrl" },
  banner: { js: 'var __reportModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  // Optional native speed-ups of ws, not installed; the script converter and the workbook
  // reader, loaded from node_modules only when --script or report import of an .xlsx asks.
  // resvg is a native module, loaded from node_modules.
  // subset-font loads HarfBuzz's WebAssembly from its package, for a page with rare characters.
  // @puppeteer/browsers is asked only when no browser is found on the machine (find-browser.ts).
  // mammoth and htmlparser2 read a Word or HTML draft for report check, loaded only then;
  // iconv-lite (its code tables are half a megabyte) only for a file that is not UTF-8.
  external: [
    "@puppeteer/browsers",
    "bufferutil",
    "utf-8-validate",
    "opencc-js",
    "exceljs",
    "@resvg/resvg-js",
    "subset-font",
    "mammoth",
    "htmlparser2",
    "iconv-lite",
  ],
  // import() of another bundle becomes require(), which bin/report.js serves from its cache.
  supported: { "dynamic-import": false },
  logLevel: "warning",
};

for (const name of [
  "errors.cjs",
  "cleanup.cjs",
  "report.cjs",
  "report-pdf.cjs",
  "report-charts.cjs",
  "report-docx.cjs",
]) {
  for (const suffix of ["", ".map", ".cache"]) await rm(`dist/${name}${suffix}`, { force: true });
}
await Promise.all([
  build({ ...common, entryPoints: ["src/core/errors.ts"], outfile: "dist/errors.cjs" }),
  build({ ...common, entryPoints: ["src/services/cleanup.ts"], outfile: "dist/cleanup.cjs" }),
  build({
    ...common,
    entryPoints: ["src/cli/main.ts"],
    outfile: "dist/report.cjs",
    plugins: [
      separately({
        "core/errors.ts": "errors.cjs",
        "services/cleanup.ts": "cleanup.cjs",
        "pdf/index.ts": "report-pdf.cjs",
        "charts/render.ts": "report-charts.cjs",
        "docx/index.ts": "report-docx.cjs",
      }),
      withoutTemplateSourceMaps,
      withoutZodLocales,
    ],
  }),
  build({
    ...common,
    entryPoints: ["src/charts/render.ts"],
    outfile: "dist/report-charts.cjs",
  }),
  build({
    ...common,
    entryPoints: ["src/docx/index.ts"],
    outfile: "dist/report-docx.cjs",
    plugins: [separately({ "core/errors.ts": "errors.cjs", "services/cleanup.ts": "cleanup.cjs" })],
  }),
  build({
    ...common,
    entryPoints: ["src/pdf/index.ts"],
    outfile: "dist/report-pdf.cjs",
    plugins: [separately({ "core/errors.ts": "errors.cjs", "services/cleanup.ts": "cleanup.cjs" })],
  }),
]);

// esbuild writes strings in ASCII but keeps comments and regular expressions as they are; one
// character beyond ASCII makes V8 hold the whole bundle as two bytes a character (3.9 MB instead
// of 1.9 MB for report.cjs, twice while it is compiled). Written as \u escapes, which mean the
// same in a comment, a regular expression (with or without the u flag) and an identifier. A
// character escaped for its own sake (`\《`, an odd run of backslashes before it) is the same
// character, so its backslash gives way to the \u escape.
for (const name of ["report.cjs", "report-pdf.cjs", "report-charts.cjs", "report-docx.cjs"]) {
  const file = `dist/${name}`;
  const text = await readFile(file, "utf8");
  const ascii = text.replace(/(\\*)([^\0-\x7f])/g, (_, slashes, unit) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return `${kept}\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  if (ascii !== text) await writeFile(file, ascii);
}
