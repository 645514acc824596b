import type { z } from "zod";
import { activitiesSchema } from "./activities.js";
import { delegationsSchema } from "./delegations.js";
import { documentsSchema } from "./documents.js";
import { narrativeSchema } from "./narrative.js";
import { proposalsSchema } from "./proposals.js";
import { reliefSchema } from "./relief.js";
import { reportSchema } from "./report.js";
import { socialConditionsSchema } from "./social-conditions.js";

/** Every file of a year's records and the schema it must satisfy. All are required. */
export const recordFiles = {
  "report.yaml": reportSchema,
  "narrative.yaml": narrativeSchema,
  "activities.yaml": activitiesSchema,
  "relief.yaml": reliefSchema,
  "proposals.yaml": proposalsSchema,
  "social-conditions.yaml": socialConditionsSchema,
  "documents.yaml": documentsSchema,
  "delegations.yaml": delegationsSchema,
} as const;

export type RecordFileName = keyof typeof recordFiles;

/** The parsed, schema-checked records of one year. */
export type Records = { [Name in RecordFileName]: z.infer<(typeof recordFiles)[Name]> };

export const recordFileNames = Object.keys(recordFiles) as RecordFileName[];
