import type { Script } from "../core/language.js";
import type { BrowserManager } from "../pdf/browser.js";
import { defaultFormats, outputFormats, type Theme } from "../schema/config.js";

/** What a build, a validation or a preview is asked for. */

export const formats = outputFormats;
export type Format = (typeof formats)[number];
export { defaultFormats };

export interface RunOptions {
  /** The folder relative paths are resolved against and shown relative to. */
  cwd: string;
  years: number[];
  /** Records folder; defaults to the project's `data/`. */
  data?: string;
  /**
   * A folder of templates that replace the built-in ones of the same name; the project's own
   * `templates/` is used without it being named.
   */
  templates?: string;
  /** Called as each stage of a year ends, for progress lines. */
  progress?: (event: StageEvent) => void;
  /** Writes the outputs in this script; defaults to the config's, else the records' own. */
  script?: Script;
  /** The look: default, or official (GB/T 9704); defaults to the config's. */
  theme?: Theme;
}

export const stages = ["load", "validate", "render", "print", "write"] as const;
export type Stage = (typeof stages)[number];

export interface StageEvent {
  year: number;
  stage: Stage;
  milliseconds: number;
}

export interface BuildOptions extends RunOptions {
  formats?: Format[];
  /** Output folder; each year goes to `<out>/<year>/`. Defaults to the project's `out/`. */
  out?: string;
  /** The browser that prints the PDF; found on the machine when not given. */
  browser?: string;
  /** How long one print may take, in milliseconds. */
  timeout?: number;
  /** Environment for finding the browser and SOURCE_DATE_EPOCH; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * A browser the caller keeps running across builds (watch mode, the preview server); the
   * build then neither starts nor closes one.
   */
  manager?: BrowserManager;
}
