import chalk from "chalk";
import type { StageEvent } from "../build/index.js";
import type { Output } from "./print.js";

/**
 * A line of progress per stage (load, validate, render, print, write) with its time. On a
 * terminal the year's line grows in place as the stages end; elsewhere (CI logs) each stage is
 * a plain line of its own.
 */
export function stageProgress(output: Output): {
  progress: (event: StageEvent) => void;
  finish: () => void;
} {
  const lines = new Map<number, string[]>();
  let drawn = false;
  return {
    progress(event) {
      const entry = `${event.stage} ${Math.round(event.milliseconds)} ms`;
      if (!output.isTTY) {
        output.write(chalk.dim(`  ${event.year} ${entry}\n`));
        return;
      }
      const parts = lines.get(event.year) ?? [];
      parts.push(entry);
      lines.set(event.year, parts);
      output.write(`\r\x1b[2K${chalk.dim(`  ${event.year} ${parts.join(" · ")}`)}`);
      drawn = true;
    },
    finish() {
      if (drawn) output.write("\n");
      drawn = false;
      lines.clear();
    },
  };
}
