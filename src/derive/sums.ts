import { Exact } from "../figure/exact.js";
import { sumAmounts, toHundredths } from "../format/decimal.js";
import type { Approximate } from "../format/figures.js";
import type { Activity } from "../schema/activities.js";
import type { BreakdownRecord, FigureRecord } from "../schema/figures.js";
import type { FinancesRecord } from "../schema/finances.js";
import type { Programme, ReliefRecord } from "../schema/relief.js";

/**
 * Sums the reports rely on, each taken exactly: money in hundredths (see format/decimal), and only
 * over exact figures — an approximate one (200多萬元) cannot be added up honestly, so a sum that
 * meets one says so.
 */
export interface Sum {
  total: number;
  /** Whether an approximate figure was left out of the total. */
  partial: boolean;
  /** Whether any figure was recorded at all: a total of nothing recorded is unknown, not 0. */
  recorded: boolean;
}

type Figure = number | Approximate | null | undefined;

export function sumFigures(figures: Iterable<Figure>): Sum {
  const exact: number[] = [];
  let partial = false;
  for (const figure of figures) {
    if (typeof figure === "number") exact.push(figure);
    else if (figure) partial = true;
  }
  return { total: sumAmounts(exact), partial, recorded: partial || exact.length > 0 };
}

/** The money of the programmes drawing on a fund, or of all programmes. */
export function programmeAmounts(programmes: readonly Programme[], fund?: string): Sum {
  return sumFigures(
    programmes
      .filter((programme) => fund === undefined || programme.fund === fund)
      .map((programme) => programme.amount),
  );
}

/** Money raised into the year's funds. */
export function raisedTotal(relief: ReliefRecord): Sum {
  return sumFigures(relief.funds.map((fund) => fund.raised));
}

/**
 * How many were helped, added up per unit: people counted in 名, households in 户 and visits in
 * 人次 are different measures and are never added together. A group counted without a unit
 * ("60 families") is its own measure, named by the group.
 */
export function beneficiariesByUnit(programmes: readonly Programme[]): Map<string, Sum> {
  const byUnit = new Map<string, Figure[]>();
  for (const group of programmes.flatMap((programme) => programme.beneficiaries)) {
    if (group.count == null) continue;
    const unit = group.unit ?? group.group;
    byUnit.set(unit, [...(byUnit.get(unit) ?? []), group.count]);
  }
  return new Map([...byUnit].map(([unit, counts]) => [unit, sumFigures(counts)]));
}

/** The volunteers of the teams and their hours (unknown when no team counted its hours). */
export function volunteerTotals(
  teams: ReadonlyArray<{ people: number; hours?: number | null | undefined }>,
): {
  people: number;
  hours: number | null;
} {
  return {
    people: teams.reduce((sum, team) => sum + team.people, 0),
    hours: teams.some((team) => team.hours != null)
      ? teams.reduce((sum, team) => sum + (team.hours ?? 0), 0)
      : null,
  };
}

/** An activity record stands for `count` activities (1 when it says nothing). */
export function activityCount(activities: readonly Activity[]): number {
  return activities.reduce((sum, activity) => sum + (activity.count ?? 1), 0);
}

type Account = NonNullable<FinancesRecord["income"]>;

/** The items of an account added up, when it has items. */
export function accountItems(account: Account): number | undefined {
  return account.items.length > 0
    ? sumAmounts(account.items.map((item) => item.amount))
    : undefined;
}

/** The total of an account: as published, else its items added up. */
export function accountTotal(account: Account): number {
  return account.total ?? accountItems(account) ?? 0;
}

/** What a breakdown's column measures: the table's unit, or its own. */
export interface Measure {
  name: string;
  unit: string | null;
  money: boolean;
}

/**
 * The measure of each column of a breakdown (one for a table without columns), and whether they
 * are all alike: sessions beside attendance, or money beside a count, are never added up.
 */
export function breakdownMeasures(breakdown: BreakdownRecord): {
  measures: Measure[];
  alike: boolean;
} {
  const measures = (breakdown.columns ?? [""]).map((column): Measure => {
    const own = typeof column === "string" ? { name: column } : column;
    // A column that names its own unit counts in it, in a table of money too.
    const money = own.money ?? ("unit" in own && own.unit !== undefined ? false : breakdown.money);
    return {
      name: own.name,
      unit: money ? null : (own.unit ?? breakdown.unit ?? null),
      money,
    };
  });
  const [first] = measures;
  const alike = measures.every(
    (measure) => measure.money === first?.money && measure.unit === first?.unit,
  );
  return { measures, alike };
}

/** Each row of a breakdown added up, and the whole table. */
export function breakdownSums(breakdown: BreakdownRecord): {
  rows: Sum[];
  columns: Sum[];
  total: Sum;
} {
  const rowValues = breakdown.rows.map((row) =>
    row.values !== undefined ? row.values : row.value !== undefined ? [row.value] : [],
  );
  const width = breakdown.columns?.length ?? 1;
  const columns = Array.from({ length: width }, (_, index) =>
    sumFigures(rowValues.map((values) => values[index])),
  );
  const rows = rowValues.map((values) => sumFigures(values));
  const total = sumFigures(rowValues.flat());
  return { rows, columns, total };
}

/** The number a named figure stands for, when it is exact: its value or its amount. */
export function exactFigure(figure: FigureRecord | undefined): number | undefined {
  if (!figure) return undefined;
  if (typeof figure.value === "number") return figure.value;
  if (typeof figure.amount === "number") return figure.amount;
  return undefined;
}

/** The share a figure's part and base give, in percent, when both are exact. */
export function countedShare(
  figure: FigureRecord,
  lookup: (id: string) => FigureRecord | undefined,
): Exact | undefined {
  const part = figure.part ? exactFigure(lookup(figure.part)) : undefined;
  const whole = figure.of ? exactFigure(lookup(figure.of)) : undefined;
  return part !== undefined && whole ? Exact.percent(part, whole) : undefined;
}

/** Whether any amount of the year's records is kept to the hundredth (分, pence). */
export function keepsHundredths(
  amounts: Iterable<number | Approximate | null | undefined>,
): boolean {
  for (const amount of amounts) {
    const value = typeof amount === "number" ? amount : amount?.about;
    if (value !== undefined && toHundredths(value) % 100 !== 0) return true;
  }
  return false;
}
