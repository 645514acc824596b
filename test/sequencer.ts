import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that are one long chain of waiting (npm pack, then an install, then a build in the
 * installed package): started first, they run beside the rest instead of after it, and the
 * suite ends when the rest does.
 */
const startedFirst = ["package.test.ts"];

/**
 * Vitest's own order (the files that failed last time, then the longest last time; in a fresh
 * clone, the largest), with the long chains put first.
 */
export default class Sequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (spec: TestSpecification) =>
      startedFirst.includes(path.basename(spec.moduleId)) ? 0 : 1;
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return sorted.sort((a, b) => first(a) - first(b));
  }
}
