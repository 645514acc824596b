import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import Sequencer from "./test/sequencer.js";
import { testTimeout } from "./test/time-limits.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The 2022 records and every example built once, for the suites that only read outputs.
    globalSetup: ["test/global-setup.ts"],
    // A worker runs file after file in one process with one set of modules (and one browser):
    // what each file must have fresh is in test/setup.ts.
    isolate: false,
    setupFiles: ["test/setup.ts"],
    // Hang guards, from the one setting in test/time-limits.ts.
    testTimeout,
    hookTimeout: testTimeout,
    // Most of the suite waits on processes it starts (Chromium, the CLI, Java, LibreOffice):
    // three files at a time keep two cores busy (vitest's default would be one).
    maxWorkers: 3,
    sequence: { sequencer: Sequencer },
    // The usual report, then the slowest files and tests.
    reporters: ["default", "./test/slowest-reporter.ts"],
    // The tests' compiled templates go to a cache of their own, not the user's.
    env: { REPORT_CACHE_DIR: path.join(tmpdir(), `report-test-cache-${process.pid}`) },
  },
});
