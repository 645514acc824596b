import type { Issue } from "../core/issue.js";
import { isChinese, type Script } from "../core/language.js";
import { measured } from "../core/trace.js";
import type { YamlFile } from "../load/yaml-file.js";
import { buildView, type View } from "../model/view.js";
import type { Project } from "../project/config.js";
import { scriptConverter } from "../render/script.js";
import type { RecordFileName, Records } from "../schema/index.js";
import type { Templates } from "./engine.js";
import type { RunOptions } from "./options.js";
import { previousYear } from "./previous-year.js";

/**
 * The script a year's outputs are written in (--script, else the config's), with the function
 * that writes text in it; the view is converted with it in one place (model/script.ts). An
 * English report is left as written, with a warning.
 */
export async function scriptOfYear(
  options: RunOptions,
  project: Project,
  report: Records["report.yaml"],
  reportFile: string,
  warnings: Issue[],
): Promise<{ script: Script; convert: (text: string) => string } | undefined> {
  const script = options.script ?? project.config?.script;
  if (!script) return undefined;
  if (!isChinese(report.language)) {
    // Scripts are a Chinese matter: an English report is left as it is written.
    warnings.push({
      severity: "warning",
      file: reportFile,
      message: `--script ${script} is for Chinese reports; this one is in ${report.language} and is left as written`,
    });
    return undefined;
  }
  return { script, convert: await scriptConverter(script, project.config?.glossary ?? {}) };
}

/**
 * The view of a valid year, every figure worked out: its records, last year's when they are
 * valid (the report then compares), the config and theme, in the script asked for.
 */
export async function viewOfYear(
  options: RunOptions,
  project: Project,
  templates: Templates,
  year: { year: number; records: Records; files: Partial<Record<RecordFileName, YamlFile>> },
  script: { script: Script; convert: (text: string) => string } | undefined,
  warnings: Issue[],
): Promise<View> {
  const previous = await previousYear(options, project, year.year, warnings);
  const started = performance.now();
  const view = buildView({
    records: year.records,
    files: year.files,
    previous,
    words: (locale) => templates.engine.words(locale),
    config: project.config,
    theme: options.theme,
    script,
  });
  measured(`${year.year} render: the view, every figure worked out`, started);
  return view;
}
