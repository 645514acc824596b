import type { IssuePath } from "../../core/issue.js";
import { isChinese } from "../../core/language.js";
import { builtinChartNames } from "../../schema/figures.js";
import type { RecordFileName, Records } from "../../schema/index.js";
import { maxSectionDepth, type Subsection } from "../../schema/narrative.js";
import { about, duplicates, error, type Finding, type Rule } from "./finding.js";

// The lists of the optional files, empty when the year does not keep that file.
const activitiesOf = (records: Records) => records["activities.yaml"]?.activities ?? [];
const programmesOf = (records: Records) => records["relief.yaml"]?.programmes ?? [];
const fundsOf = (records: Records) => records["relief.yaml"]?.funds ?? [];
const documentsOf = (records: Records) => records["documents.yaml"]?.documents ?? [];
const teamsOf = (records: Records) => records["volunteers.yaml"]?.teams ?? [];

export const yearMatchesFolder: Rule = (records, year) =>
  records["report.yaml"].year === year
    ? []
    : [
        error(
          "report.yaml",
          ["year"],
          `expected ${year} (the folder's year), found ${records["report.yaml"].year}`,
        ),
      ];

/** A date's first and last day as comparable texts: 2022-03 runs from 2022-03-01 to 2022-03-31. */
function span(date: string): { first: string; last: string } {
  const [year, month, day] = date.split("-");
  if (day) return { first: date, last: date };
  if (month) {
    const days = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
    return { first: `${date}-01`, last: `${date}-${String(days).padStart(2, "0")}` };
  }
  return { first: `${date}-01-01`, last: `${date}-12-31` };
}

/** The reporting period: report.yaml's `period`, else the calendar year. */
export function reportingPeriod(records: Records, year: number): { first: string; last: string } {
  const period = records["report.yaml"].period;
  return period
    ? { first: span(period.start).first, last: span(period.end).last }
    : span(String(year));
}

export const periodIsSound: Rule = (records, year) => {
  const period = records["report.yaml"].period;
  if (!period) return [];
  const { first, last } = reportingPeriod(records, year);
  if (first > last) {
    return [
      error(
        "report.yaml",
        ["period", "end"],
        `expected the end of the period after its start (${period.start}), found ${period.end}`,
      ),
    ];
  }
  const years = [period.start.slice(0, 4), period.end.slice(0, 4)];
  return years.includes(String(year))
    ? []
    : [
        error(
          "report.yaml",
          ["period", "start"],
          `expected a period that starts or ends in ${year} (the report's year), found ${period.start} to ${period.end}`,
        ),
      ];
};

/**
 * Dates fall inside the reporting period; a date the report names as context (a board meeting
 * before the year began) says so with `outside_period: true`.
 */
export const datesInsidePeriod: Rule = (records, year) => {
  const period = reportingPeriod(records, year);
  const named = records["report.yaml"].period
    ? `the period ${records["report.yaml"].period?.start} to ${records["report.yaml"].period?.end}`
    : String(year);
  const dated: Array<[RecordFileName, IssuePath, string | undefined, boolean | undefined]> = [
    ...activitiesOf(records).map(
      (activity, index) =>
        [
          "activities.yaml",
          ["activities", index, "date"],
          activity.date,
          activity.outside_period,
        ] as [RecordFileName, IssuePath, string | undefined, boolean | undefined],
    ),
    ...programmesOf(records).map(
      (programme, index) =>
        [
          "relief.yaml",
          ["programmes", index, "date"],
          programme.date,
          programme.outside_period,
        ] as [RecordFileName, IssuePath, string | undefined, boolean | undefined],
    ),
  ];
  return dated
    .filter(([, , date, outside]) => {
      if (date === undefined || outside) return false;
      const { first, last } = span(date);
      return last < period.first || first > period.last;
    })
    .map(([file, path, date]) =>
      error(
        file,
        path,
        `expected a date in ${named}, found ${date}`,
        "a date the report names as context, outside the period, is marked outside_period: true",
      ),
    );
};

