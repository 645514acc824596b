import path from "node:path";
import type { Reporter, TestModule } from "vitest/node";

/** How many files and tests the list at the end names. */
const shown = 8;

/**
 * After the run, the slowest test files and tests, so that the next slow one is seen when it
 * comes rather than when the suite grows too long. A file's time is from its import to the end
 * of its last hook, as its worker spent it (three files share two cores: a file waits for the
 * processor too).
 */
export default class SlowestReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const root = process.cwd();
    const files = modules
      .map((module) => {
        const { collectDuration, setupDuration, duration } = module.diagnostic();
        return {
          name: path.relative(root, module.moduleId),
          seconds: (collectDuration + setupDuration + duration) / 1000,
          tests: [...module.children.allTests()].length,
        };
      })
      .sort((a, b) => b.seconds - a.seconds);
    const tests = modules
      .flatMap((module) =>
        [...module.children.allTests()].map((test) => ({
          name: `${path.relative(root, module.moduleId)} > ${test.fullName}`,
          seconds: (test.diagnostic()?.duration ?? 0) / 1000,
        })),
      )
      .sort((a, b) => b.seconds - a.seconds);
    if (files.length === 0) return;
    const line = (seconds: number, text: string) =>
      `  ${seconds.toFixed(1).padStart(6)} s  ${text}\n`;
    let text = "\n Slowest files\n";
    for (const file of files.slice(0, shown))
      text += line(file.seconds, `${file.name} (${file.tests} tests)`);
    text += "\n Slowest tests\n";
    for (const test of tests.slice(0, shown)) text += line(test.seconds, test.name);
    process.stdout.write(text);
  }
}
