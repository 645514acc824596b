export {
  type BuildOptions,
  build,
  defaultFormats,
  type Format,
  formats,
  type RunOptions,
  validate,
  type YearResult,
} from "./build/index.js";
export { EnvironmentError, ExitCode, ReportError, UsageError } from "./core/errors.js";
export type { Issue } from "./core/issue.js";
export { parseYear } from "./load/year.js";
export { TemplateError } from "./render/templates.js";
