import type { ExitCodeValue } from "../core/errors.js";
import type { Output } from "./print.js";

/** What every command's action is given: where to print, where it runs, how to set the exit code. */
export interface CommandContext {
  output: Output;
  cwd: string;
  setExit: (code: ExitCodeValue) => void;
}
