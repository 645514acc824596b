/**
 * How a report's language tag (report.yaml's `language`) is treated: Simplified Chinese
 * (zh-Hans, zh-CN, zh-SG), other Chinese (Traditional: zh-Hant, zh-TW, zh-HK, zh), or any other
 * language, which gets the Latin faces, Intl's figures and the English locale file.
 */
export type Writing = "zh-Hans" | "zh-Hant" | "other";

export function writingOf(language: string): Writing {
  if (/^zh-(Hans|CN|SG)\b/i.test(language)) return "zh-Hans";
  return /^zh\b/i.test(language) ? "zh-Hant" : "other";
}

export function isChinese(language: string): boolean {
  return writingOf(language) !== "other";
}

/** The two scripts Chinese is written in: Traditional (hant) and Simplified (hans). */
export const scripts = ["hant", "hans"] as const;
export type Script = (typeof scripts)[number];

/** The language tag of a report written in `script`. */
export function languageOf(script: Script): string {
  return script === "hans" ? "zh-Hans" : "zh-Hant";
}

/**
 * Taiwan, Hong Kong or Macao when the tag names one (zh-TW, zh-Hant-HK): their reports quote
 * with 「」 and group digits by thousands, where the mainland's use “” and write 2500 plain.
 */
export function chineseRegion(language: string): "TW" | "HK" | "MO" | undefined {
  if (writingOf(language) === "other") return undefined;
  const region = /-(TW|HK|MO)\b/i.exec(language)?.[1]?.toUpperCase();
  return region as "TW" | "HK" | "MO" | undefined;
}
