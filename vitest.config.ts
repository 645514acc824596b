import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The 2022 records and every example built once, for the suites that only read outputs.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    // Most of the suite waits on processes it starts (Chromium, the CLI, Java, LibreOffice):
    // three files at a time keep two cores busy (vitest's default would be one).
    maxWorkers: 3,
    // The tests' compiled templates go to a cache of their own, not the user's.
    env: { REPORT_CACHE_DIR: path.join(tmpdir(), `report-test-cache-${process.pid}`) },
  },
});
