import type { Records } from "../schema/index.js";

/** A figure of this year beside last year's. */
export interface Change {
  previous: number;
  current: number;
  /** The change in percent of last year's figure; absent when last year's was 0. */
  percent?: number;
  direction: "up" | "down" | "same";
}

/** Each part is null unless both years keep the records it compares. */
export interface Comparison {
  /** The year compared with. */
  year: number;
  proposals: { received: Change; filed: Change } | null;
  social_conditions: { issued: Change } | null;
  delegations: { batches: Change } | null;
  relief: {
    /** Exact amounts only, as relief.exact_total. */
    exact_total: Change;
    beneficiaries: Change;
    /** Programmes this year that last year did not have (by id), and the other way round. */
    new_programmes: Array<{ id: string; name: string }>;
    dropped_programmes: Array<{ id: string; name: string }>;
  } | null;
  activities: { count: Change } | null;
  volunteers: { people: Change; hours: Change } | null;
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

type Relief = NonNullable<Records["relief.yaml"]>;

function exactTotal(relief: Relief): number {
  return relief.programmes.reduce(
    (sum, programme) => sum + (typeof programme.amount === "number" ? programme.amount : 0),
    0,
  );
}

function beneficiaries(relief: Relief): number {
  return relief.programmes.reduce(
    (sum, programme) =>
      sum + (programme.beneficiaries ?? []).reduce((inner, group) => inner + (group.count ?? 0), 0),
    0,
  );
}

/** `compare(last year's, this year's)` when both years keep the file, null otherwise. */
function both<Value, Result>(
  previous: Value | undefined,
  current: Value | undefined,
  compare: (previous: Value, current: Value) => Result,
): Result | null {
  return previous !== undefined && current !== undefined ? compare(previous, current) : null;
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
  return {
    year: previousYear,
    proposals: both(previous["proposals.yaml"], current["proposals.yaml"], (before, now) => ({
      received: change(before.received, now.received),
      filed: change(before.filed, now.filed),
    })),
    social_conditions: both(
      previous["social-conditions.yaml"],
      current["social-conditions.yaml"],
      (before, now) => ({ issued: change(before.issued, now.issued) }),
    ),
    delegations: both(previous["delegations.yaml"], current["delegations.yaml"], (before, now) => ({
      batches: change(before.received.batches, now.received.batches),
    })),
    relief: both(previous["relief.yaml"], current["relief.yaml"], (before, now) => {
      const earlier = new Set(before.programmes.map((programme) => programme.id));
      const later = new Set(now.programmes.map((programme) => programme.id));
      return {
        exact_total: change(exactTotal(before), exactTotal(now)),
        beneficiaries: change(beneficiaries(before), beneficiaries(now)),
        new_programmes: now.programmes
          .filter((programme) => !earlier.has(programme.id))
          .map(({ id, name }) => ({ id, name })),
        dropped_programmes: before.programmes
          .filter((programme) => !later.has(programme.id))
          .map(({ id, name }) => ({ id, name })),
      };
    }),
    activities: both(previous["activities.yaml"], current["activities.yaml"], (before, now) => ({
      count: change(before.activities.length, now.activities.length),
    })),
    volunteers: both(previous["volunteers.yaml"], current["volunteers.yaml"], (before, now) => {
      const people = (teams: typeof now.teams) => teams.reduce((sum, team) => sum + team.people, 0);
      const hours = (teams: typeof now.teams) =>
        teams.reduce((sum, team) => sum + (team.hours ?? 0), 0);
      return {
        people: change(people(before.teams), people(now.teams)),
        hours: change(hours(before.teams), hours(now.teams)),
      };
    }),
  };
}
