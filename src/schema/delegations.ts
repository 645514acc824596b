import { z } from "zod";
import { count, id } from "./common.js";

/** `delegations.yaml`: visiting delegations received (來訪考察) over the year. */
export const delegationsSchema = z.strictObject({
  received: z.strictObject({
    batches: count,
    /** Visits named in the report as examples (ids of `visit_received` activities). */
    examples: z.array(id).default([]),
  }),
});

export type DelegationsRecord = z.infer<typeof delegationsSchema>;
