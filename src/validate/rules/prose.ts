import type { IssuePath } from "../../core/issue.js";
import type { Subsection } from "../../schema/narrative.js";
import { type Finding, type Rule, warning } from "./finding.js";

/**
 * Figures typed into the prose, which will not follow when the records change. Found in both
 * scripts and in English:
 * - a number with a Chinese measure word or unit, 萬/億 included (60名, 43.1万元, 3.2萬人次, 98%);
 * - a currency sign before a number (¥200, £109,000, NT$2,763萬) or a currency word after it;
 * - in English, a number before a noun (63 visits, 2,500 parcels, 38 per cent).
 * Not figures: ordinals (第3次), dates (2022年3月, 5 March), years (in 2024), list numbers, and
 * anything inside {{…}}, where {{plain "…"}} marks a number that is not a figure.
 */
const chineseUnits = [
  "萬元",
  "万元",
  "億元",
  "亿元",
  "千元",
  "元",
  "人次",
  "批次",
  "個",
  "个",
  "戶",
  "户",
  "項",
  "项",
  "次",
  "人",
  "名",
  "件",
  "篇",
  "份",
  "期",
  "位",
  "冊",
  "册",
  "套",
  "場",
  "场",
  "家",
  "所",
  "條",
  "条",
  "輛",
  "辆",
  "噸",
  "吨",
  "本",
  "張",
  "张",
  "支",
  "隊",
  "队",
  "小時",
  "小时",
  "公里",
  "平方米",
  "畝",
  "亩",
  "％",
  "%",
];

const number = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const chinese = new RegExp(
  String.raw`(?<![第\d.,])(?:${number})\s*(?:[萬万億亿](?:多|余|餘)?|多|余|餘)?\s*(?:${chineseUnits.join("|")})`,
  "gu",
);
const signed = new RegExp(
  String.raw`(?:NT\$|HK\$|MOP\$|US\$|[$£€¥￥])\s?(?:${number})(?:\s*[萬万億亿](?:元)?|\s*(?:million|m|bn|k)\b)?`,
  "gu",
);
const englishCount = new RegExp(
  String.raw`(?<![\w.,$£€¥-])(${number})(?:\s*(?:per cent|percent)\b|\s+([A-Za-z][A-Za-z-]*))`,
  "gu",
);

/** Words after a number that do not make it a figure: dates, verbs, small words. */
const notNouns = new Set(
  [
    "january february march april may june july august september october november december",
    "jan feb mar apr jun jul aug sep sept oct nov dec",
    "and or to of in on at by for with from per was were is are be been has had have will would",
    "a an the am pm as it its we our they their this that these those which who when where",
    "bc ad ce bce st nd rd th",
  ]
    .join(" ")
    .split(" "),
);

/** The figures typed in one paragraph, each with where it starts in the text. */
export function typedFigures(text: string): Array<{ at: number; text: string }> {
  // Inside {{…}} everything comes from the records (or is marked not a figure).
  const prose = text.replace(/\{\{[\s\S]*?\}\}/g, (mustache) => " ".repeat(mustache.length));
  const found: Array<{ at: number; text: string }> = [];
  const take = (match: RegExpMatchArray, figure: string) => {
    const at = match.index ?? 0;
    if (found.some((other) => at < other.at + other.text.length && other.at < at + figure.length))
      return;
    found.push({ at, text: figure });
  };
  for (const match of prose.matchAll(signed)) take(match, match[0].trim());
  for (const match of prose.matchAll(chinese)) take(match, match[0]);
  for (const match of prose.matchAll(englishCount)) {
    const [whole, digits, word] = match;
    if (word !== undefined) {
      if (notNouns.has(word.toLowerCase())) continue;
      // A year is not a figure: "in 2024 we", "2023 saw".
      if (/^(1[89]|2[01])\d\d$/.test(digits ?? "")) continue;
    }
    take(match, whole.trim());
  }
  return found.sort((a, b) => a.at - b.at);
}

function paragraphs(
  sections: ReadonlyArray<Subsection>,
  path: IssuePath,
): Array<[IssuePath, string]> {
  return sections.flatMap((section, sectionIndex) => [
    ...section.paragraphs.map(
      (text, index) => [[...path, sectionIndex, "paragraphs", index], text] as [IssuePath, string],
    ),
    ...paragraphs(section.sections ?? [], [...path, sectionIndex, "sections"]),
  ]);
}

export const figuresComeFromRecords: Rule = (records) => {
  const narrative = records["narrative.yaml"];
  const all: Array<[IssuePath, string]> = [
    ...narrative.intro.map((text, index) => [["intro", index], text] as [IssuePath, string]),
    ...paragraphs(narrative.sections, ["sections"]),
    ...narrative.closing.map((text, index) => [["closing", index], text] as [IssuePath, string]),
  ];
  return all.flatMap(([path, text]) =>
    typedFigures(text).map(({ at, text: figure }): Finding => {
      // Which occurrence of these characters in the paragraph, to point at it in the file.
      const occurrence = text.slice(0, at).split(figure).length - 1;
      return warning(
        "narrative.yaml",
        path,
        `the figure "${figure}" is typed into the prose; take it from the records with a helper so it follows when they change`,
        {
          within: { text: figure, occurrence },
          hint: 'a figure no record holds goes in figures.yaml ({{figure figures.<id>}}); a number that is not a figure (a law\'s number, a date) is marked {{plain "…"}}',
        },
      );
    }),
  );
};

/**
 * `{{…}}` works in paragraphs only. In a heading, the title, the subtitle or the other texts of
 * report.yaml it would print as written (`{{year}}年工作总结`): an error at the text, never
 * literal braces in the report.
 */
export const noHelpersOutsideProse: Rule = (records) => {
  const found: Finding[] = [];
  const check = (file: "narrative.yaml" | "report.yaml", path: IssuePath, text: string) => {
    if (!text.includes("{{")) return;
    found.push({
      severity: "error",
      file,
      path,
      message: `expected text without {{…}} here: helpers are expanded in paragraphs only, so ${JSON.stringify(text)} would print as written`,
      hint: "write the heading as text (2024年工作总结), or put the figure in a paragraph",
      within: { text: "{{", occurrence: 0 },
    });
  };
  const headings = (sections: ReadonlyArray<Subsection>, path: IssuePath): void => {
    sections.forEach((section, index) => {
      section.heading.forEach((line, at) => {
        check("narrative.yaml", [...path, index, "heading", at], line);
      });
      headings(section.sections ?? [], [...path, index, "sections"]);
    });
  };
  headings(records["narrative.yaml"].sections, ["sections"]);
  const report = records["report.yaml"];
  check("report.yaml", ["title"], report.title);
  if (report.short_name) check("report.yaml", ["short_name"], report.short_name);
  if (report.subject) check("report.yaml", ["subject"], report.subject);
  (report.subtitle ?? []).forEach((line, index) => {
    check("report.yaml", ["subtitle", index], line);
  });
  return found;
};
