import { z } from "zod";
import { date, id, text } from "./common.js";

export const activityKinds = [
  "inspection",
  "survey",
  "consultation",
  "visit_received",
  "visit_made",
  "reading",
  "campaign",
  "emergency",
] as const;

/** `activities.yaml`: what was done, by kind, with a date where it is known. */
export const activitiesSchema = z.strictObject({
  activities: z.array(
    z.strictObject({
      id,
      kind: z.enum(activityKinds),
      title: text,
      /** The form of a consultation or survey: 專題協商, 對口協商 … */
      form: text.optional(),
      date: date.optional(),
      description: text.optional(),
      venues: z.array(text).default([]),
      places: z.array(text).default([]),
      topics: z.array(text).default([]),
      teams: z.array(text).default([]),
    }),
  ),
});

export type ActivitiesRecord = z.infer<typeof activitiesSchema>;
export type Activity = ActivitiesRecord["activities"][number];
