import { languageOf, type Script, writingOf } from "../core/language.js";
import { activityCount, programmeAmounts, raisedTotal, volunteerTotals } from "../derive/sums.js";
import type { CurrencyDisplay, QuoteStyle } from "../format/common.js";
import { figuresFor, type MoneyOptions } from "../format/figures.js";
import type { YamlFile } from "../load/yaml-file.js";
import { type Activity, activityKinds } from "../schema/activities.js";
import type { Amount } from "../schema/common.js";
import type { Locale, ProjectConfig, Theme } from "../schema/config.js";
import { builtinChartNames } from "../schema/figures.js";
import {
  type RecordFileName,
  type Records,
  recordFileNames,
  recordFiles,
} from "../schema/index.js";
import type { SocialConditionsRecord } from "../schema/social-conditions.js";
import { withDeclaredFields } from "../schema/walk.js";
import { type ChartSpec, chartSpecs } from "./charts.js";
import { byId, type Declared, type Words } from "./common.js";
import { type Comparison, compareYears } from "./compare.js";
import { documentTitle, organisationAndTitle, titleNamesOrganisation } from "./document.js";
import { type BreakdownView, type FigureView, figuresView } from "./figures.js";
import { type FinancesView, financesView } from "./finances.js";
import { frames, type PageView, pageOf } from "./page.js";
import { type ProposalsView, proposalsView } from "./proposals.js";
import type { ActivityView, DocumentView, ProgrammeView, TeamView } from "./records.js";
import { viewInScript } from "./script.js";
import { type Numbering, type Prose, proseAt, type SectionView, sectionViews } from "./sections.js";

export type { Prose, SectionView };

export interface FundView {
  id: string;
  name: string;
  regulation: DocumentView | null;
  programmes: ProgrammeView[];
  /** The money given out: the sum of the programmes' exact amounts, to the 分. */
  total: number;
  /** The money raised into the fund this year, kept apart from what it gave out. */
  raised: Amount | null;
}

export interface ReliefView {
  funds: Record<string, FundView>;
  fund_list: FundView[];
  programmes: Record<string, ProgrammeView>;
  programme_list: ProgrammeView[];
  /** Money given out, exact amounts only: approximate ones (200多萬元) cannot be added honestly. */
  exact_total: number;
  has_approximate: boolean;
  /** Money raised into the funds (exact amounts), apart from the money given out. */
  raised_total: number | null;
}

export interface VolunteersView {
  teams: Record<string, TeamView>;
  team_list: TeamView[];
  /** Everyone who served, over all teams. */
  people: number;
  /** Hours given, over the teams that counted them; null when none did. */
  hours: number | null;
}

/**
 * Everything the templates can name, built in one step from the validated records and what
 * they are read with: last year's records, the project's settings, the script and the theme.
 * Records keep their own field names; lists also come keyed by id so that prose can name one
 * record; a file the year does not keep gives null.
 */
export interface View {
  year: number;
  organisation: string;
  short_name: string;
  title: string;
  /** Whether the title names the organisation already: the cover does not say it twice. */
  title_names_organisation: boolean;
  /** The document's title, as the PDF, the Word file, the HTML and the Markdown give it. */
  document_title: string;
  subtitle: string[];
  /** The publication date, as recorded (2023-01-15). */
  published: string | null;
  /** The reporting period, when it is not the calendar year. */
  period: { start: string; end: string } | null;
  /** The year as the report's calendar counts it: 2022, or 111 in the ROC calendar. */
  calendar_year: string;
  calendar: "gregorian" | "roc";
  language: string;
  /** The currency of every amount, ISO 4217. */
  currency: string;
  /** How amounts name the currency (report.yaml money.display); null for the region's way. */
  currency_display: CurrencyDisplay | null;
  /** Whether digits are grouped by thousands (report.yaml grouping); null for the region's way. */
  grouping: boolean | null;
  /** The quotation marks (report.yaml quotes); null for the region's. */
  quotes: QuoteStyle | null;
  /**
   * How `money` writes an amount when the template asks for nothing else: report.yaml's
   * `money`; empty when it sets none, and each amount is then written with the precision it
   * was recorded with (1050985.26元 to the 分, a whole 25000 as 2.5萬元).
   */
  money_format: MoneyOptions;
  /** Which templates/locales/<locale>.yaml gives the words the templates add. */
  locale: Locale;
  /** The look: default, or official (GB/T 9704). */
  theme: Theme;
  /** The paper and margins: the config's page, else the region's paper. */
  page: PageView;
  /** The script the outputs are converted to, when one is asked for. */
  script: Script | null;
  /** How many heading levels the contents lists (1: sections; 2: their subsections too). */
  contents_depth: number;
  /** Whether the report has a cover page (the `cover` setting, resolved). */
  cover_page: boolean;
  /** Whether the report has a contents page (the `contents` setting and depth, resolved). */
  contents_page: boolean;
  /** Whether report.docx carries the PDF's faces, or names the faces the office has installed. */
  docx_fonts: "embedded" | "installed";
  comparison: Comparison | null;
  /**
   * The charts, by name: each built-in one, null when the year has no figures for it (so that
   * `{{#if charts.relief}}` tests for it), and one for each breakdown. Templates place them with
   * `{{chart "name"}}`.
   */
  charts: Record<string, ChartSpec | null>;
  subject: string;
  keywords: string[];
  intro: Prose[];
  sections: SectionView[];
  closing: Prose[];
  activities: Record<string, ActivityView> | null;
  /** The activities of each kind; empty lists when the year keeps no activities.yaml. */
  activities_by_kind: Record<(typeof activityKinds)[number], ActivityView[]>;
  /** How many activities of each kind, a record with `count` standing for that many. */
  activity_counts: Record<(typeof activityKinds)[number], number>;
  relief: ReliefView | null;
  proposals: ProposalsView | null;
  social_conditions:
    | (Omit<Declared<SocialConditionsRecord>, "regulation"> & {
        regulation: DocumentView | null;
        examples: Declared<SocialConditionsRecord["reports"]>;
        endorsed: Declared<SocialConditionsRecord["reports"]>;
      })
    | null;
  documents: Record<string, DocumentView> | null;
  /** The regulations and the articles of documents.yaml; empty without it. */
  regulations: DocumentView[];
  articles: DocumentView[];
  delegations: { batches: number; examples: ActivityView[] } | null;
  volunteers: VolunteersView | null;
  finances: FinancesView | null;
  figures: Record<string, FigureView> | null;
  breakdowns: Record<string, BreakdownView> | null;
}

