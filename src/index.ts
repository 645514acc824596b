export {
  type BuildOptions,
  build,
  defaultFormats,
  type Format,
  formats,
  type RunOptions,
  validate,
  type YearResult,
} from "./build.js";
export { EnvironmentError, ExitCode, ReportError, UsageError } from "./errors.js";
export { parseYear } from "./load/year.js";
export { TemplateError } from "./render/templates.js";
export type { Issue } from "./validate/issue.js";
