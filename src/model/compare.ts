import { yearTotals } from "../derive/proposals.js";
import {
  activityCount,
  beneficiariesByUnit,
  programmeAmounts,
  type Sum,
  volunteerTotals,
} from "../derive/sums.js";
import { Exact } from "../figure/exact.js";
import type { Records } from "../schema/index.js";

/** A figure of this year beside an earlier one. */
export interface Change {
  /** The figures compared; null for a change published without them (figures.yaml `change`). */
  previous: number | null;
  current: number | null;
  /** The change in percent of the earlier figure; absent when that was 0. */
  percent?: Exact;
  direction: "up" | "down" | "same";
  /** The year or month compared with, when it is not last year. */
  since: string | null;
  /**
   * Whether either figure left an approximate one out (200多萬元 cannot be added): such a change
   * is not the change of the whole, and `change` prints it only when the template says so.
   */
  partial: boolean;
}

/** Each part is null unless both years keep the records it compares. */
export interface Comparison {
  /** The year compared with. */
  year: number;
  proposals: { received: Change | null; filed: Change | null } | null;
  social_conditions: { issued: Change } | null;
  delegations: { batches: Change } | null;
  relief: {
    /**
     * Exact amounts only, as relief.exact_total: partial when either year has an approximate one;
     * null when either year records no amount.
     */
    exact_total: Change | null;
    /** How many were helped, when both years count everyone in one and the same unit. */
    beneficiaries: Change | null;
    /**
     * How many were helped, per unit (名, 户, 人次) that both years count exactly: people counted in
     * different units are never added together.
     */
    beneficiaries_by_unit: Array<{ unit: string; change: Change }>;
    /** The units counted in both years but not compared, as either year has an approximate count. */
    beneficiaries_estimated: string[];
    /** Programmes this year that last year did not have (by id), and the other way round. */
    new_programmes: Array<{ id: string; name: string }>;
    dropped_programmes: Array<{ id: string; name: string }>;
  } | null;
  activities: { count: Change } | null;
  volunteers: { people: Change; hours: Change } | null;
}

export function changeOf(
  previous: number,
  current: number,
  since: string | null = null,
  partial = false,
): Change {
  const direction = current > previous ? "up" : current < previous ? "down" : "same";
  return {
    previous,
    current,
    direction,
    ...(previous === 0
      ? {}
      : { percent: Exact.percent(Exact.of(current).minus(previous), previous) }),
    since,
    partial,
  };
}

/** A change as published (增長12.34%): signed, without the figures it was worked out from. */
export function publishedChange(percent: number, since: string | null): Change {
  return {
    previous: null,
    current: null,
    direction: percent > 0 ? "up" : percent < 0 ? "down" : "same",
    percent: Exact.of(percent),
    since,
    partial: false,
  };
}

/** The change between two sums, partial when either left an approximate figure out. */
function sumChange(previous: Sum, current: Sum): Change {
  return changeOf(previous.total, current.total, null, previous.partial || current.partial);
}

/** The change between two sums, or null when either year recorded none of the figures. */
function recordedChange(previous: Sum, current: Sum): Change | null {
  return previous.recorded && current.recorded ? sumChange(previous, current) : null;
}

/** The change of the one unit both years count everyone in; null when there are others. */
function onlyUnit(previous: Map<string, Sum>, current: Map<string, Sum>): Change | null {
  const [unit] = current.keys();
  const earlier = unit === undefined ? undefined : previous.get(unit);
  const later = unit === undefined ? undefined : current.get(unit);
  return previous.size === 1 && current.size === 1 && earlier && later
    ? sumChange(earlier, later)
    : null;
}

/** `compare(last year's, this year's)` when both years keep the file, null otherwise. */
function both<Value, Result>(
  previous: Value | undefined,
  current: Value | undefined,
  compare: (previous: Value, current: Value) => Result,
): Result | null {
  return previous !== undefined && current !== undefined ? compare(previous, current) : null;
}

/** A change between two figures that may be unknown (a total a year did not publish). */
function knownChange(previous: number | null, current: number | null): Change | null {
  return previous === null || current === null ? null : changeOf(previous, current);
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
    proposals: both(previous["proposals.yaml"], current["proposals.yaml"], (before, now) => {
      const [earlier, later] = [yearTotals(before), yearTotals(now)];
      return {
        received: knownChange(earlier.received, later.received),
        filed: knownChange(earlier.filed, later.filed),
      };
    }),
    social_conditions: both(
      previous["social-conditions.yaml"],
      current["social-conditions.yaml"],
      (before, now) => ({ issued: changeOf(before.issued, now.issued) }),
    ),
    delegations: both(previous["delegations.yaml"], current["delegations.yaml"], (before, now) => ({
      batches: changeOf(before.received.batches, now.received.batches),
    })),
    relief: both(previous["relief.yaml"], current["relief.yaml"], (before, now) => {
      const earlier = new Set(before.programmes.map((programme) => programme.id));
      const later = new Set(now.programmes.map((programme) => programme.id));
      const earlierPeople = beneficiariesByUnit(before.programmes);
      const laterPeople = beneficiariesByUnit(now.programmes);
      const byUnit = [...laterPeople].flatMap(([unit, later]) => {
        const earlier = earlierPeople.get(unit);
        return earlier ? [{ unit, change: sumChange(earlier, later) }] : [];
      });
      return {
        exact_total: recordedChange(
          programmeAmounts(before.programmes),
          programmeAmounts(now.programmes),
        ),
        beneficiaries: onlyUnit(earlierPeople, laterPeople),
        beneficiaries_by_unit: byUnit.filter(({ change }) => !change.partial),
        beneficiaries_estimated: byUnit
          .filter(({ change }) => change.partial)
          .map(({ unit }) => unit),
        new_programmes: now.programmes
          .filter((programme) => !earlier.has(programme.id))
          .map(({ id, name }) => ({ id, name })),
        dropped_programmes: before.programmes
          .filter((programme) => !later.has(programme.id))
          .map(({ id, name }) => ({ id, name })),
      };
    }),
    activities: both(previous["activities.yaml"], current["activities.yaml"], (before, now) => ({
      count: changeOf(activityCount(before.activities), activityCount(now.activities)),
    })),
    volunteers: both(previous["volunteers.yaml"], current["volunteers.yaml"], (before, now) => {
      const [earlier, later] = [volunteerTotals(before.teams), volunteerTotals(now.teams)];
      // A year that counted no hours compares as none.
      return {
        people: changeOf(earlier.people, later.people),
        hours: changeOf(earlier.hours ?? 0, later.hours ?? 0),
      };
    }),
  };
}
