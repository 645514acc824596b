import { Exact } from "../figure/exact.js";
import {
  canonical,
  defaultOutcomeCodes,
  type LedgerEntry,
  type ProposalStatus,
  type ProposalsRecord,
  type ProposalTotals,
  proposalStatuses,
  type SatisfactionLevel,
  satisfactionLevels,
  totalKeys,
} from "../schema/proposals.js";

/**
 * The totals of a proposal ledger, counted the way committees publish them:
 * - received: every proposal listed;
 * - filed: those filed (立案), merged ones (併案) included;
 * - letters: those turned into opinion letters (不予立案轉意見);
 * - key proposals: filed proposals marked key; key lead units: the different lead units of them;
 * - answered: filed proposals with an answer date or an outcome;
 * - reply rate: answered / filed; satisfaction rate: (滿意 + 基本滿意) / those rated.
 */
export interface LedgerTotals {
  received: number;
  filed: number;
  letters: number;
  key_proposals: number;
  key_lead_units: number;
  answered: number;
  /** Percent; absent when nothing was filed. */
  reply_rate?: number | Exact;
  /** Percent; absent when no answer was rated. */
  satisfaction_rate?: number | Exact;
}

/** The year's totals, null where unknown; a rate counted from the ledger is exact. */
export type KnownTotals = {
  [Key in keyof ProposalTotals]-?:
    | (Key extends "reply_rate" | "satisfaction_rate" ? number | Exact : number)
    | null;
};

export function statusOf(entry: LedgerEntry): ProposalStatus {
  return canonical(proposalStatuses, entry.status);
}

export function satisfactionOf(entry: LedgerEntry): SatisfactionLevel | undefined {
  return entry.satisfaction === undefined
    ? undefined
    : canonical(satisfactionLevels, entry.satisfaction);
}

export function isFiled(entry: LedgerEntry): boolean {
  const status = statusOf(entry);
  return status === "filed" || status === "merged";
}

export function isAnswered(entry: LedgerEntry): boolean {
  return isFiled(entry) && (entry.answered !== undefined || entry.outcome !== undefined);
}

export function ledgerTotals(entries: readonly LedgerEntry[]): LedgerTotals {
  const filed = entries.filter(isFiled);
  const key = filed.filter((entry) => entry.key);
  const answered = filed.filter(isAnswered);
  const rated = filed.filter((entry) => satisfactionOf(entry) !== undefined);
  const satisfied = rated.filter((entry) => satisfactionOf(entry) !== "dissatisfied");
  return {
    received: entries.length,
    filed: filed.length,
    letters: entries.filter((entry) => statusOf(entry) === "letter").length,
    key_proposals: key.length,
    key_lead_units: new Set(key.flatMap((entry) => entry.lead_unit ?? [])).size,
    answered: answered.length,
    ...(filed.length > 0 ? { reply_rate: Exact.percent(answered.length, filed.length) } : {}),
    ...(rated.length > 0
      ? { satisfaction_rate: Exact.percent(satisfied.length, rated.length) }
      : {}),
  };
}

/** The session each proposal of the ledger belongs to: its own, else the file's. */
export function sessionOf(entry: LedgerEntry, record: ProposalsRecord): string | undefined {
  return entry.session ?? record.session;
}

/** The outcome codes a year uses: those the file names, else A, B and C. */
export function outcomeCodes(record: ProposalsRecord): string[] {
  return record.outcomes ? Object.keys(record.outcomes) : [...defaultOutcomeCodes];
}

/** The sessions of a year, in order: those the file lists, then any only the ledger names. */
export function sessionNames(record: ProposalsRecord): string[] {
  const names = (record.sessions ?? []).map((session) => session.session);
  for (const entry of record.proposals ?? []) {
    const name = sessionOf(entry, record);
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Whether a rate as published agrees with the rate counted: whether the count rounds, half away
 * from zero, to the rate as written. 98.5 stands for 98.45 up to (not including) 98.55.
 */
export function rateAgrees(stated: number | Exact, counted: number | Exact): boolean {
  const written = Exact.of(stated);
  const decimals = written.decimals() ?? 2;
  return Exact.of(counted).toDigits(decimals) === written.toDigits(decimals);
}

/**
 * The proposals the file's own totals refer to: those of the session it names (a ledger may also
 * hold proposals put between sessions, 平時提案), or the whole ledger when it names none.
 */
export function namedSessionEntries(record: ProposalsRecord): LedgerEntry[] | undefined {
  const ledger = record.proposals;
  if (!ledger || record.session === undefined) return ledger;
  return ledger.filter((entry) => sessionOf(entry, record) === record.session);
}

/**
 * The file's totals where they are known: published, else counted from the ledger (the named
 * session's part of it), else the sessions' figures added up, else null.
 */
export function yearTotals(record: ProposalsRecord): KnownTotals {
  const entries = namedSessionEntries(record);
  const counted = entries ? ledgerTotals(entries) : undefined;
  const sessions = record.sessions ?? [];
  const summed = (key: keyof ProposalTotals): number | undefined => {
    if (sessions.length === 0 || key === "reply_rate" || key === "satisfaction_rate")
      return undefined;
    const values = sessions.map((session) => session[key]);
    return values.every((value) => value !== undefined)
      ? values.reduce((sum: number, value) => sum + (value ?? 0), 0)
      : undefined;
  };
  return knownTotals((key) => record[key] ?? counted?.[key] ?? summed(key));
}

/** Every total, each as `pick` finds it or null. */
export function knownTotals(
  pick: (key: keyof ProposalTotals) => number | Exact | undefined,
): KnownTotals {
  return Object.fromEntries(totalKeys.map((key) => [key, pick(key) ?? null])) as KnownTotals;
}
