import type { IssuePath } from "../core/issue.js";
import { isChinese } from "../core/language.js";
import type { RecordFileName, Records } from "../schema/index.js";

/** A finding of a cross-field rule, before it is given a line and column. */
export interface Finding {
  severity: "error" | "warning";
  file: RecordFileName;
  path: IssuePath;
  message: string;
  hint?: string;
  /** A passage inside the value to point at, for long texts such as narrative paragraphs. */
  within?: string;
}

export type Rule = (records: Records, year: number) => Finding[];

const error = (file: RecordFileName, path: IssuePath, message: string, hint?: string): Finding => ({
  severity: "error",
  file,
  path,
  message,
  ...(hint ? { hint } : {}),
});

const warning = (
  file: RecordFileName,
  path: IssuePath,
  message: string,
  within?: string,
): Finding => ({
  severity: "warning",
  file,
  path,
  message,
  ...(within ? { within } : {}),
});

// The lists of the optional files, empty when the year does not keep that file.
const activitiesOf = (records: Records) => records["activities.yaml"]?.activities ?? [];
const programmesOf = (records: Records) => records["relief.yaml"]?.programmes ?? [];
const fundsOf = (records: Records) => records["relief.yaml"]?.funds ?? [];
const documentsOf = (records: Records) => records["documents.yaml"]?.documents ?? [];
const teamsOf = (records: Records) => records["volunteers.yaml"]?.teams ?? [];

/** A rule about one optional file: nothing to check in a year that does not keep it. */
function about<Name extends RecordFileName>(
  name: Name,
  check: (record: NonNullable<Records[Name]>) => Finding[],
): Rule {
  return (records) => {
    const record = records[name];
    return record === undefined ? [] : check(record as NonNullable<Records[Name]>);
  };
}

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

export const filedWithinReceived = about("proposals.yaml", ({ filed, received }) =>
  filed <= received
    ? []
    : [
        error(
          "proposals.yaml",
          ["filed"],
          `expected at most ${received} filed (the number received), found ${filed}`,
        ),
      ],
);

export const keyWithinFiled = about("proposals.yaml", ({ key_proposals, filed }) =>
  key_proposals <= filed
    ? []
    : [
        error(
          "proposals.yaml",
          ["key_proposals"],
          `expected at most ${filed} key proposals (the number filed), found ${key_proposals}`,
        ),
      ],
);

export const leadUnitsWithinKeyProposals = about(
  "proposals.yaml",
  ({ key_lead_units, key_proposals }) =>
    key_lead_units <= key_proposals
      ? []
      : [
          warning(
            "proposals.yaml",
            ["key_lead_units"],
            `${key_lead_units} lead units for ${key_proposals} key proposals: each key proposal has one lead unit`,
          ),
        ],
);

export const datesInsideYear: Rule = (records, year) => {
  const dated: Array<[RecordFileName, IssuePath, string | undefined]> = [
    ...activitiesOf(records).map(
      (activity, index) =>
        ["activities.yaml", ["activities", index, "date"], activity.date] as [
          RecordFileName,
          IssuePath,
          string | undefined,
        ],
    ),
    ...programmesOf(records).map(
      (programme, index) =>
        ["relief.yaml", ["programmes", index, "date"], programme.date] as [
          RecordFileName,
          IssuePath,
          string | undefined,
        ],
    ),
  ];
  return dated
    .filter(([, , date]) => date !== undefined && !date.startsWith(String(year)))
    .map(([file, path, date]) => error(file, path, `expected a date in ${year}, found ${date}`));
};

function duplicates(
  file: RecordFileName,
  listPath: IssuePath,
  ids: string[],
  what: string,
): Finding[] {
  const seen = new Map<string, number>();
  const findings: Finding[] = [];
  ids.forEach((id, index) => {
    const first = seen.get(id);
    if (first === undefined) seen.set(id, index);
    else
      findings.push(
        error(
          file,
          [...listPath, index, "id"],
          `expected a unique ${what} id, found "${id}" again (first at item ${first + 1})`,
        ),
      );
  });
  return findings;
}