export interface ViewInputs {
  /** The year's validated records. */
  records: Records;
  /** The files they were read from, to place narrative paragraphs in them. */
  files: Partial<Record<RecordFileName, YamlFile>>;
  /** Last year's records, when the project has them and they are valid. */
  previous?: { year: number; records: Records } | undefined;
  /** The words of a locale, from the templates' locale files. */
  words: (locale: Locale) => Words;
  config?: ProjectConfig | undefined;
  /** The look asked for on the command line; else the config's. */
  theme?: Theme | undefined;
  /** The script asked for, with the function that converts text to it. */
  script?: { script: Script; convert: (text: string) => string } | undefined;
}

export function buildView(inputs: ViewInputs): View {
  const { config, script } = inputs;
  const declared = Object.fromEntries(
    recordFileNames
      .filter((name) => inputs.records[name] !== undefined)
      .map((name) => [name, withDeclaredFields(recordFiles[name], inputs.records[name])]),
  ) as { [Name in keyof Records]: Declared<Records[Name]> };
  const records = inputs.records;
  const report = records["report.yaml"];
  const narrative = records["narrative.yaml"];
  const language = script ? languageOf(script.script) : report.language;
  const locale: Locale = script
    ? localeOf(language)
    : (config?.locale ?? localeOf(report.language));
  const words = inputs.words(locale);
  const figures = figuresFor(language, report.currency, report.calendar, {
    display: report.money?.display,
    grouping: report.grouping,
    quotes: report.quotes,
  });
  const moneyFormat = moneyFormatOf(records);
  const prose = (path: Array<string | number>, text: string) =>
    proseAt(inputs.files["narrative.yaml"], path, text);

  const documentList = declared["documents.yaml"]?.documents;
  const documents = documentList ? byId(documentList) : null;
  const documentOf = (id: string | null | undefined) => (id && documents?.[id]) || null;

  const activityList = declared["activities.yaml"]?.activities;
  const activities = activityList ? byId(activityList) : null;
  const byKind = <Value>(value: (list: ActivityView[], raw: Activity[]) => Value) =>
    Object.fromEntries(
      activityKinds.map((kind) => [
        kind,
        value(
          (activityList ?? []).filter((activity) => activity.kind === kind),
          (records["activities.yaml"]?.activities ?? []).filter(
            (activity) => activity.kind === kind,
          ),
        ),
      ]),
    ) as Record<(typeof activityKinds)[number], Value>;

  const activityCounts = byKind((_, raw) => activityCount(raw));

  const relief = reliefView(declared["relief.yaml"], records["relief.yaml"], documentOf);
  const proposals = records["proposals.yaml"]
    ? proposalsView(records["proposals.yaml"], words)
    : null;
  const social = declared["social-conditions.yaml"];
  const delegations = declared["delegations.yaml"]?.received;
  const volunteers = declared["volunteers.yaml"];
  const finances = records["finances.yaml"] ? financesView(records["finances.yaml"], words) : null;
  const named = records["figures.yaml"] ? figuresView(records["figures.yaml"], report.year) : null;
  const teams = volunteers?.teams ?? null;

  const charts = chartSpecs(
    {
      programmes: relief?.programme_list ?? null,
      proposals,
      activityCounts: activityList ? activityCounts : null,
      teams,
      finances,
      breakdowns: named ? Object.values(named.breakdowns) : [],
    },
    words,
    { ...figures, money: (amount) => figures.money(amount, moneyFormat) },
  );

  const organisation = report.organisation;
  const title = report.title;
  const calendarYear = figures.year(report.year);
  const theme = inputs.theme ?? config?.theme ?? "default";
  const view: View = {
    year: report.year,
    organisation,
    short_name: report.short_name ?? report.organisation,
    title,
    title_names_organisation: titleNamesOrganisation({ organisation, title }),
    document_title: documentTitle({
      organisation,
      title,
      year: report.year,
      calendar: report.calendar,
      calendar_year: calendarYear,
    }),
    subtitle: report.subtitle ?? [],
    published: report.published ?? null,
    period: report.period ?? null,
    calendar_year: calendarYear,
    calendar: report.calendar,
    language,
    currency: report.currency,
    currency_display: report.money?.display ?? null,
    grouping: report.grouping ?? null,
    quotes: report.quotes ?? null,
    money_format: moneyFormat,
    locale,
    theme,
    page: pageOf(config, report.language, theme),
    script: script?.script ?? null,
    contents_depth: config?.contents_depth ?? 1,
    ...frames(config, narrative.sections.length),
    docx_fonts: config?.docx_fonts ?? "embedded",
    comparison: inputs.previous
      ? compareYears(records, inputs.previous.records, inputs.previous.year)
      : null,
    charts: {
      ...Object.fromEntries(builtinChartNames.map((name) => [name, null])),
      ...Object.fromEntries(charts.map((spec) => [spec.name, spec])),
    },
    subject: report.subject
      ? report.subject
      : organisationAndTitle({ organisation, title, language: report.language }),
    keywords: report.keywords,
    intro: narrative.intro.map((text, index) => prose(["intro", index], text)),
    sections: sectionViews(narrative.sections, inputs.files["narrative.yaml"], {
      numbering: (config?.numbering ?? "none") as Numbering,
      contentsDepth: config?.contents_depth ?? 1,
    }),
    closing: narrative.closing.map((text, index) => prose(["closing", index], text)),
    // A file the year does not keep gives null: {{#if proposals}} tests for it, and a
    // template that names a figure inside it fails with the file's name.
    activities,
    activities_by_kind: byKind((list) => list),
    activity_counts: activityCounts,
    relief,
    proposals,
    social_conditions: social
      ? {
          ...social,
          regulation: documentOf(social.regulation as string | null),
          examples: social.reports.filter((entry) => entry.endorsed_by.length === 0),
          endorsed: social.reports.filter((entry) => entry.endorsed_by.length > 0),
        }
      : null,
    documents,
    regulations: documentList?.filter((document) => document.kind === "regulation") ?? [],
    articles: documentList?.filter((document) => document.kind === "article") ?? [],
    delegations: delegations
      ? {
          batches: delegations.batches,
          examples: delegations.examples.flatMap((id) =>
            activities?.[id] ? [activities[id]] : [],
          ),
        }
      : null,
    volunteers: teams
      ? {
          teams: byId(teams),
          team_list: teams,
          ...volunteerTotals(teams),
        }
      : null,
    finances,
    figures: named?.figures ?? null,
    breakdowns: named?.breakdowns ?? null,
  };
  // The one place the script asked for is applied: every text of the view, nothing after.
  return script ? viewInScript(view, script.convert) : view;
}

