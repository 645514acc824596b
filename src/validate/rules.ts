import type { RecordFileName, Records } from "../schema/index.js";
import type { IssuePath } from "./issue.js";

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

export const filedWithinReceived: Rule = (records) => {
  const { filed, received } = records["proposals.yaml"];
  return filed <= received
    ? []
    : [
        error(
          "proposals.yaml",
          ["filed"],
          `expected at most ${received} filed (the number received), found ${filed}`,
        ),
      ];
};

export const keyWithinFiled: Rule = (records) => {
  const { key_proposals, filed } = records["proposals.yaml"];
  return key_proposals <= filed
    ? []
    : [
        error(
          "proposals.yaml",
          ["key_proposals"],
          `expected at most ${filed} key proposals (the number filed), found ${key_proposals}`,
        ),
      ];
};

export const leadUnitsWithinKeyProposals: Rule = (records) => {
  const { key_lead_units, key_proposals } = records["proposals.yaml"];
  return key_lead_units <= key_proposals
    ? []
    : [
        warning(
          "proposals.yaml",
          ["key_lead_units"],
          `${key_lead_units} lead units for ${key_proposals} key proposals: each key proposal has one lead unit`,
        ),
      ];
};

export const datesInsideYear: Rule = (records, year) => {
  const dated: Array<[RecordFileName, IssuePath, string | undefined]> = [
    ...records["activities.yaml"].activities.map(
      (activity, index) =>
        ["activities.yaml", ["activities", index, "date"], activity.date] as [
          RecordFileName,
          IssuePath,
          string | undefined,
        ],
    ),
    ...records["relief.yaml"].programmes.map(
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
    records["activities.yaml"].activities.map((a) => a.id),
    "activity",
  ),
  ...duplicates(
    "relief.yaml",
    ["programmes"],
    records["relief.yaml"].programmes.map((p) => p.id),
    "programme",
  ),
  ...duplicates(
    "relief.yaml",
    ["funds"],
    records["relief.yaml"].funds.map((f) => f.id),
    "fund",
  ),
  ...duplicates(
    "documents.yaml",
    ["documents"],
    records["documents.yaml"].documents.map((d) => d.id),
    "document",
  ),
  ...duplicates(
    "narrative.yaml",
    ["sections"],
    records["narrative.yaml"].sections.map((s) => s.id),
    "section",
  ),
];

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
      names.length ? `known: ${names.join(", ")}` : undefined,
    ),
  ];
}

export const referencesResolve: Rule = (records) => {
  const documents = new Map(records["documents.yaml"].documents.map((d) => [d.id, d]));
  const funds = new Map(records["relief.yaml"].funds.map((f) => [f.id, f]));
  const visits = new Map(
    records["activities.yaml"].activities
      .filter((a) => a.kind === "visit_received")
      .map((a) => [a.id, a]),
  );
  return [
    ...records["relief.yaml"].funds.flatMap((fund, index) =>
      reference(
        "relief.yaml",
        ["funds", index, "regulation"],
        fund.regulation,
        documents,
        "document",
      ),
    ),
    ...records["relief.yaml"].programmes.flatMap((programme, index) =>
      reference("relief.yaml", ["programmes", index, "fund"], programme.fund, funds, "fund"),
    ),
    ...reference(
      "social-conditions.yaml",
      ["regulation"],
      records["social-conditions.yaml"].regulation,
      documents,
      "document",
    ),
    ...records["delegations.yaml"].received.examples.flatMap((id, index) =>
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
  records["relief.yaml"].funds.flatMap((fund, index) => {
    if (fund.total === undefined) return [];
    const parts = records["relief.yaml"].programmes.filter(
      (programme) => programme.fund === fund.id,
    );
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

export const countsHaveUnits: Rule = (records) =>
  records["relief.yaml"].programmes.flatMap((programme, index) =>
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

export const reportsWithinIssued: Rule = (records) => {
  const { reports, issued } = records["social-conditions.yaml"];
  return reports.length <= issued
    ? []
    : [
        error(
          "social-conditions.yaml",
          ["issued"],
          `expected at least ${reports.length} (the reports listed), found ${issued}`,
        ),
      ];
};

export const examplesWithinBatches: Rule = (records) => {
  const { examples, batches } = records["delegations.yaml"].received;
  return examples.length <= batches
    ? []
    : [
        error(
          "delegations.yaml",
          ["received", "batches"],
          `expected at least ${examples.length} (the visits named as examples), found ${batches}`,
        ),
      ];
};

/**
 * Figures belong in the records, not typed into the prose: a number followed by a unit in a
 * narrative paragraph will not follow when the records change.
 */
const typedFigure = /\d[\d.,]*\s*(萬元|億元|元|名|件|期|批次|戶|位|冊|套|份|個|人次)/;

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
