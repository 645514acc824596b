import { z } from "zod";
import { id, text } from "./common.js";

/**
 * `narrative.yaml`: the prose. Each paragraph is Markdown and may name figures from the other
 * records with template expressions such as `{{money relief.programmes.cataract.amount}}`.
 */
export const narrativeSchema = z.strictObject({
  intro: z.array(text).default([]),
  sections: z
    .array(
      z.strictObject({
        id,
        heading: z
          .array(text)
          .min(1, "a heading of one or two lines")
          .max(2, "a heading of one or two lines"),
        paragraphs: z.array(text).min(1, "at least one paragraph"),
      }),
    )
    .min(1, "at least one section"),
  closing: z.array(text).default([]),
});

export type NarrativeRecord = z.infer<typeof narrativeSchema>;
