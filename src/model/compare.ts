import type { Records } from "../schema/index.js";

/** A figure of this year beside last year's. */
export interface Change {
  previous: number;
  current: number;
  /** The change in percent of last year's figure; absent when last year's was 0. */
  percent?: number;
  direction: "up" | "down" | "same";
}

export interface Comparison {
  /** The year compared with. */
  year: number;
  proposals: { received: Change; filed: Change };
  social_conditions: { issued: Change };
  delegations: { batches: Change };
  relief: {
    /** Exact amounts only, as relief.exact_total. */
    exact_total: Change;
    beneficiaries: Change;
    /** Programmes this year that last year did not have (by id), and the other way round. */
    new_programmes: Array<{ id: string; name: string }>;
    dropped_programmes: Array<{ id: string; name: string }>;
  };
  activities: { count: Change };
}

function change(previous: number, current: number): Change {
  const direction = current > previous ? "up" : current < previous ? "down" : "same";
  return {
    previous,
    current,
    direction,
    ...(previous === 0 ? {} : { percent: ((current - previous) / previous) * 100 }),
  };
}

function exactTotal(records: Records): number {
  return records["relief.yaml"].programmes.reduce(
    (sum, programme) => sum + (typeof programme.amount === "number" ? programme.amount : 0),
    0,
  );
}

function beneficiaries(records: Records): number {
  return records["relief.yaml"].programmes.reduce(
    (sum, programme) =>
      sum + (programme.beneficiaries ?? []).reduce((inner, group) => inner + (group.count ?? 0), 0),
    0,
  );
}

/**
 * How this year's records compare with last year's: the figures the templates put side by side
 * (比上年增長 12.5%), and the relief programmes that are new or no longer there.
 */
export function compareYears(
  current: Records,
  previous: Records,
  previousYear: number,
): Comparison {
  const programmes = (records: Records) => records["relief.yaml"].programmes;
  const before = new Set(programmes(previous).map((programme) => programme.id));
  const now = new Set(programmes(current).map((programme) => programme.id));
  return {
    year: previousYear,
    proposals: {
      received: change(previous["proposals.yaml"].received, current["proposals.yaml"].received),
      filed: change(previous["proposals.yaml"].filed, current["proposals.yaml"].filed),
    },
    social_conditions: {
      issued: change(
        previous["social-conditions.yaml"].issued,
        current["social-conditions.yaml"].issued,
      ),
    },
    delegations: {
      batches: change(
        previous["delegations.yaml"].received.batches,
        current["delegations.yaml"].received.batches,
      ),
    },
    relief: {
      exact_total: change(exactTotal(previous), exactTotal(current)),
      beneficiaries: change(beneficiaries(previous), beneficiaries(current)),
      new_programmes: programmes(current)
        .filter((programme) => !before.has(programme.id))
        .map(({ id, name }) => ({ id, name })),
      dropped_programmes: programmes(previous)
        .filter((programme) => !now.has(programme.id))
        .map(({ id, name }) => ({ id, name })),
    },
    activities: {
      count: change(
        previous["activities.yaml"].activities.length,
        current["activities.yaml"].activities.length,
      ),
    },
  };
}
