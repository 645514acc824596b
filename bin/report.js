#!/usr/bin/env node
// Runs the bundled CLI (dist/report.cjs) through a V8 code cache kept beside it, so that a
// build does not spend its first quarter second compiling JavaScript. The cache is made on the
// first run and again whenever V8 refuses it (another Node version); where dist/ cannot be
// written the CLI simply runs without one.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

// `report --help | head` closes the pipe early; that is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const bundle = fileURLToPath(new URL("../dist/report.cjs", import.meta.url));
const cacheFile = `${bundle}.cache`;

let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(readFileSync(bundle, "utf8")), {
  filename: bundle,
  cachedData,
});
const loaded = { exports: {} };
script.runInThisContext()(
  loaded.exports,
  createRequire(bundle),
  loaded,
  bundle,
  path.dirname(bundle),
);

process.exitCode = await loaded.exports.run(process.argv.slice(2));

if (cachedData === undefined || script.cachedDataRejected) {
  try {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
  } catch {
    // A read-only install: run without a cache.
  }
}
