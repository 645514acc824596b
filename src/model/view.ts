import { isScalar, Scalar } from "yaml";
import { writingOf } from "../core/language.js";
import type { YamlFile } from "../load/yaml-file.js";
import { type Activity, activityKinds } from "../schema/activities.js";
import type { Locale } from "../schema/config.js";
import type { DocumentRecord } from "../schema/documents.js";
import {
  type RecordFileName,
  type Records,
  recordFileNames,
  recordFiles,
} from "../schema/index.js";
import type { Programme } from "../schema/relief.js";
import { withDeclaredFields } from "../schema/walk.js";
import type { Comparison } from "./compare.js";

/**
 * A narrative paragraph and where it starts in its file, so that a mistake in one of its
 * `{{…}}` expressions can be reported at the right line.
 */
export interface Prose {
  text: string;
  file: string;
  line: number;
  column: number;
}

export interface SectionView {
  id: string;
  heading: string[];
  paragraphs: Prose[];
}

export interface FundView {
  id: string;
  name: string;
  regulation?: DocumentRecord;
  programmes: Programme[];
  /** The sum of the programmes' exact amounts, in 元. */
  total: number;
}

export type View = ReturnType<typeof buildView>;

/** The view's fields that are null when the year does not keep the record file behind them. */
export const recordFileOfView: Record<string, RecordFileName> = {
  activities: "activities.yaml",
  activities_by_kind: "activities.yaml",
  relief: "relief.yaml",
  proposals: "proposals.yaml",
  social_conditions: "social-conditions.yaml",
  documents: "documents.yaml",
  regulations: "documents.yaml",
  articles: "documents.yaml",
  delegations: "delegations.yaml",
  volunteers: "volunteers.yaml",
};

/**
 * Everything the templates can name, derived once from the validated records. Records keep
 * their own field names; lists also come keyed by id so that prose can name one record.
 */
