import { formatPath, type Issue } from "../core/issue.js";
import { issueAt, offsetOf } from "../load/yaml-file.js";
import type { LoadedYear } from "../load/year.js";
import {
  isRequired,
  type RecordFileName,
  type Records,
  recordFileNames,
  recordFiles,
} from "../schema/index.js";
import { characterIssues } from "./characters.js";
import { type Finding, rules } from "./rules/index.js";
import { schemaIssues } from "./schema-issues.js";
import { todoIssues } from "./todos.js";

export interface Validation {
  /** Present only when there are no errors. */
  records?: Records;
  errors: Issue[];
  warnings: Issue[];
}

/**
 * Checks every file against its schema, then, when all files are sound, the rules that span
 * fields and files. Returns data; the caller decides how to show it.
 */
export function validateYear(loaded: LoadedYear): Validation {
  const issues: Issue[] = [...loaded.issues];
  for (const [name, file] of Object.entries(loaded.files)) {
    const value = name in loaded.values ? loaded.values[name as RecordFileName] : undefined;
    issues.push(...todoIssues(file), ...characterIssues(file, value));
  }
  const parsed: Partial<Record<RecordFileName, unknown>> = {};
  for (const name of recordFileNames) {
    const file = loaded.files[name];
    if (!file || !(name in loaded.values)) continue;
    const schema = recordFiles[name];
    const result = schema.safeParse(loaded.values[name]);
    if (result.success) parsed[name] = result.data;
    else issues.push(...schemaIssues(file, schema, loaded.values[name], result.error.issues));
  }
  // Complete when every file that was found parsed: optional files may be absent.
  const complete = recordFileNames.every(
    (name) => name in parsed || (!isRequired(name) && !loaded.files[name]),
  );
  let records: Records | undefined;
  if (complete && !issues.some((issue) => issue.severity === "error")) {
    records = parsed as Records;
    for (const rule of rules) {
      for (const finding of rule(records, loaded.year)) {
        const file = loaded.files[finding.file];
        if (!file) continue;
        issues.push(
          issueAt(
            file,
            offsetWithin(file.text, offsetOf(file, finding.path), finding.within),
            finding.severity,
            finding.message.replace("{other}", placeOf(loaded, finding.other)),
            {
              path: formatPath(finding.path),
              ...(finding.hint ? { hint: finding.hint } : {}),
            },
          ),
        );
      }
    }
  }
  issues.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
  const errors = issues.filter((issue) => issue.severity === "error");
  const warnings = issues.filter((issue) => issue.severity === "warning");
  return { ...(errors.length === 0 && records ? { records } : {}), errors, warnings };
}

/** Where another record's value is written: data/2024/relief.yaml:14 (programmes[0].amount). */
function placeOf(loaded: LoadedYear, other: Finding["other"]): string {
  const file = other && loaded.files[other.file];
  if (!other || !file) return other ? other.file : "";
  const { line } = file.lineCounter.linePos(offsetOf(file, other.path));
  return `${file.display}:${line} (${formatPath(other.path)})`;
}

/**
 * The offset of the nth occurrence of `passage` at or after `start`, when it is there; `start`
 * otherwise.
 */
function offsetWithin(
  text: string,
  start: number,
  passage: { text: string; occurrence: number } | undefined,
): number {
  if (!passage) return start;
  let found = start - 1;
  for (let seen = 0; seen <= passage.occurrence; seen++) {
    const next = text.indexOf(passage.text, found + 1);
    if (next === -1) return Math.max(found, start);
    found = next;
  }
  return found;
}
