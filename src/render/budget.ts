import type { HelperOptions } from "handlebars";
import { HelperError } from "./helpers.js";

/**
 * What one render of a report may do. A report is some kilobytes of text from some thousand
 * loop steps (the 2022 report: 12 kB; a hundred times its records: about a megabyte); a
 * template that loops within loops over many records can ask for gigabytes and minutes, and is
 * stopped at the loop or partial that reached a bound, with its line. Text is counted as each
 * loop step and partial returns it, so a step within nested loops counts once at each level:
 * the bound on characters holds for the report written, with room for its nesting.
 */
export const renderBounds = {
  /** Characters the loops and partials of one render may return, all levels counted. */
  characters: 64 * 1024 * 1024,
  /** Loop steps and partial calls of one render. */
  steps: 5_000_000,
  /** Time one render may run, checked at each loop step and partial call. */
  milliseconds: 60_000,
};

export type RenderBounds = typeof renderBounds;

/** What one render has spent so far of its bounds; the engine keeps one while it renders. */
export class RenderBudget {
  private characters = 0;
  private steps = 0;
  private readonly started = performance.now();

  constructor(private readonly bounds: RenderBounds = renderBounds) {}

  /**
   * Counts one loop step or partial call that returned `characters`: past a bound, an error at
   * `options`' place (the {{#each}} that made the step) naming the bound that was reached.
   */
  spend(characters: number, options: HelperOptions | undefined, what: string): void {
    this.characters += characters;
    this.steps += 1;
    const hint =
      "a loop within a loop over many records? a report is some hundred kilobytes; loop over the records once";
    if (this.characters > this.bounds.characters) {
      throw bounded(
        `${what} took the report past ${megabytesOf(this.bounds.characters)} of text, the most a render may produce`,
        hint,
        options,
      );
    }
    if (this.steps > this.bounds.steps) {
      throw bounded(
        `${what} took the report past ${this.bounds.steps.toLocaleString("en")} loop steps and partials, the most a render may run`,
        hint,
        options,
      );
    }
    if (performance.now() - this.started > this.bounds.milliseconds) {
      throw bounded(
        `${what} ran past ${this.bounds.milliseconds / 1000} s, the longest a render may take`,
        hint,
        options,
      );
    }
  }
}

function megabytesOf(characters: number): string {
  return `${characters / (1024 * 1024)} M characters`;
}

function bounded(message: string, hint: string, options: HelperOptions | undefined): HelperError {
  const error = new HelperError(message, options);
  return Object.assign(error, { hint });
}
