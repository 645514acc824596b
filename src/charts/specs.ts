import type { Figures } from "../format/figures.js";
import type { View } from "../model/view.js";
import { activityKinds } from "../schema/activities.js";

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

type Words = (key: string, values?: Record<string, string>) => string;

/**
 * The charts of a report, made from the view: relief by programme (amounts and people helped),
 * the proposal pipeline, and activities by kind. Labels use the report's own figure formats.
 */
export function chartSpecs(
  view: View,
  words: Words,
  format: Pick<Figures, "money" | "count" | "headcount">,
): ChartSpec[] {
  const specs: ChartSpec[] = [];

  const programmes = (view.relief?.programme_list ?? []).filter(
    (programme) => typeof programme.amount === "number",
  );
  if (programmes.length > 0) {
    const amounts = programmes.map((programme) => programme.amount as number);
    // People are counted in their own units (60名, 100戶、580位, 14個): never added up across
    // units, so the chart shows them as words beside the bars, not as bars.
    const helped = programmes.map(
      (programme) => format.headcount(programme.beneficiaries ?? []) || "—",
    );
    const names = programmes.map((programme) => programme.name);
    const amountLabels = amounts.map(format.money);
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

  const proposals = view.proposals;
  if (proposals) {
    // Proposals answered, when the rate gives a whole number of them (100% of 142 is 142; a
    // rate such as 98.5% of 80 is not a count the records hold, and is left out).
    const replied = (proposals.filed * proposals.reply_rate) / 100;
    const stages: Array<[string, number]> = [
      [words("supervision.received"), proposals.received],
      [words("supervision.filed"), proposals.filed],
      [words("supervision.key"), proposals.key_proposals],
      ...(Number.isInteger(replied)
        ? [[words("charts.proposals.replied"), replied] as [string, number]]
        : []),
    ];
    const unit = words("units.proposals");
    specs.push({
      name: "proposals",
      title: words("charts.proposals.title"),
      summary: `${words("charts.proposals.title")}: ${stages
        .map(([stage, count]) => `${stage} ${format.count(count, unit)}`)
        .join(", ")}`,
      table: {
        head: [words("charts.proposals.stage"), words("charts.proposals.number")],
        rows: stages.map(([stage, count]) => [stage, format.count(count, unit)]),
      },
      categories: stages.map(([stage]) => stage),
      series: [
        {
          name: words("charts.proposals.number"),
          values: stages.map(([, count]) => count),
          labels: stages.map(([, count]) => format.count(count, unit)),
        },
      ],
    });
  }

  const byKind = view.activities_by_kind;
  const kinds = byKind
    ? activityKinds
        .map((kind) => [words(`charts.activities.${kind}`), byKind[kind].length] as const)
        .filter(([, count]) => count > 0)
    : [];
  if (kinds.length > 0) {
    specs.push({
      name: "activities",
      title: words("charts.activities.title"),
      summary: `${words("charts.activities.title")}: ${kinds.map(([kind, count]) => `${kind} ${count}`).join(", ")}`,
      table: {
        head: [words("charts.activities.kind"), words("charts.activities.number")],
        rows: kinds.map(([kind, count]) => [kind, String(count)]),
      },
      categories: kinds.map(([kind]) => kind),
      series: [
        {
          name: words("charts.activities.number"),
          values: kinds.map(([, count]) => count),
          labels: kinds.map(([, count]) => String(count)),
        },
      ],
    });
  }

  const teams = view.volunteers?.team_list ?? [];
  if (teams.length > 0) {
    // Hours when every team counted them; otherwise the bars are the volunteers themselves.
    const byHours = teams.every((team) => team.hours !== undefined);
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
  return specs;
}
