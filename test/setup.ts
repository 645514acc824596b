import { afterAll } from "vitest";
import { cleanUpNow } from "../src/services/cleanup.js";
import { removeWorkspaces } from "./support.js";

// Run before every test file. Files share their worker's modules (isolate: false in
// vitest.config.ts), so what is per file is registered here, not where the helpers are.

afterAll(removeWorkspaces);

// Once per worker: when vitest ends it (SIGTERM, once its files are done), the browser the
// worker kept is killed with every process it started, and its profile removed.
const registered = Symbol.for("report-test-worker-cleanup");
const global = globalThis as { [registered]?: true };
if (!global[registered]) {
  global[registered] = true;
  process.once("SIGTERM", () => {
    cleanUpNow();
    process.exit(143);
  });
}