export const idsUnique: Rule = (records) => [
  ...duplicates(
    "activities.yaml",
    ["activities"],
    activitiesOf(records).map((a) => a.id),
    "activity",
  ),
  ...duplicates(
    "relief.yaml",
    ["programmes"],
    programmesOf(records).map((p) => p.id),
    "programme",
  ),
  ...duplicates(
    "relief.yaml",
    ["funds"],
    fundsOf(records).map((f) => f.id),
    "fund",
  ),
  ...duplicates(
    "volunteers.yaml",
    ["teams"],
    teamsOf(records).map((t) => t.id),
    "team",
  ),
  ...duplicates(
    "documents.yaml",
    ["documents"],
    documentsOf(records).map((d) => d.id),
    "document",
  ),
  ...duplicates(
    "narrative.yaml",
    ["sections"],
    records["narrative.yaml"].sections.map((s) => s.id),
    "section",
  ),
];

/** Where each kind of record that others refer to is listed. */
const listedIn: Record<string, RecordFileName> = {
  document: "documents.yaml",
  fund: "relief.yaml",
  programme: "relief.yaml",
  "visit_received activity": "activities.yaml",
};

function reference(
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

export const fundTotalsMatchProgrammes: Rule = (records) =>
  fundsOf(records).flatMap((fund, index) => {
    if (fund.total === undefined) return [];
    const parts = programmesOf(records).filter((programme) => programme.fund === fund.id);
    if (parts.some((programme) => typeof programme.amount === "object")) {
      return [
        warning(
          "relief.yaml",
          ["funds", index, "total"],
          "cannot check the total: a programme's amount is approximate",
        ),
      ];
    }
    const sum = parts.reduce(
      (total, programme) => total + ((programme.amount as number | undefined) ?? 0),
      0,
    );
    return sum === fund.total
      ? []
      : [
          error(
            "relief.yaml",
            ["funds", index, "total"],
            `expected ${sum} (the sum of the fund's ${parts.length} programmes), found ${fund.total}`,
          ),
        ];
  });

/** In Chinese a count needs its measure word (60名); in English "60 families" needs none. */
export const countsHaveUnits: Rule = (records) =>
  !isChinese(records["report.yaml"].language)
    ? []
    : programmesOf(records).flatMap((programme, index) =>
        programme.beneficiaries.flatMap((beneficiary, position) =>
          beneficiary.count !== undefined && beneficiary.unit === undefined
            ? [
                error(
                  "relief.yaml",
                  ["programmes", index, "beneficiaries", position],
                  `expected a unit (名, 戶, 個 …) beside the count ${beneficiary.count}, found none`,
                ),
              ]
            : [],
        ),
      );

export const reportsWithinIssued = about("social-conditions.yaml", ({ reports, issued }) =>
  reports.length <= issued
    ? []
    : [
        error(
          "social-conditions.yaml",
          ["issued"],
          `expected at least ${reports.length} (the reports listed), found ${issued}`,
        ),
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

/**
 * Figures belong in the records, not typed into the prose: a number followed by a unit in a
 * narrative paragraph will not follow when the records change.
 */
const typedFigure =
  /\d[\d.,]*\s*(萬元|億元|元|名|件|期|批次|戶|位|冊|套|份|個|人次)|[$£€¥]\s?\d[\d.,]*|\b\d[\d,]*\s+(volunteers|hours|people|families|grants)\b/;

export const figuresComeFromRecords: Rule = (records) => {
  const narrative = records["narrative.yaml"];
  const paragraphs: Array<[IssuePath, string]> = [
    ...narrative.intro.map((text, index) => [["intro", index], text] as [IssuePath, string]),
    ...narrative.sections.flatMap((section, sectionIndex) =>
      section.paragraphs.map(
        (text, index) =>
          [["sections", sectionIndex, "paragraphs", index], text] as [IssuePath, string],
      ),
    ),
    ...narrative.closing.map((text, index) => [["closing", index], text] as [IssuePath, string]),
  ];
  return paragraphs.flatMap(([path, text]) => {
    const match = typedFigure.exec(text.replace(/\{\{[^}]*\}\}/g, ""));
    return match
      ? [
          warning(
            "narrative.yaml",
            path,
            `the figure "${match[0]}" is typed into the prose; take it from the records with a helper so it follows when they change`,
            match[0],
          ),
        ]
      : [];
  });
};

export const rules: Rule[] = [
  yearMatchesFolder,
  filedWithinReceived,
  keyWithinFiled,
  leadUnitsWithinKeyProposals,
  datesInsideYear,
  idsUnique,
  referencesResolve,
  fundTotalsMatchProgrammes,
  countsHaveUnits,
  reportsWithinIssued,
  examplesWithinBatches,
  figuresComeFromRecords,
];
