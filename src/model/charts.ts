import { Exact } from "../figure/exact.js";
import type { Figures, Quantity } from "../format/figures.js";
import { activityKinds } from "../schema/activities.js";
import type { Words } from "./common.js";
import type { BreakdownView } from "./figures.js";
import type { FinancesView } from "./finances.js";
import type { ProposalsView } from "./proposals.js";
import type { ProgrammeView, TeamView } from "./records.js";

/** A chart as data: what it shows, in words for screen readers and as a table. */
export interface ChartSpec {
  name: string;
  title: string;
  /** Every figure of the chart in one sentence: the SVG's aria-label. */
  summary: string;
  table: { head: string[]; rows: string[][] };
  /** Categories top to bottom, and one or two series of values. */
  categories: string[];
  series: Array<{ name: string; values: number[]; labels: string[] }>;
  /** A column of words at the right, one per category: who was helped, in their own units. */
  side?: { name: string; labels: string[] };
}

export interface ChartSources {
  programmes: ProgrammeView[] | null;
  proposals: ProposalsView | null;
  activityCounts: Record<string, number> | null;
  teams: TeamView[] | null;
  finances: FinancesView | null;
  breakdowns: BreakdownView[];
}

type Format = Pick<Figures, "money" | "count" | "headcount" | "percent">;

/**
 * The charts of a report, made from what the year keeps: relief by programme (amounts and people
 * helped), the proposal pipeline and outcomes, activities by kind, volunteers by team, income
 * and expenditure, and one for each breakdown. A chart the year has no figures for is not made,
 * so a template tests for it with `{{#if charts.relief}}`.
 */