export function buildView(validated: Records, files: Partial<Record<keyof Records, YamlFile>>) {
  const records = Object.fromEntries(
    recordFileNames
      .filter((name) => validated[name] !== undefined)
      .map((name) => [name, withDeclaredFields(recordFiles[name], validated[name])]),
  ) as Records;
  const report = records["report.yaml"];
  const narrative = records["narrative.yaml"];
  const prose = (path: Array<string | number>, text: string): Prose => ({
    text,
    ...proseStart(files["narrative.yaml"], path),
  });

  const documentList = records["documents.yaml"]?.documents;
  const documents = documentList ? byId(documentList) : null;
  const regulationOf = (id: string | undefined) =>
    id && documents?.[id] ? { regulation: documents[id] } : {};

  const activityList = records["activities.yaml"]?.activities;
  const activities = activityList ? byId(activityList) : null;
  const relief = records["relief.yaml"];
  const proposals = records["proposals.yaml"];
  const social = records["social-conditions.yaml"];
  const delegations = records["delegations.yaml"]?.received;
  const volunteers = records["volunteers.yaml"];

  return {
    year: report.year,
    organisation: report.organisation,
    short_name: report.short_name,
    title: report.title,
    subtitle: report.subtitle,
    language: report.language,
    /** The currency of every amount, ISO 4217. */
    currency: report.currency,
    /** Which templates/locales/<locale>.yaml gives the words the templates add. */
    locale: localeOf(report.language),
    /** This year beside last year's records, when the project has them (set by the build). */
    comparison: null as Comparison | null,
    /** The look: default, or official (GB/T 9704); set by the build. */
    theme: "default" as "default" | "official",
    /** The charts the templates may place with {{chart "name"}} (set by the build). */
    charts: {} as Record<string, { title: string }>,
    subject: report.subject ?? `${report.organisation}${report.title}`,
    keywords: report.keywords,
    intro: narrative.intro.map((text, index) => prose(["intro", index], text)),
    sections: narrative.sections.map(
      (section, sectionIndex): SectionView => ({
        id: section.id,
        heading: section.heading,
        paragraphs: section.paragraphs.map((text, index) =>
          prose(["sections", sectionIndex, "paragraphs", index], text),
        ),
      }),
    ),
    closing: narrative.closing.map((text, index) => prose(["closing", index], text)),
    // A file the year does not keep gives null: {{#if proposals}} tests for it, and a
    // template that names a figure inside it fails with the file's name.
    activities,
    activities_by_kind: activityList
      ? (Object.fromEntries(
          activityKinds.map((kind) => [
            kind,
            activityList.filter((activity) => activity.kind === kind),
          ]),
        ) as Record<(typeof activityKinds)[number], Activity[]>)
      : null,
    relief: relief
      ? {
          funds: Object.fromEntries(
            relief.funds.map((fund): [string, FundView] => {
              const programmes = relief.programmes.filter(
                (programme) => programme.fund === fund.id,
              );
              return [
                fund.id,
                {
                  id: fund.id,
                  name: fund.name,
                  ...regulationOf(fund.regulation),
                  programmes,
                  total: programmes.reduce((sum, programme) => sum + exactAmount(programme), 0),
                },
              ];
            }),
          ),
          programmes: byId(relief.programmes),
          programme_list: relief.programmes,
          /** Exact amounts only: approximate ones (200多萬元) cannot be added up honestly. */
          exact_total: relief.programmes.reduce(
            (sum, programme) => sum + exactAmount(programme),
            0,
          ),
          has_approximate: relief.programmes.some(
            (programme) => typeof programme.amount === "object",
          ),
        }
      : null,
    proposals: proposals
      ? {
          ...proposals,
          filing_rate: proposals.received === 0 ? 0 : (proposals.filed / proposals.received) * 100,
        }
      : null,
    social_conditions: social
      ? {
          ...social,
          ...regulationOf(social.regulation),
          examples: social.reports.filter((entry) => entry.endorsed_by.length === 0),
          endorsed: social.reports.filter((entry) => entry.endorsed_by.length > 0),
        }
      : null,
    documents,
    regulations: documentList?.filter((document) => document.kind === "regulation") ?? null,
    articles: documentList?.filter((document) => document.kind === "article") ?? null,
    delegations: delegations
      ? {
          batches: delegations.batches,
          examples: delegations.examples.flatMap((id) =>
            activities?.[id] ? [activities[id]] : [],
          ),
        }
      : null,
    volunteers: volunteers
      ? {
          teams: byId(volunteers.teams),
          team_list: volunteers.teams,
          /** Everyone who served, over all teams. */
          people: volunteers.teams.reduce((sum, team) => sum + team.people, 0),
          /** Hours given, over the teams that counted them. */
          hours: volunteers.teams.reduce((sum, team) => sum + (team.hours ?? 0), 0),
        }
      : null,
  };
}

/** The locale file for a language tag: en-GB → en, zh-CN → zh-Hans, zh-TW → zh-Hant. */
export function localeOf(language: string): Locale {
  const writing = writingOf(language);
  return writing === "other" ? "en" : writing;
}

function exactAmount(programme: Programme): number {
  return typeof programme.amount === "number" ? programme.amount : 0;
}

/** A null-prototype map keyed by id: `__proto__` or `constructor` as an id stays plain data. */
function byId<Item extends { id: string }>(items: Item[]): Record<string, Item> {
  const map: Record<string, Item> = Object.create(null);
  for (const item of items) map[item.id] = item;
  return map;
}

/** Where the text of the scalar at `path` begins: after the `|-` line for block scalars. */
function proseStart(file: YamlFile | undefined, path: Array<string | number>): Omit<Prose, "text"> {
  if (!file) return { file: "narrative.yaml", line: 1, column: 1 };
  const node = file.document.getIn(path, true);
  let offset = 0;
  if (isScalar(node) && node.range) {
    offset = node.range[0];
    if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
      const lineEnd = file.text.indexOf("\n", offset);
      offset = lineEnd + 1;
      while (file.text[offset] === " ") offset++;
    } else if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
      offset += 1;
    }
  }
  const { line, col } = file.lineCounter.linePos(offset);
  return { file: file.display, line, column: col };
}
