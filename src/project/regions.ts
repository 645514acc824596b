import type { Script } from "../core/language.js";

/**
 * The languages `report new --language` takes: a script (zh-Hant, zh-Hans) or a region's
 * language (zh-TW, zh-HK, zh-CN, en-GB, en-US), `en` standing for en-GB as it always has.
 */
export const projectLanguages = [
  "zh-Hant",
  "zh-Hans",
  "zh-TW",
  "zh-HK",
  "zh-CN",
  "en",
  "en-GB",
  "en-US",
] as const;
export type ProjectLanguage = (typeof projectLanguages)[number];

/**
 * What a region's reports are written with, as report.yaml says it: its language tag, its
 * currency and its calendar. The quotation marks (「」 in Taiwan and Hong Kong, “” elsewhere),
 * the grouping of digits and the paper (Letter in the US, A4 elsewhere) follow from the tag.
 */
export interface Region {
  language: string;
  currency: string;
  calendar: "gregorian" | "roc";
  /** The script of the sample text: Traditional, Simplified, or English. */
  writing: Script | "en";
}

export const regions: Record<ProjectLanguage, Region> = {
  "zh-Hant": { language: "zh-Hant", currency: "CNY", calendar: "gregorian", writing: "hant" },
  "zh-Hans": { language: "zh-Hans", currency: "CNY", calendar: "gregorian", writing: "hans" },
  "zh-CN": { language: "zh-CN", currency: "CNY", calendar: "gregorian", writing: "hans" },
  // Taiwan counts years from 1912 (2024 is 113年) in the reports of its foundations and offices.
  "zh-TW": { language: "zh-TW", currency: "TWD", calendar: "roc", writing: "hant" },
  "zh-HK": { language: "zh-HK", currency: "HKD", calendar: "gregorian", writing: "hant" },
  en: { language: "en-GB", currency: "GBP", calendar: "gregorian", writing: "en" },
  "en-GB": { language: "en-GB", currency: "GBP", calendar: "gregorian", writing: "en" },
  "en-US": { language: "en-US", currency: "USD", calendar: "gregorian", writing: "en" },
};

/**
 * report.yaml's text with the region's language, currency and calendar in place of the
 * sample's: each key rewritten where the sample has it, added after `language` where not.
 */
export function withRegion(text: string, region: Region): string {
  const settings: Array<[string, string | undefined]> = [
    ["language", region.language],
    ["currency", region.currency],
    ["calendar", region.calendar === "roc" ? "roc" : undefined],
  ];
  let result = text;
  let after = "language";
  for (const [key, value] of settings) {
    const line = new RegExp(`^${key}:.*(\\r?\\n|$)`, "m");
    if (value === undefined) {
      result = result.replace(line, "");
    } else if (line.test(result)) {
      result = result.replace(new RegExp(`^${key}:.*$`, "m"), `${key}: ${value}`);
    } else if (new RegExp(`^${after}:`, "m").test(result)) {
      result = result.replace(new RegExp(`^(${after}:.*)$`, "m"), `$1\n${key}: ${value}`);
    } else {
      result = `${result.replace(/\s*$/, "")}\n${key}: ${value}\n`;
    }
    after = key;
  }
  return result;
}

/**
 * Years a report in the ROC calendar writes its own way: 2024年 in report.yaml's title and
 * subject becomes 113年, and the narrative's {{year}}年 its {{calendar_year}}年.
 */
export function inRocYears(name: string, text: string): string {
  if (name === "narrative.yaml") return text.replace(/\{\{year\}\}年/g, "{{calendar_year}}年");
  if (name !== "report.yaml") return text;
  return text.replace(/^((?:title|subject):.*)$/gm, (line) =>
    line.replace(/(?<!\d)(1[89]\d\d|2\d\d\d)(?=年)/g, (year) => String(Number(year) - 1911)),
  );
}
