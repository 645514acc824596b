/** A build's stages, as the commands, the preview server and the public API use them. */
export { defaultTimeout, startBrowser } from "./browser.js";
export { build } from "./build.js";
export { renderInMemory, traceInMemory, validate } from "./in-memory.js";
export {
  type BuildOptions,
  defaultFormats,
  type Format,
  formats,
  type RunOptions,
  type Stage,
  type StageEvent,
  stages,
} from "./options.js";
export { printInMemory } from "./print.js";
export { watchTargets } from "./watch.js";
export type { RenderedYear, WrittenFile, YearResult } from "./year-result.js";
