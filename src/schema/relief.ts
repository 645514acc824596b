import { z } from "zod";
import { amount, beneficiary, count, date, id, item, text } from "./common.js";

/** `relief.yaml`: who was helped, how many, with how much. Money in 元. */
export const reliefSchema = z.strictObject({
  funds: z
    .array(
      z.strictObject({
        id,
        name: text,
        /** The document that governs the fund (an id from documents.yaml). */
        regulation: id.optional(),
        /** When given, must equal the sum of the fund's programmes. */
        total: count.optional(),
      }),
    )
    .default([]),
  programmes: z.array(
    z.strictObject({
      id,
      name: text,
      fund: id.optional(),
      date: date.optional(),
      beneficiaries: z.array(beneficiary).default([]),
      amount: amount.optional(),
      items: z.array(item).default([]),
    }),
  ),
});

export type ReliefRecord = z.infer<typeof reliefSchema>;
export type Programme = ReliefRecord["programmes"][number];
