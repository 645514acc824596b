import { z } from "zod";
import { count, id, text } from "./common.js";

/** `social-conditions.yaml`: reports on social conditions and public opinion (社情民意). */
export const socialConditionsSchema = z.strictObject({
  /** How many issues (期) were submitted in the year. */
  issued: count,
  /** The document that governs this work (an id from documents.yaml). */
  regulation: id.optional(),
  channels: z.array(text).default([]),
  reports: z.array(
    z.strictObject({
      title: text,
      /** Whose leaders endorsed it (批示): 區委, 區政府. */
      endorsed_by: z.array(text).default([]),
    }),
  ),
});

export type SocialConditionsRecord = z.infer<typeof socialConditionsSchema>;