export function chartSpecs(sources: ChartSources, words: Words, format: Format): ChartSpec[] {
  const specs: ChartSpec[] = [];
  const bars = (
    name: string,
    title: string,
    head: [string, string],
    entries: Array<[string, number, string]>,
  ): ChartSpec => ({
    name,
    title,
    summary: `${title}: ${entries.map(([label, , shown]) => `${label} ${shown}`).join(", ")}`,
    table: { head, rows: entries.map(([label, , shown]) => [label, shown]) },
    categories: entries.map(([label]) => label),
    series: [
      {
        name: head[1],
        values: entries.map(([, value]) => value),
        labels: entries.map(([, , shown]) => shown),
      },
    ],
  });

  const programmes = (sources.programmes ?? []).filter(
    (programme) => typeof programme.amount === "number",
  );
  if (programmes.length > 0) {
    const amounts = programmes.map((programme) => programme.amount as number);
    // People are counted in their own units (60名, 100戶、580位, 14個): never added up across
    // units, so the chart shows them as words beside the bars, not as bars.
    const helped = programmes.map((programme) => format.headcount(programme.beneficiaries) || "—");
    const names = programmes.map((programme) => programme.name);
    const amountLabels = amounts.map((amount) => format.money(amount));
    specs.push({
      name: "relief",
      title: words("charts.relief.title"),
      summary: `${words("charts.relief.title")}: ${names
        .map(
          (name, index) =>
            `${name} ${amountLabels[index]}, ${words("charts.relief.people")} ${helped[index]}`,
        )
        .join("; ")}`,
      table: {
        head: [
          words("people.programme"),
          words("charts.relief.amount"),
          words("charts.relief.people"),
        ],
        rows: names.map((name, index) => [name, amountLabels[index] ?? "", helped[index] ?? ""]),
      },
      categories: names,
      series: [{ name: words("charts.relief.amount"), values: amounts, labels: amountLabels }],
      side: { name: words("charts.relief.people"), labels: helped },
    });
  }

  const proposals = sources.proposals;
  if (proposals) {
    const unit = words("units.proposals");
    // Answered: counted by the ledger or published; else worked out from the rate when that
    // gives a whole number (100% of 142 is 142; 98.5% of 80 is no count the records hold).
    const fromRate =
      proposals.filed !== null && proposals.reply_rate !== null
        ? Exact.of(proposals.filed).times(proposals.reply_rate).dividedBy(100)
        : null;
    const answered =
      proposals.answered ??
      (fromRate !== null && fromRate.decimals() === 0 ? Number(fromRate) : null);
    const stages = (
      [
        [words("supervision.received"), proposals.received],
        [words("supervision.filed"), proposals.filed],
        [words("supervision.key"), proposals.key_proposals || null],
        [words("charts.proposals.replied"), answered],
      ] as Array<[string, number | null]>
    ).filter((stage): stage is [string, number] => stage[1] !== null);
    if (stages.length > 0) {
      specs.push(
        bars(
          "proposals",
          words("charts.proposals.title"),
          [words("charts.proposals.stage"), words("charts.proposals.number")],
          stages.map(([stage, value]) => [stage, value, format.count(value, unit)]),
        ),
      );
    }
    const outcomes = proposals.by_outcome.filter((outcome) => outcome.count > 0);
    if (outcomes.length > 0) {
      specs.push(
        bars(
          "outcomes",
          words("charts.outcomes.title"),
          [words("charts.outcomes.outcome"), words("charts.proposals.number")],
          proposals.by_outcome.map((outcome) => [
            outcome.name,
            outcome.count,
            `${format.count(outcome.count, unit)} (${format.percent(outcome.share)})`,
          ]),
        ),
      );
    }
  }

  const counts = sources.activityCounts;
  const kinds = counts
    ? activityKinds
        .map((kind) => [words(`charts.activities.${kind}`), counts[kind] ?? 0] as const)
        .filter(([, count]) => count > 0)
    : [];
  if (kinds.length > 0) {
    specs.push(
      bars(
        "activities",
        words("charts.activities.title"),
        [words("charts.activities.kind"), words("charts.activities.number")],
        kinds.map(([kind, count]) => [kind, count, String(count)]),
      ),
    );
  }

  const teams = sources.teams ?? [];
  if (teams.length > 0) {
    // Hours when every team counted them; otherwise the bars are the volunteers themselves.
    const byHours = teams.every((team) => team.hours !== null);
    const people = teams.map((team) => format.count(team.people, words("units.volunteers")));
    const values = teams.map((team) => (byHours ? (team.hours ?? 0) : team.people));
    const labels = byHours
      ? teams.map((team) => format.count(team.hours ?? 0, words("units.hours")))
      : people;
    const measure = words(byHours ? "charts.volunteers.hours" : "charts.volunteers.people");
    specs.push({
      name: "volunteers",
      title: words("charts.volunteers.title"),
      summary: `${words("charts.volunteers.title")}: ${teams
        .map((team, index) =>
          byHours
            ? `${team.name} ${labels[index]}, ${words("charts.volunteers.people")} ${people[index]}`
            : `${team.name} ${people[index]}`,
        )
        .join("; ")}`,
      table: {
        head: [
          words("charts.volunteers.team"),
          ...(byHours ? [words("charts.volunteers.hours")] : []),
          words("charts.volunteers.people"),
        ],
        rows: teams.map((team, index) => [
          team.name,
          ...(byHours ? [labels[index] ?? ""] : []),
          people[index] ?? "",
        ]),
      },
      categories: teams.map((team) => team.name),
      series: [{ name: measure, values, labels }],
      ...(byHours ? { side: { name: words("charts.volunteers.people"), labels: people } } : {}),
    });
  }

  const finances = sources.finances;
  if (finances) {
    const entries: Array<[string, number, string]> = [];
    for (const account of [finances.income, finances.expenditure]) {
      if (!account) continue;
      const parts = account.items.length > 0 ? account.items : [];
      if (parts.length === 0)
        entries.push([account.name, account.total, format.money(account.total)]);
      for (const item of parts)
        entries.push([`${account.name}:${item.name}`, item.amount, format.money(item.amount)]);
    }
    if (entries.length > 0) {
      specs.push(
        bars(
          "finances",
          words("charts.finances.title"),
          [words("finances.item"), words("finances.amount")],
          entries,
        ),
      );
    }
  }

  for (const breakdown of sources.breakdowns) {
    const measures = breakdown.columns
      ? breakdown.columns.map((name) => breakdown.column[name] ?? breakdown)
      : [breakdown];
    const shown = (value: Quantity, measure: { money: boolean; unit: string | null }) =>
      measure.money
        ? format.money(value as number)
        : format.count(value, measure.unit ?? breakdown.unit ?? "");
    const columns = breakdown.columns;
    // Rows of one measure are drawn by their totals; rows of several by their first column,
    // since sessions and attendance have no total to draw.
    const first = measures[0] ?? breakdown;
    const spec = bars(
      breakdown.id,
      breakdown.title,
      [
        breakdown.label ?? words("breakdowns.category"),
        breakdown.alike ? words("breakdowns.total") : (columns?.[0] ?? ""),
      ],
      breakdown.rows.map((row) => {
        const value = breakdown.alike ? row.total : row.values[0];
        const drawn = typeof value === "number" ? value : (value?.about ?? 0);
        return [row.label, drawn, value === null || value === undefined ? "" : shown(value, first)];
      }),
    );
    if (columns) {
      // Two dimensions: the split (or the other measures) is written beside the bars.
      const besides = breakdown.alike ? 0 : 1;
      const split = breakdown.rows.map((row) =>
        row.values
          .map((value, index) =>
            value === null || index < besides
              ? ""
              : `${columns[index]} ${shown(value, measures[index] ?? breakdown)}`,
          )
          .filter(Boolean)
          .join("、"),
      );
      const name = columns.slice(besides).join(" / ");
      spec.side = { name, labels: split };
      spec.table.head.push(name);
      spec.table.rows.forEach((row, index) => {
        row.push(split[index] ?? "");
      });
    }
    specs.push(spec);
  }
  return specs;
}
