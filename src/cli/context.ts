import type { ExitCodeValue } from "../core/errors.js";
import type { BrowserManager } from "../pdf/browser.js";
import type { Output } from "./print.js";

/** What every command's action is given: where to print, where it runs, how to set the exit code. */
export interface CommandContext {
  /** With `data` always there: run() gives every command one, counting what it printed. */
  output: Output & Required<Pick<Output, "data">>;
  cwd: string;
  setExit: (code: ExitCodeValue) => void;
  /**
   * A browser the caller keeps running across commands (a process that runs report's command
   * line again and again, such as a test suite), asked for only when a build prints a PDF; the
   * command then neither starts nor closes one.
   */
  keptBrowser?: (() => Promise<BrowserManager>) | undefined;
}
