#!/usr/bin/env node
// Runs the bundled CLI (dist/report.cjs; dist/report-pdf.cjs when a PDF is printed,
// dist/report-docx.cjs when a Word document is made, and
// dist/report-charts.cjs when a chart is drawn) through V8 code caches kept in the user's cache
// folder (REPORT_CACHE_DIR, else XDG_CACHE_HOME or the platform's), never in the package, so
// that a build does not spend its first tenth of a second compiling JavaScript. Where Node has
// module.enableCompileCache (22.1 and later) it caches what is required outside the bundles
// (code/node/); the bundles get caches of this file's making on every Node, made after the run so
// that they hold the functions the run compiled, which Node's own cache (made as a module is
// compiled) does not. 2022 md + html, median of 7: on Node 22.12 0.22 s this way, 0.27 s with
// Node's cache alone, 0.29 s with none; on Node 20 0.31 s this way, 0.35 s with none.
// A cache is made on first use and again whenever V8 refuses it (another Node version, another
// build of the bundle). Where the folder cannot be written the CLI simply runs without one.
import { createHash } from "node:crypto";
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire, Module } from "node:module";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";

// V8 tuned for a run of a second, not a server of hours, set before anything is loaded (the code
// caches hold the flags they were made with). The young generation stays at its first 1 MB
// instead of doubling to 16 MB, since what a build allocates early lives to the end (the
// modules, the records, the view): copying it out of ever larger young spaces was most of the
// collector's time. And a function is compiled further only after four times V8's usual work in
// it, so a short build no longer optimises functions it leaves a moment later. Measured in turns
// on 2 cores (each with its own code cache), medians: 2022 md + html 433 → 379 ms and 85 → 70 MB
// peak; 2022 × 100 md + html 1.04 → 0.92 s. Both flags are read by V8 as it runs, not only at
// start; neither changes what a build writes.
v8.setFlagsFromString("--semi-space-growth-factor=1");
v8.setFlagsFromString("--interrupt-budget=540672");

// `report --help | head` closes the pipe early; that is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const nodeRequire = createRequire(path.join(dist, "report.cjs"));
const loaded = new Map();
const toCache = [];

/** The user's cache folder, as src/core/paths.ts finds it: code caches go under code/. */
function codeCacheDir() {
  const env = process.env;
  if (env.REPORT_CACHE_DIR) return path.join(env.REPORT_CACHE_DIR, "code");
  const home = homedir();
  const base =
    env.XDG_CACHE_HOME ??
    (process.platform === "win32"
      ? (env.LOCALAPPDATA ?? path.join(home, "AppData", "Local"))
      : process.platform === "darwin"
        ? path.join(home, "Library", "Caches")
        : path.join(home, ".cache"));
  return path.join(base, "annual-report-builder", "code");
}

/**
 * One cache file per bundle: named by the bundle, the install it is in, and the bundle's
 * content, so that two installs never share one and another build of the bundle gets its own.
 * Not by size and time: npm gives every installed file the same time, and V8 checks only the
 * source's length, so a new build of the same size would run the old one's functions.
 */
function cacheFileOf(file, bytes) {
  const hash = (text) => createHash("sha256").update(text).digest("hex").slice(0, 16);
  return path.join(codeCacheDir(), `${path.basename(file)}-${hash(file)}-${hash(bytes)}.cache`);
}

/**
 * A bundle's bytes, and its text wrapped as Node wraps a module. The file is read straight into
 * the middle of one buffer that holds the wrapper too, and decoded once into one flat string:
 * wrapping the decoded text would join two strings that V8 then copies into a third, and
 * joining buffers copies 1.9 MB into fresh memory (report.cjs), whose first touch is most of
 * what a copy costs. The bytes name the code cache: hashing the text would encode all of it to
 * UTF-8 again.
 */
function wrappedSource(file) {
  const [before, after] = Module.wrapper;
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const start = Buffer.byteLength(before);
    const buffer = Buffer.allocUnsafe(start + size + Buffer.byteLength(after));
    buffer.write(before, 0);
    let end = start;
    for (let read = 1; read > 0 && end < start + size; end += read) {
      read = readSync(fd, buffer, end, start + size - end, null);
    }
    const length = end + buffer.write(after, end);
    return { bytes: buffer.subarray(start, end), source: buffer.toString("utf8", 0, length) };
  } finally {
    closeSync(fd);
  }
}

/** Loads one bundle with its code cache; the bundles require each other through here. */
function load(file) {
  if (loaded.has(file)) return loaded.get(file);
  const { bytes, source } = wrappedSource(file);
  const cacheFile = cacheFileOf(file, bytes);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(source, {
    filename: file,
    cachedData,
  });
  const module = { exports: {} };
  loaded.set(file, module.exports);
  script.runInThisContext()(module.exports, bundleRequire, module, file, path.dirname(file));
  // The bundle replaces module.exports with its own object.
  loaded.set(file, module.exports);
  if (cachedData === undefined || script.cachedDataRejected) toCache.push({ script, cacheFile });
  return module.exports;
}

/** The bundles loaded on demand, each through its own code cache. */
const bundles = new Set(["./report-pdf.cjs", "./report-charts.cjs", "./report-docx.cjs"]);

function bundleRequire(specifier) {
  return bundles.has(specifier)
    ? load(path.join(dist, specifier.slice(2)))
    : nodeRequire(specifier);
}
bundleRequire.resolve = nodeRequire.resolve;

/** Node's own compile cache, where Node has one, for the modules outside the bundles. */
function enableNodeCompileCache() {
  if (typeof Module.enableCompileCache !== "function") return;
  try {
    Module.enableCompileCache(path.join(codeCacheDir(), "node"));
  } catch {
    // A cache folder that cannot be written: run without a cache.
  }
}

let cli;
try {
  enableNodeCompileCache();
  cli = load(path.join(dist, "report.cjs"));
} catch (error) {
  if (error.code !== "ENOENT") throw error;
  // A checkout of the sources that has not been compiled yet.
  process.stderr.write(
    `report is not built: ${error.path} is missing; run npm run build in ${path.dirname(dist)}\n`,
  );
  process.exit(70);
}
process.exitCode = await cli.run(process.argv.slice(2));

// Made after the run, the caches hold the functions the run compiled, not only the top level.
for (const { script, cacheFile } of toCache) {
  try {
    const dir = path.dirname(cacheFile);
    mkdirSync(dir, { recursive: true });
    // The caches of earlier builds of the same bundle in the same install go: the folder
    // holds one cache per bundle and install.
    const stem = `${path.basename(cacheFile).replace(/-[0-9a-f]+\.cache$/, "")}-`;
    for (const old of readdirSync(dir)) {
      if (old.startsWith(stem) && old.endsWith(".cache") && old !== path.basename(cacheFile)) {
        rmSync(path.join(dir, old), { force: true });
      }
    }
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
  } catch {
    // A cache folder that cannot be written: run without a cache.
  }
}
