import {
  isAnswered,
  isFiled,
  knownTotals,
  type LedgerTotals,
  ledgerTotals,
  outcomeCodes,
  satisfactionOf,
  sessionNames,
  sessionOf,
  statusOf,
  yearTotals,
} from "../derive/proposals.js";
import { Exact } from "../figure/exact.js";
import type {
  LedgerEntry,
  ProposalStatus,
  ProposalsRecord,
  SatisfactionLevel,
} from "../schema/proposals.js";
import { keyed, type Words } from "./common.js";

/** One proposal of the ledger as templates see it: every field there, absent ones null. */
export interface ProposalView {
  number: number | string;
  title: string;
  proposers: string[];
  session: string | null;
  category: string | null;
  status: ProposalStatus;
  filed: boolean;
  key: boolean;
  supervisor: string | null;
  lead_unit: string | null;
  co_units: string[];
  answered: string | null;
  /** Whether it has been answered: an answer date or an outcome. */
  replied: boolean;
  outcome: string | null;
  outcome_label: string | null;
  satisfaction: SatisfactionLevel | null;
  satisfaction_label: string | null;
}

/** How many proposals share something (a category, an outcome, a lead unit), and their share. */
export interface Tally {
  name: string;
  count: number;
  /** Percent of the proposals counted for this tally (filed, answered or rated ones). */
  share: Exact;
}

export interface OutcomeTally extends Tally {
  code: string;
}

export interface SatisfactionTally extends Tally {
  level: SatisfactionLevel;
}

export interface SessionView {
  session: string;
  received: number | null;
  filed: number | null;
  letters: number | null;
  key_proposals: number | null;
  key_lead_units: number | null;
  answered: number | null;
  reply_rate: number | Exact | null;
  satisfaction_rate: number | Exact | null;
}

export interface ProposalsView extends Omit<SessionView, "session"> {
  /** The session the figures refer to, when the file names one. */
  session: string | null;
  /** Filed of received, in percent. */
  filing_rate: Exact | null;
  /** Every proposal of the ledger, in order; null when the year keeps totals only. */
  ledger: ProposalView[] | null;
  /** The key proposals of the ledger, with their lead units. */
  key_list: ProposalView[];
  /** Filed proposals by category, in the order the file lists the categories. */
  by_category: Tally[];
  category: Record<string, Tally>;
  /** Answered proposals by outcome (A, B, C or the file's own codes). */
  by_outcome: OutcomeTally[];
  outcome: Record<string, OutcomeTally>;
  /** Rated answers by satisfaction. */
  by_satisfaction: SatisfactionTally[];
  satisfaction: Record<string, SatisfactionTally>;
  /** Filed proposals by lead unit, most first. */
  by_lead_unit: Tally[];
  /** How many different units lead the filed proposals. */
  lead_units: number | null;
  /** Each session's figures, when the year had several. */
  sessions: SessionView[];
  /** The whole ledger counted, every session together; null without a ledger. */
  all: LedgerTotals | null;
}

const satisfactionOrder: SatisfactionLevel[] = ["satisfied", "basically_satisfied", "dissatisfied"];

/** The proposal work of a year: published totals, and what the ledger adds when there is one. */
export function proposalsView(record: ProposalsRecord, words: Words): ProposalsView {
  const codes = outcomeCodes(record);
  const outcomeLabel = (code: string) =>
    record.outcomes?.[code] ?? words(`proposals.outcomes.${code}`);
  const ledger = record.proposals?.map(
    (entry): ProposalView => ({
      number: entry.number,
      title: entry.title,
      proposers: entry.proposers,
      session: sessionOf(entry, record) ?? null,
      category: entry.category ?? null,
      status: statusOf(entry),
      filed: isFiled(entry),
      key: entry.key,
      supervisor: entry.supervisor ?? null,
      lead_unit: entry.lead_unit ?? null,
      co_units: entry.co_units,
      answered: entry.answered ?? null,
      replied: isAnswered(entry),
      outcome: entry.outcome ?? null,
      outcome_label: entry.outcome === undefined ? null : outcomeLabel(entry.outcome),
      satisfaction: satisfactionOf(entry) ?? null,
      satisfaction_label:
        entry.satisfaction === undefined
          ? null
          : words(`proposals.satisfaction.${satisfactionOf(entry)}`),
    }),
  );
  const totals = yearTotals(record);
  const filed = ledger?.filter((entry) => entry.filed) ?? [];
  const withOutcome = filed.filter((entry) => entry.outcome !== null);
  const rated = filed.filter((entry) => entry.satisfaction !== null);
  const tally = <Entry>(entries: Entry[], name: string, base: number, extra: object = {}) => ({
    name,
    count: entries.length,
    share: base === 0 ? Exact.of(0) : Exact.percent(entries.length, base),
    ...extra,
  });

  const categories = record.categories ?? [
    ...new Set(filed.flatMap((entry) => entry.category ?? [])),
  ];
  const byCategory = categories.map((name) =>
    tally(
      filed.filter((entry) => entry.category === name),
      name,
      filed.length,
    ),
  );
  const byOutcome = ledger
    ? codes.map(
        (code): OutcomeTally =>
          tally(
            withOutcome.filter((entry) => entry.outcome === code),
            outcomeLabel(code),
            withOutcome.length,
            { code },
          ) as OutcomeTally,
      )
    : [];
  const bySatisfaction = ledger
    ? satisfactionOrder.map(
        (level): SatisfactionTally =>
          tally(
            rated.filter((entry) => entry.satisfaction === level),
            words(`proposals.satisfaction.${level}`),
            rated.length,
            { level },
          ) as SatisfactionTally,
      )
    : [];
  const units = new Map<string, ProposalView[]>();
  for (const entry of filed) {
    if (entry.lead_unit === null) continue;
    units.set(entry.lead_unit, [...(units.get(entry.lead_unit) ?? []), entry]);
  }
  const byLeadUnit = [...units]
    .map(([name, entries]) => tally(entries, name, filed.length))
    .sort((a, b) => b.count - a.count);

  return {
    session: record.session ?? null,
    ...totals,
    filing_rate:
      totals.received && totals.filed !== null
        ? Exact.percent(totals.filed, totals.received)
        : null,
    ledger: ledger ?? null,
    key_list: filed.filter((entry) => entry.key),
    by_category: byCategory,
    category: keyed(byCategory, (entry) => entry.name),
    by_outcome: byOutcome,
    outcome: keyed(byOutcome, (entry) => entry.code),
    by_satisfaction: bySatisfaction,
    satisfaction: keyed(bySatisfaction, (entry) => entry.level),
    by_lead_unit: byLeadUnit,
    lead_units: ledger ? units.size : null,
    sessions: sessionViews(record),
    all: record.proposals ? ledgerTotals(record.proposals) : null,
  };
}

/** Each session's figures: as the file states them, else counted from its part of the ledger. */
function sessionViews(record: ProposalsRecord): SessionView[] {
  const names = sessionNames(record);
  if (names.length < 2 && (record.sessions?.length ?? 0) === 0) return [];
  return names.map((name) => {
    const stated = record.sessions?.find((session) => session.session === name);
    const entries: LedgerEntry[] = (record.proposals ?? []).filter(
      (entry) => sessionOf(entry, record) === name,
    );
    const counted = entries.length > 0 ? ledgerTotals(entries) : undefined;
    return { session: name, ...knownTotals((key) => stated?.[key] ?? counted?.[key]) };
  });
}
