import type { IssuePath } from "../../core/issue.js";
import type { RecordFileName, Records } from "../../schema/index.js";

/** A finding of a cross-field rule, before it is given a line and column. */
export interface Finding {
  severity: "error" | "warning";
  file: RecordFileName;
  path: IssuePath;
  message: string;
  hint?: string;
  /**
   * A passage inside the value to point at, for long texts such as narrative paragraphs, and
   * which of its occurrences there (0 for the first).
   */
  within?: { text: string; occurrence: number };
  /** Another record the message names as `{other}`: written there as its file and line. */
  other?: { file: RecordFileName; path: IssuePath };
}

export type Rule = (records: Records, year: number) => Finding[];

export const error = (
  file: RecordFileName,
  path: IssuePath,
  message: string,
  hint?: string,
): Finding => ({ severity: "error", file, path, message, ...(hint ? { hint } : {}) });

export const warning = (
  file: RecordFileName,
  path: IssuePath,
  message: string,
  extra: Pick<Finding, "hint" | "within"> = {},
): Finding => ({ severity: "warning", file, path, message, ...extra });

/** A rule about one optional file: nothing to check in a year that does not keep it. */
export function about<Name extends RecordFileName>(
  name: Name,
  check: (record: NonNullable<Records[Name]>, records: Records, year: number) => Finding[],
): Rule {
  return (records, year) => {
    const record = records[name];
    return record === undefined ? [] : check(record as NonNullable<Records[Name]>, records, year);
  };
}

/** Ids listed twice in one list, each an error at its second place. */
export function duplicates(
  file: RecordFileName,
  listPath: IssuePath,
  ids: ReadonlyArray<string | number | undefined>,
  what: string,
  field = "id",
): Finding[] {
  const seen = new Map<string, number>();
  const findings: Finding[] = [];
  ids.forEach((id, index) => {
    if (id === undefined) return;
    const first = seen.get(String(id));
    if (first === undefined) seen.set(String(id), index);
    else
      findings.push(
        error(
          file,
          [...listPath, index, field],
          `expected a unique ${what}, found ${JSON.stringify(id)} again (first at item ${first + 1})`,
        ),
      );
  });
  return findings;
}

/** A figure as it is written in the records, for messages: 1050985.26, 142. */
export function shown(value: number): string {
  return String(value);
}
