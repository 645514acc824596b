import { z } from "zod";

/** Record ids are how records refer to each other and how templates reach them. */
export const id = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]*$/,
    "an id of lowercase letters, digits and underscores, starting with a letter",
  );

export const text = z.string().trim().min(1, "a non-empty text");

export const count = z.number().int("a whole number").min(0, "a number of at least 0");

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
  );

/**
 * An amount of money in 元. Exact amounts are whole numbers; an approximate one keeps its
 * wording, so 200多萬元 is `{ about: 2000000, wording: 多 }`.
 */
export const approximateAmount = z.strictObject({
  about: count,
  wording: z.enum(["多", "余", "餘", "近", "約"]),
});
export const amount = z
  .union([count, approximateAmount])
  .describe(
    "an amount in 元: a whole number, or { about, wording } for an approximate one such as 200多萬元",
  );

/** A group of people or places helped: 60名白內障患者, 14個村(社區), 洛江鄉村小學. */
export const beneficiary = z.strictObject({
  count: count.optional(),
  unit: text.optional(),
  group: text,
});

/** Things given rather than money: 圖書2500冊. */
export const item = z.strictObject({
  name: text,
  quantity: count,
  unit: text,
});

export type Amount = z.infer<typeof amount>;
export type Beneficiary = z.infer<typeof beneficiary>;
export type Item = z.infer<typeof item>;
