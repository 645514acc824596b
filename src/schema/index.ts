import type { z } from "zod";
import { activitiesSchema } from "./activities.js";
import { delegationsSchema } from "./delegations.js";
import { documentsSchema } from "./documents.js";
import { figuresSchema } from "./figures.js";
import { financesSchema } from "./finances.js";
import { narrativeSchema } from "./narrative.js";
import { proposalsSchema } from "./proposals.js";
import { reliefSchema } from "./relief.js";
import { reportSchema } from "./report.js";
import { socialConditionsSchema } from "./social-conditions.js";
import { volunteersSchema } from "./volunteers.js";

/**
 * Every file of a year's records and the schema it must satisfy. `report.yaml` and
 * `narrative.yaml` are required; the others are kept by the organisations that have such work
 * (a committee has proposals, a foundation volunteers), and a template that names one the year
 * does not have is an error naming the missing file.
 */
export const recordFiles = {
  "report.yaml": reportSchema,
  "narrative.yaml": narrativeSchema,
  "activities.yaml": activitiesSchema,
  "relief.yaml": reliefSchema,
  "proposals.yaml": proposalsSchema,
  "social-conditions.yaml": socialConditionsSchema,
  "documents.yaml": documentsSchema,
  "delegations.yaml": delegationsSchema,
  "volunteers.yaml": volunteersSchema,
  "finances.yaml": financesSchema,
  "figures.yaml": figuresSchema,
} as const;

export type RecordFileName = keyof typeof recordFiles;

export const requiredRecordFiles = ["report.yaml", "narrative.yaml"] as const;
type RequiredFileName = (typeof requiredRecordFiles)[number];
type OptionalFileName = Exclude<RecordFileName, RequiredFileName>;

type Parsed<Name extends RecordFileName> = z.infer<(typeof recordFiles)[Name]>;

/** The parsed, schema-checked records of one year; optional files the year lacks are absent. */
export type Records = { [Name in RequiredFileName]: Parsed<Name> } & {
  [Name in OptionalFileName]?: Parsed<Name>;
};

export const recordFileNames = Object.keys(recordFiles) as RecordFileName[];

export function isRequired(name: RecordFileName): boolean {
  return (requiredRecordFiles as readonly string[]).includes(name);
}

/** The view's fields that are null when the year does not keep the record file behind them. */
export const recordFileOfView: Record<string, RecordFileName> = {
  activities: "activities.yaml",
  relief: "relief.yaml",
  proposals: "proposals.yaml",
  social_conditions: "social-conditions.yaml",
  documents: "documents.yaml",
  delegations: "delegations.yaml",
  volunteers: "volunteers.yaml",
  finances: "finances.yaml",
  figures: "figures.yaml",
  breakdowns: "figures.yaml",
};
