import type { IssuePath } from "../../core/issue.js";
import { didYouMean } from "../../core/suggest.js";
import {
  isFiled,
  type LedgerTotals,
  ledgerTotals,
  namedSessionEntries,
  outcomeCodes,
  rateAgrees,
  sessionOf,
  yearTotals,
} from "../../derive/proposals.js";
import { Exact } from "../../figure/exact.js";
import {
  type LedgerEntry,
  type ProposalsRecord,
  type ProposalTotals,
  totalKeys,
} from "../../schema/proposals.js";
import { about, duplicates, error, type Finding, warning } from "./finding.js";

const file = "proposals.yaml" as const;

/** How each total is named in messages about the ledger. */
const described: Record<keyof LedgerTotals, string> = {
  received: "proposals the ledger lists",
  filed: "proposals the ledger marks filed or merged",
  letters: "proposals the ledger turns into opinion letters",
  key_proposals: "filed proposals the ledger marks key",
  key_lead_units: "different lead units of the key proposals in the ledger",
  answered: "filed proposals the ledger shows answered",
  reply_rate: "answered of filed, from the ledger",
  satisfaction_rate: "satisfied and basically satisfied of those rated, from the ledger",
};

/** Published totals that disagree with the ledger: an error at the total, giving both figures. */
function totalsAgree(
  stated: ProposalTotals,
  entries: readonly LedgerEntry[],
  path: IssuePath,
  session: string | undefined,
): Finding[] {
  const counted = ledgerTotals(entries);
  return totalKeys.flatMap((key) => {
    const value = stated[key];
    const count = counted[key];
    if (value === undefined || count === undefined) return [];
    const isRate = key === "reply_rate" || key === "satisfaction_rate";
    const agrees = isRate ? rateAgrees(value, count) : value === count;
    if (agrees) return [];
    const expected = Exact.of(count).toDecimal(2);
    return [
      error(
        file,
        [...path, key],
        `expected ${expected} (${described[key]}${session === undefined ? "" : ` for ${session}`}), found ${value}`,
        "the published total and the ledger must agree: correct whichever is wrong, or leave the total out to have it counted",
      ),
    ];
  });
}

/** Filed at most received, key at most filed: for the year and for each session. */
function totalsInOrder(
  totals: { [Key in keyof ProposalTotals]-?: number | null | undefined },
  path: IssuePath,
): Finding[] {
  const findings: Finding[] = [];
  const { received, filed, key_proposals, key_lead_units, answered } = totals;
  if (filed != null && received != null && filed > received) {
    findings.push(
      error(
        file,
        [...path, "filed"],
        `expected at most ${received} filed (the number received), found ${filed}`,
      ),
    );
  }
  if (key_proposals != null && filed != null && key_proposals > filed) {
    findings.push(
      error(
        file,
        [...path, "key_proposals"],
        `expected at most ${filed} key proposals (the number filed), found ${key_proposals}`,
      ),
    );
  }
  if (answered != null && filed != null && answered > filed) {
    findings.push(
      error(
        file,
        [...path, "answered"],
        `expected at most ${filed} answered (the number filed), found ${answered}`,
      ),
    );
  }
  if (key_lead_units != null && key_proposals != null && key_lead_units > key_proposals) {
    findings.push(
      warning(
        file,
        [...path, "key_lead_units"],
        `${key_lead_units} lead units for ${key_proposals} key proposals: each key proposal has one lead unit`,
      ),
    );
  }
  return findings;
}

export const proposalTotalsInOrder = about(file, (record) => [
  ...totalsInOrder(
    Object.fromEntries(totalKeys.map((key) => [key, record[key]])) as Parameters<
      typeof totalsInOrder
    >[0],
    [],
  ),
  ...(record.sessions ?? []).flatMap((session, index) =>
    totalsInOrder(
      Object.fromEntries(totalKeys.map((key) => [key, session[key]])) as Parameters<
        typeof totalsInOrder
      >[0],
      ["sessions", index],
    ),
  ),
]);

/**
 * Where the year keeps both totals and the ledger, they agree: the year's totals with the whole
 * ledger, each session's with its part, and the sessions' counts with the year's.
 */
export const ledgerAgreesWithTotals = about(file, (record) => {
  const ledger = record.proposals;
  const findings: Finding[] = [];
  const named = namedSessionEntries(record);
  if (ledger && named && named.length > 0) {
    findings.push(...totalsAgree(record, named, [], record.session));
    (record.sessions ?? []).forEach((session, index) => {
      const part = ledger.filter((entry) => sessionOf(entry, record) === session.session);
      if (part.length > 0)
        findings.push(...totalsAgree(session, part, ["sessions", index], session.session));
    });
  }
  if ((record.sessions?.length ?? 0) > 0) {
    const summed = yearTotals({ ...record, ...emptyTotals, proposals: undefined });
    for (const key of ["received", "filed", "letters", "key_proposals", "answered"] as const) {
      const stated = record[key];
      const sum = summed[key];
      if (stated !== undefined && sum !== null && stated !== sum) {
        findings.push(
          error(file, [key], `expected ${sum} (the sessions' figures added up), found ${stated}`),
        );
      }
    }
  }
  return findings;
});

const emptyTotals = Object.fromEntries(totalKeys.map((key) => [key, undefined])) as Partial<
  Record<keyof ProposalTotals, undefined>
>;

/** Each proposal of the ledger: its number once, its category, outcome and session known. */
export const ledgerEntriesSound = about(file, (record: ProposalsRecord) => {
  const ledger = record.proposals ?? [];
  const codes = outcomeCodes(record);
  const sessions = record.sessions?.map((session) => session.session);
  const findings: Finding[] = duplicates(
    file,
    ["proposals"],
    ledger.map((entry) => entry.number),
    "proposal number",
    "number",
  );
  ledger.forEach((entry, index) => {
    const path = ["proposals", index];
    if (
      record.categories &&
      entry.category !== undefined &&
      !record.categories.includes(entry.category)
    ) {
      findings.push(
        error(
          file,
          [...path, "category"],
          `expected one of the categories ${record.categories.map((name) => `"${name}"`).join(", ")}, found "${entry.category}"`,
          didYouMean(entry.category, record.categories) ??
            "add it to categories: at the top of the file, or correct it",
        ),
      );
    }
    if (entry.outcome !== undefined && !codes.includes(entry.outcome)) {
      findings.push(
        error(
          file,
          [...path, "outcome"],
          `expected one of the outcomes ${codes.map((code) => `"${code}"`).join(", ")}, found "${entry.outcome}"`,
          record.outcomes
            ? "the outcomes are the codes under outcomes: at the top of the file"
            : "the outcomes are A (resolved or adopted), B (being resolved or planned) and C (kept for reference), unless outcomes: names others",
        ),
      );
    }
    if (entry.key && !isFiled(entry)) {
      findings.push(
        error(
          file,
          [...path, "key"],
          `expected a key proposal to be filed, found one whose status is "${entry.status}"`,
        ),
      );
    }
    if (sessions && entry.session !== undefined && !sessions.includes(entry.session)) {
      findings.push(
        error(
          file,
          [...path, "session"],
          `expected one of the sessions ${sessions.map((name) => `"${name}"`).join(", ")}, found "${entry.session}"`,
          didYouMean(entry.session, sessions),
        ),
      );
    }
    if (sessions && entry.session === undefined && record.session === undefined) {
      findings.push(
        error(
          file,
          path,
          `expected a session for proposal ${entry.number}: the year has several (${sessions.join(", ")})`,
        ),
      );
    }
  });
  return findings;
});
