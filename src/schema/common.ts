import { z } from "zod";

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
 * A date as precise as the records know it: `2022`, `2022-03` or `2022-03-15`. Quoted or not,
 * YAML 1.2 reads these as strings.
 */
export const date = z
  .string()
  .regex(
    /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/,
    "a date written 2022, 2022-03 or 2022-03-15",
  )
  .refine(isCalendarDate, "a day that the month has");

/** Whether a day written 2022-02-30 exists: months have 28 to 31 days. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split("-").map(Number);
  if (day === undefined || year === undefined || month === undefined) return true;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * An amount of money in 元. Exact amounts are whole numbers; an approximate one keeps its
 * wording, so 200多萬元 is `{ about: 2000000, wording: 多 }`.
 */
export const approximateAmount = z.strictObject({
  about: field(count, "約數,元", "the round figure, in 元", [2000000]),
  wording: field(
    z.enum(["多", "余", "餘", "近", "約"]),
    "約數的說法:200多萬元的「多」",
    "how the figure is qualified: 多 in 200多萬元",
  ),
});
export const amount = z.union([count, approximateAmount]).register(expectation, {
  expected:
    "an amount in 元: a whole number, or { about, wording } for an approximate one such as 200多萬元",
});

/** A group of people or places helped: 60名白內障患者, 14個村(社區), 洛江鄉村小學. */
export const beneficiary = z.strictObject({
  count: field(count.optional(), "人數或個數", "how many", [60]),
  unit: field(text.optional(), "量詞:名、個、戶", "the counting word: 名, 個, 戶", ["名"]),
  group: field(text, "對象", "who or what was helped", ["白內障患者"]),
});

/** Things given rather than money: 圖書2500冊. */
export const item = z.strictObject({
  name: field(text, "物資名稱", "what was given", ["圖書"]),
  quantity: field(count, "數量", "how many", [2500]),
  unit: field(text, "量詞:冊、套、份", "the counting word: 冊, 套, 份", ["冊"]),
});

export type Amount = z.infer<typeof amount>;
export type Beneficiary = z.infer<typeof beneficiary>;
export type Item = z.infer<typeof item>;
