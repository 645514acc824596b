import { readFileSync } from "node:fs";
import path from "node:path";
import type { Issue } from "../core/issue.js";
import { fontCharacters } from "../fonts/cmap.js";
import { coverageIssues, glyphCoverage, shownText } from "../fonts/coverage.js";
import { displayPath } from "../load/year.js";
import type { View } from "../model/view.js";
import type { Project } from "../project/config.js";
import { configFileName } from "../schema/config.js";

/**
 * Before anything is printed: the project's own fonts (its config's `fonts`), then every
 * character the report shows against the fonts its pages are drawn with, the usable project
 * fonts among them.
 */
export function glyphCheck(options: {
  html: string;
  view: View;
  /** The text of each record file, by the name it is shown under. */
  recordTexts: ReadonlyMap<string, string>;
  project: Project;
  /** The config's `fonts`, as absolute paths. */
  fonts: readonly string[];
  cwd: string;
  /** Where a character no record holds is said to stand: the output. */
  shownIn: string;
}): Issue[] {
  const own = projectFontIssues(options.project, options.fonts, options.cwd);
  return [
    ...own.issues,
    ...glyphIssues(options.html, options.view, options.recordTexts, options.shownIn, own.usable),
  ];
}

/**
 * Every character the report shows, its chart labels included (drawn or not), against the
 * fonts its pages are drawn with: a character none has is an error at its record's line.
 */
function glyphIssues(
  html: string,
  view: View,
  recordTexts: ReadonlyMap<string, string>,
  shownIn: string,
  fonts: readonly string[],
) {
  const labels: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") labels.push(value);
    else if (Array.isArray(value)) for (const item of value) collect(item);
    else if (value && typeof value === "object")
      for (const item of Object.values(value)) collect(item);
  };
  collect(view.charts);
  const coverage = glyphCoverage(html, [shownText(html), labels.join("\n")], fonts);
  return coverageIssues(coverage, recordTexts, shownIn);
}

/**
 * The config's `fonts`: each must be a font file that can be read and that has TrueType
 * outlines (Chromium embeds CFF outlines as Type 3 pictures, which PDF/A and text search lose).
 * Thrown as an input error at the config's line naming the file.
 */
function projectFontIssues(
  project: Project,
  fonts: readonly string[],
  cwd: string,
): { issues: Issue[]; usable: string[] } {
  const configFile = path.join(project.root, configFileName);
  let configText = "";
  try {
    configText = readFileSync(configFile, "utf8");
  } catch {
    // No config: no fonts either.
  }
  const issues: Issue[] = [];
  const usable: string[] = [];
  for (const [index, file] of fonts.entries()) {
    const written = project.config?.fonts?.[index] ?? file;
    const at = configText.indexOf(written);
    const line = at < 0 ? undefined : configText.slice(0, at).split("\n").length;
    let problem: string | undefined;
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      problem = `${written} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    }
    if (bytes) {
      try {
        if (!fontCharacters(bytes).trueType) {
          problem = `${written} has CFF (PostScript) outlines, which a PDF would carry as Type 3 pictures`;
        }
      } catch {
        problem = `${written} is not a font file (TTF, OTF, WOFF or WOFF2)`;
      }
    }
    if (!problem) usable.push(file);
    else {
      issues.push({
        severity: "error",
        file: displayPath(cwd, configFile),
        ...(line ? { line, column: at - configText.lastIndexOf("\n", at - 1) } : {}),
        message: `fonts: ${problem}`,
        hint: "name a TrueType font (.ttf, or a .woff/.woff2 of one) that the project holds",
      });
    }
  }
  return { issues, usable };
}
