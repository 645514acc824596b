// Preloaded into the measured process with --import: records its peak resident memory on exit.
import { writeFileSync } from "node:fs";

const target = process.env.REPORT_BENCH_RSS_FILE;
if (target) {
  process.on("exit", () => {
    writeFileSync(target, String(process.resourceUsage().maxRSS * 1024));
  });
}