function reliefView(
  declared: Declared<Records["relief.yaml"]> | undefined,
  record: Records["relief.yaml"],
  documentOf: (id: string | null) => DocumentView | null,
): ReliefView | null {
  if (!declared || !record) return null;
  const fundList = declared.funds.map((fund): FundView => {
    const programmes = declared.programmes.filter((programme) => programme.fund === fund.id);
    return {
      id: fund.id,
      name: fund.name,
      regulation: documentOf(fund.regulation),
      programmes,
      total: programmeAmounts(record.programmes, fund.id).total,
      raised: fund.raised,
    };
  });
  const raised = raisedTotal(record);
  return {
    funds: byId(fundList),
    fund_list: fundList,
    programmes: byId(declared.programmes),
    programme_list: declared.programmes,
    exact_total: programmeAmounts(record.programmes).total,
    has_approximate: record.programmes.some((programme) => typeof programme.amount === "object"),
    raised_total: record.funds.some((fund) => fund.raised !== undefined) ? raised.total : null,
  };
}

/** See {@link View.money_format}. */
function moneyFormatOf(records: Records): MoneyOptions {
  const chosen = records["report.yaml"].money;
  if (!chosen) return {};
  return {
    ...(chosen.unit ? { unit: chosen.unit } : {}),
    ...(chosen.digits !== undefined ? { digits: chosen.digits } : {}),
  };
}

/** The locale file for a language tag: en-GB → en, zh-CN → zh-Hans, zh-TW → zh-Hant. */
export function localeOf(language: string): Locale {
  const writing = writingOf(language);
  return writing === "other" ? "en" : writing;
}
