import type { Issue } from "../core/issue.js";
import { recordFiles } from "../schema/index.js";
import { totalKeys } from "../schema/proposals.js";
import type { RowRecord } from "./columns.js";
import type { Target } from "./fields.js";
import type { Sheet } from "./sheet.js";

export const fileOf: Record<
  Target,
  "proposals.yaml" | "relief.yaml" | "activities.yaml" | "figures.yaml"
> = {
  proposals: "proposals.yaml",
  relief: "relief.yaml",
  activities: "activities.yaml",
  figures: "figures.yaml",
};

/** The list a sheet's rows become in each records file. */
export const listKey = {
  proposals: "proposals",
  relief: "programmes",
  activities: "activities",
  figures: "figures",
} as const satisfies Record<Target, string>;

/**
 * What of the file being replaced is not the sheet's to say, and stays: the session, categories
 * and outcome classes of the proposals (not their totals: the ledger now counts them), the funds
 * of the relief programmes, the tables of figures.
 */
export function keptEntries(
  into: Target,
  earlier: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (!earlier) return {};
  const dropped = new Set<string>([listKey[into], ...(into === "proposals" ? totalKeys : [])]);
  return Object.fromEntries(Object.entries(earlier).filter(([key]) => !dropped.has(key)));
}

/**
 * A programme's fund, written in the sheet by its name or its id, as the id of one of the funds
 * the relief file lists.
 */
export function fundProblems(
  records: RowRecord[],
  funds: unknown,
  sheet: Sheet,
  reliefFile: string,
): Issue[] {
  const listed = Array.isArray(funds) ? (funds as Array<{ id?: unknown; name?: unknown }>) : [];
  const problems: Issue[] = [];
  for (const record of records) {
    const written = record.values.fund;
    if (written === undefined) continue;
    const fund = listed.find((candidate) => candidate.id === written || candidate.name === written);
    if (fund && typeof fund.id === "string") {
      record.values.fund = fund.id;
      continue;
    }
    problems.push({
      severity: "error",
      file: `${sheet.name}!${record.cells.fund}`,
      message:
        listed.length === 0
          ? `expected no fund: ${reliefFile} lists none, found ${JSON.stringify(written)}`
          : `expected one of the funds of ${reliefFile} (${listed
              .map((candidate) => String(candidate.name ?? candidate.id))
              .join(", ")}), found ${JSON.stringify(written)}`,
      hint: "list the fund under funds: in the relief file first, or leave the cell empty",
    });
  }
  return problems;
}

/** The records file's content from the rows. */
export function assemble(
  into: Target,
  records: RowRecord[],
  session?: string,
): Record<string, unknown> {
  const rows = records.map((record) => record.values);
  switch (into) {
    case "proposals": {
      const sessions = new Set(
        rows.map((row) => row.session).filter((value) => value !== undefined),
      );
      const shared = session ?? (sessions.size === 1 ? ([...sessions][0] as string) : undefined);
      return {
        ...(shared ? { session: shared } : {}),
        proposals: rows.map((row) => {
          const { session: own, ...rest } = row;
          return own !== undefined && own !== shared ? { ...rest, session: own } : rest;
        }),
      };
    }
    case "relief":
      return {
        programmes: rows.map((row, index) => {
          const { id, count, unit, group, ...rest } = row;
          return {
            id: id ?? `programme_${index + 1}`,
            ...rest,
            ...(group !== undefined || count !== undefined
              ? {
                  beneficiaries: [
                    {
                      ...(count !== undefined ? { count } : {}),
                      ...(unit !== undefined ? { unit } : {}),
                      ...(group !== undefined ? { group } : {}),
                    },
                  ],
                }
              : {}),
          };
        }),
      };
    case "activities":
      return {
        activities: rows.map((row, index) => ({ id: row.id ?? `activity_${index + 1}`, ...row })),
      };
    case "figures":
      return {
        figures: rows.map((row, index) => ({ id: row.id ?? `figure_${index + 1}`, ...row })),
      };
  }
}

/**
 * The file's own schema, checked before anything is written: a problem is reported at the cell
 * its value came from. Proposal numbers used twice are found here too.
 */
export function schemaProblems(
  into: Target,
  value: Record<string, unknown>,
  records: RowRecord[],
  sheet: Sheet,
): Issue[] {
  const schema = recordFiles[fileOf[into]];
  const result = schema.safeParse(value);
  const problems: Issue[] = [];
  for (const issue of result.success ? [] : result.error.issues) {
    const [list, index, key, , part] = issue.path;
    const record = list === listKey[into] && typeof index === "number" ? records[index] : undefined;
    // A programme's beneficiaries come from three columns: count, unit and group.
    const beneficiary = typeof part === "string" ? part : "count";
    const field = key === "beneficiaries" ? beneficiary : typeof key === "string" ? key : undefined;
    const ref = record && field ? record.cells[field] : undefined;
    problems.push({
      severity: "error",
      file: ref ? `${sheet.name}!${ref}` : record ? `${sheet.name} row ${record.row}` : sheet.name,
      message:
        // A value the row lacks, such as the group of beneficiaries beside their count.
        issue.code === "invalid_type" && /received undefined/.test(issue.message) && record
          ? `expected ${field ?? "a value"} in row ${record.row}, found an empty cell`
          : `expected ${issue.message}${field ? ` (${field})` : ""}`,
    });
  }
  if (into === "proposals") {
    const seen = new Map<string, RowRecord>();
    for (const record of records) {
      const number = record.values.number;
      if (number === undefined) continue;
      const first = seen.get(String(number));
      if (first) {
        problems.push({
          severity: "error",
          file: `${sheet.name}!${record.cells.number}`,
          message: `expected a unique proposal number, found ${String(number)} again (first in row ${first.row})`,
        });
      } else seen.set(String(number), record);
    }
  }
  return problems;
}
