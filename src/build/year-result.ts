import type { Issue } from "../core/issue.js";
import { measured } from "../core/trace.js";
import type { YamlFile } from "../load/yaml-file.js";
import type { View } from "../model/view.js";
import type { RenderedReport } from "../render/render.js";
import type { RecordFileName } from "../schema/index.js";
import type { Format, Stage, StageEvent } from "./options.js";

/** What a build tells of each year, stage by stage. */

export interface WrittenFile {
  /** The format, or svg for a chart written beside report.md. */
  format: Format | "svg";
  path: string;
  bytes: number;
}

export interface YearResult {
  year: number;
  errors: Issue[];
  warnings: Issue[];
  files: WrittenFile[];
  /** How many times the whole report was printed for its PDF: 1 unless its template keeps it from it. */
  prints?: number;
  /** Whether the cover and contents were printed again alone, with their page numbers. */
  frontPrinted?: boolean;
  /** Pages of the PDF, when one was printed. */
  pages?: number;
  /** How long each stage took, in milliseconds. */
  stages: Partial<Record<Stage, number>>;
  milliseconds: number;
}

/** A year read, checked and rendered in memory: what the print and write stages take. */
export interface RenderedYear {
  year: number;
  /** Each chart the report shows, as the SVG file beside report.md. */
  charts?: Map<string, string>;
  result: YearResult;
  view?: View;
  report?: RenderedReport;
  /** The record files read, with their positions. */
  files?: Partial<Record<RecordFileName, YamlFile>>;
}

/** An empty result of `year`, and the clock its stages are timed by. */
export function yearClock(year: number, progress: ((event: StageEvent) => void) | undefined) {
  const result: YearResult = {
    year,
    errors: [],
    warnings: [],
    files: [],
    stages: {},
    milliseconds: 0,
  };
  return {
    result,
    /** Records how long a stage took since `since`, and returns the time it ended. */
    stage(name: Stage, since: number) {
      return stageEnded(result, name, since, progress);
    },
  };
}

/**
 * A stage of `result`'s year ended: its time recorded (stages, trace, progress line) and, for
 * the stages after rendering, added to the year's. Returns the time it ended.
 */
export function stageEnded(
  result: YearResult,
  name: Stage,
  since: number,
  progress: ((event: StageEvent) => void) | undefined,
  addToYear = false,
): number {
  const now = performance.now();
  const milliseconds = now - since;
  if (addToYear) result.milliseconds += milliseconds;
  result.stages[name] = milliseconds;
  measured(`${result.year} ${name}`, since, now);
  progress?.({ year: result.year, stage: name, milliseconds });
  return now;
}
