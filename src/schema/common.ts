import { z } from "zod";
import { approximateWordings } from "../format/approximate.js";
import { amountDecimals, decimalsOf } from "../format/decimal.js";

/**
 * What a schema is called in "expected …" messages, where its type alone says too little
 * (an amount is a number or an object). Kept apart from the editor descriptions.
 */
export const expectation = z.registry<{ expected: string }>();

/**
 * A field's description for editors (JSON Schema) and docs/data.md: Chinese, then English,
 * and examples of values.
 */
export function field<T extends z.ZodType>(
  schema: T,
  chinese: string,
  english: string,
  examples: unknown[] = [],
): T {
  return schema.meta({
    description: `${chinese} — ${english}`,
    ...(examples.length > 0 ? { examples } : {}),
  });
}

/** Record ids are how records refer to each other and how templates reach them. */
export const id = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]*$/,
    "an id of lowercase letters, digits and underscores, starting with a letter",
  );

export const text = z.string().trim().regex(/\S/, "a non-empty text");

/**
 * Figures above a million million (10^12) are typing mistakes, not records: refused, so that
 * every figure stays an exact integer in JavaScript and in the report.
 */
export const maxFigure = 1e12;

export const count = z
  .number()
  .max(maxFigure, "a number of at most 1000000000000")
  .int("a whole number")
  .min(0, "a number of at least 0");

/** A share in percent, 0 to 100. */
export const percent = z
  .number()
  .min(0, "a percentage from 0 to 100")
  .max(100, "a percentage from 0 to 100");

/**
 * A date as precise as the records know it: `2022`, `2022-03` or `2022-03-15`. YAML 1.2 reads
 * these as texts quoted or not; a bare year written as a number (`date: 2024`) is that year.
 * The examples quote them, so that YAML 1.1 tools (PyYAML, js-yaml) read them as texts too.
 */
export const date = z
  .union([
    z
      .string()
      .regex(
        /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/,
        "a date written 2022, 2022-03 or 2022-03-15",
      )
      .refine(isCalendarDate, "a day that the month has"),
    z
      .number()
      .int("a year of four digits")
      .min(1000, "a year of four digits")
      .max(9999, "a year of four digits")
      .transform(String),
  ])
  .register(expectation, { expected: "a date written 2022, 2022-03 or 2022-03-15" });

/** The keys whose values are dates in the record files (tools that rewrite records look for them). */
export const dateFieldNames: ReadonlySet<string> = new Set([
  "date",
  "answered",
  "published",
  "start",
  "end",
  "previous_period",
]);

/** Whether a day written 2022-02-30 exists: months have 28 to 31 days. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split("-").map(Number);
  if (day === undefined || year === undefined || month === undefined) return true;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** How an approximate figure is worded: 多 in 200多萬元, 近 in 近2500份, "nearly", "over" … */
export const wording = field(
  z.enum(approximateWordings),
  "約數的說法:多、余、餘、逾、近、約、不到,或英文 over、nearly、about、under 等",
  "how the figure is qualified: 多, 余, 近, 約 … or over, nearly, about, under …",
  ["多", "nearly"],
);

/** A count the organisation gives only roughly: 近2500份, "nearly 2,500 parcels". */
export const approximateCount = z.strictObject({
  about: field(count, "約數", "the round figure", [2500]),
  wording,
});

/** A count, or an approximate one: `60`, or `{ about: 2500, wording: nearly }`. */
export const quantity = z.union([count, approximateCount]).register(expectation, {
  expected: "a whole number, or { about, wording } for an approximate one such as 近2500",
});

/**
 * An amount of money in the report's currency (元 for CNY): up to two decimals (分), held
 * exactly; an approximate one keeps its wording, so 200多萬元 is `{ about: 2000000, wording: 多 }`.
 */
export const exactAmount = z
  .number()
  .min(0, "an amount of at least 0")
  .max(maxFigure, "an amount of at most 1000000000000")
  .refine(
    (value) => decimalsOf(value) <= amountDecimals,
    "an amount with at most two decimals (分)",
  );

export const approximateAmount = z.strictObject({
  about: field(exactAmount, "約數,元", "the round figure, in 元", [2000000]),
  wording,
});
export const amount = z.union([exactAmount, approximateAmount]).register(expectation, {
  expected:
    "an amount with at most two decimals, or { about, wording } for an approximate one such as 200多萬元",
});

/** Dates outside the reporting period are mistakes, unless the report names them as context. */
export const outsidePeriod = field(
  z.boolean().optional(),
  "日期在報告期之外、作為背景提及時設為 true",
  "true when the date lies outside the reporting period and is named as context",
  [true],
);

/** A group of people or places helped: 60名白內障患者, 14個村(社區), 洛江鄉村小學. */
export const beneficiary = z.strictObject({
  count: field(quantity.optional(), "人數或個數;約數寫成 {about, wording}", "how many", [60]),
  unit: field(text.optional(), "量詞:名、個、戶", "the counting word: 名, 個, 戶", ["名"]),
  group: field(text, "對象", "who or what was helped", ["白內障患者"]),
});

/** Things given rather than money: 圖書2500冊. */
export const item = z.strictObject({
  name: field(text, "物資名稱", "what was given", ["圖書"]),
  quantity: field(quantity, "數量;約數寫成 {about, wording}", "how many", [2500]),
  unit: field(
    text.optional(),
    "量詞:冊、套、份(中文必填);英文可不填:5,200 packed lunches",
    "the counting word: 冊, 套, 份 (required in Chinese); in English it may be left out: 5,200 packed lunches",
    ["冊", "boxes"],
  ),
});

export type Amount = z.infer<typeof amount>;
export type Beneficiary = z.infer<typeof beneficiary>;
export type Item = z.infer<typeof item>;