/** Every section's id, subsections' own and those given by their place. */
function sectionIds(
  sections: ReadonlyArray<Subsection>,
  path: IssuePath,
  parent?: string,
): Array<{ id: string; path: IssuePath; depth: number }> {
  return sections.flatMap((section, index) => {
    const id = section.id ?? `${parent}_${index + 1}`;
    const here = [...path, index];
    const depth = here.filter((segment) => segment === "sections").length;
    return [
      { id, path: here, depth },
      ...sectionIds(section.sections ?? [], [...here, "sections"], id),
    ];
  });
}

export const sectionsNotTooDeep: Rule = (records) =>
  sectionIds(records["narrative.yaml"].sections, ["sections"])
    .filter((section) => section.depth > maxSectionDepth)
    .map((section) =>
      error(
        "narrative.yaml",
        section.path,
        `expected at most ${maxSectionDepth} levels of sections (一、 → (一) → 1. → (1)), found a section at level ${section.depth}`,
      ),
    );

export const idsUnique: Rule = (records) => {
  const sections = sectionIds(records["narrative.yaml"].sections, ["sections"]);
  const finances = records["finances.yaml"];
  return [
    ...duplicates(
      "activities.yaml",
      ["activities"],
      activitiesOf(records).map((a) => a.id),
      "activity id",
    ),
    ...duplicates(
      "relief.yaml",
      ["programmes"],
      programmesOf(records).map((p) => p.id),
      "programme id",
    ),
    ...duplicates(
      "relief.yaml",
      ["funds"],
      fundsOf(records).map((f) => f.id),
      "fund id",
    ),
    ...duplicates(
      "volunteers.yaml",
      ["teams"],
      teamsOf(records).map((t) => t.id),
      "team id",
    ),
    ...duplicates(
      "documents.yaml",
      ["documents"],
      documentsOf(records).map((d) => d.id),
      "document id",
    ),
    ...(["income", "expenditure"] as const).flatMap((account) =>
      duplicates(
        "finances.yaml",
        [account, "items"],
        finances?.[account]?.items.map((item) => item.id) ?? [],
        `${account} item id`,
      ),
    ),
    ...duplicates(
      "figures.yaml",
      ["figures"],
      records["figures.yaml"]?.figures.map((figure) => figure.id) ?? [],
      "figure id",
    ),
    ...duplicates(
      "figures.yaml",
      ["breakdowns"],
      records["figures.yaml"]?.breakdowns.map((breakdown) => breakdown.id) ?? [],
      "breakdown id",
    ),
    // Sections and subsections share one set of anchors in the report.
    ...sections.flatMap((section, index) => {
      const first = sections.findIndex((other) => other.id === section.id);
      return first < index
        ? [
            error(
              "narrative.yaml",
              [...section.path, "id"],
              `expected a unique section id, found "${section.id}" again`,
              "sections and subsections share their ids; a subsection without an id is named after its section and place",
            ),
          ]
        : [];
    }),
  ];
};

/** Where each kind of record that others refer to is listed. */
const listedIn: Record<string, RecordFileName> = {
  document: "documents.yaml",
  fund: "relief.yaml",
  programme: "relief.yaml",
  figure: "figures.yaml",
  "visit_received activity": "activities.yaml",
};

export function reference(
  file: RecordFileName,
  path: IssuePath,
  id: string | undefined,
  known: Map<string, unknown>,
  what: string,
): Finding[] {
  if (id === undefined || known.has(id)) return [];
  const names = [...known.keys()];
  return [
    error(
      file,
      path,
      `expected the id of a ${what}, found "${id}" which no ${what} has`,
      names.length ? `known: ${names.join(", ")}` : `${listedIn[what]} lists none this year`,
    ),
  ];
}

