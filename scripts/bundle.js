// Bundles the CLI into one CommonJS file, dist/report.cjs, that bin/report.js runs through a
// V8 code cache. Node spends most of a cold start finding, reading and compiling hundreds of
// small modules; one file with its compiled code cached starts in a fraction of that.
import { rm } from "node:fs/promises";
import { build } from "esbuild";

await rm("dist/report.cjs.cache", { force: true });
await build({
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/report.cjs",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  // Loaded from node_modules only when a PDF is printed, so other commands never parse them.
  external: ["puppeteer-core", "@puppeteer/browsers", "pdf-lib"],
  // The modules find the package's files from their own address.
  define: { "import.meta.url": "__reportModuleUrl" },
  banner: { js: 'var __reportModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
  plugins: [
    {
      // Handlebars builds source maps of compiled templates when the source-map package is
      // there; report never uses them, and without it Handlebars takes its lighter path.
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
    },
  ],
});
