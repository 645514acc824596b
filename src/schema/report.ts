import { z } from "zod";
import { text } from "./common.js";

/** `report.yaml`: who publishes the report and its title lines. */
export const reportSchema = z.strictObject({
  organisation: text,
  short_name: text,
  year: z
    .number()
    .int("a four-digit year")
    .min(1000, "a four-digit year")
    .max(9999, "a four-digit year"),
  title: text,
  subtitle: z.array(text).min(1, "at least one subtitle line"),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, "a language tag such as zh-Hant")
    .default("zh-Hant"),
  subject: text.optional(),
  keywords: z.array(text).default([]),
});

export type ReportRecord = z.infer<typeof reportSchema>;