export const referencesResolve: Rule = (records) => {
  const documents = new Map(documentsOf(records).map((d) => [d.id, d]));
  const funds = new Map(fundsOf(records).map((f) => [f.id, f]));
  const programmes = new Map(programmesOf(records).map((p) => [p.id, p]));
  const visits = new Map(
    activitiesOf(records)
      .filter((a) => a.kind === "visit_received")
      .map((a) => [a.id, a]),
  );
  return [
    ...fundsOf(records).flatMap((fund, index) =>
      reference(
        "relief.yaml",
        ["funds", index, "regulation"],
        fund.regulation,
        documents,
        "document",
      ),
    ),
    ...programmesOf(records).flatMap((programme, index) =>
      reference("relief.yaml", ["programmes", index, "fund"], programme.fund, funds, "fund"),
    ),
    ...reference(
      "social-conditions.yaml",
      ["regulation"],
      records["social-conditions.yaml"]?.regulation,
      documents,
      "document",
    ),
    ...teamsOf(records).flatMap((team, index) =>
      reference(
        "volunteers.yaml",
        ["teams", index, "programme"],
        team.programme,
        programmes,
        "programme",
      ),
    ),
    ...(records["delegations.yaml"]?.received.examples ?? []).flatMap((id, index) =>
      reference(
        "delegations.yaml",
        ["received", "examples", index],
        id,
        visits,
        "visit_received activity",
      ),
    ),
  ];
};

/** A breakdown's chart takes its id, which must not be one of the built-in charts'. */
export const breakdownNamesFree = about("figures.yaml", ({ breakdowns }) =>
  breakdowns.flatMap((breakdown, index) =>
    (builtinChartNames as readonly string[]).includes(breakdown.id)
      ? [
          error(
            "figures.yaml",
            ["breakdowns", index, "id"],
            `expected an id other than the built-in charts' (${builtinChartNames.join(", ")}), found "${breakdown.id}"`,
            `a breakdown's chart is placed with {{chart "${breakdown.id}"}}; name it after what it counts, such as ${breakdown.id}_by_category`,
          ),
        ]
      : [],
  ),
);

/** In Chinese a count needs its measure word (60名); in English "60 families" needs none. */
export const countsHaveUnits: Rule = (records) =>
  !isChinese(records["report.yaml"].language)
    ? []
    : programmesOf(records).flatMap((programme, index) => [
        ...programme.beneficiaries.flatMap((beneficiary, position) =>
          beneficiary.count !== undefined && beneficiary.unit === undefined
            ? [
                error(
                  "relief.yaml",
                  ["programmes", index, "beneficiaries", position],
                  `expected a unit (名, 戶, 個 …) beside the count ${JSON.stringify(beneficiary.count)}, found none`,
                ),
              ]
            : [],
        ),
        ...programme.items.flatMap((item, position) =>
          item.unit === undefined
            ? [
                error(
                  "relief.yaml",
                  ["programmes", index, "items", position],
                  `expected a unit (冊, 套, 份 …) beside the quantity of ${item.name}, found none`,
                ),
              ]
            : [],
        ),
      ]);

export const reportsWithinIssued = about(
  "social-conditions.yaml",
  ({ reports, issued, endorsements }) => [
    ...(reports.length <= issued
      ? []
      : [
          error(
            "social-conditions.yaml",
            ["issued"],
            `expected at least ${reports.length} (the reports listed), found ${issued}`,
          ),
        ]),
    ...(endorsements === undefined ||
    endorsements >= reports.filter((report) => report.endorsed_by.length > 0).length
      ? []
      : [
          error(
            "social-conditions.yaml",
            ["endorsements"],
            `expected at least ${reports.filter((report) => report.endorsed_by.length > 0).length} (the endorsed reports listed), found ${endorsements}`,
          ),
        ]),
  ],
);

export const examplesWithinBatches = about("delegations.yaml", ({ received }) =>
  received.examples.length <= received.batches
    ? []
    : [
        error(
          "delegations.yaml",
          ["received", "batches"],
          `expected at least ${received.examples.length} (the visits named as examples), found ${received.batches}`,
        ),
      ],
);
