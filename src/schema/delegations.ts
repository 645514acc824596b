import { z } from "zod";
import { count, field, id } from "./common.js";

/** `delegations.yaml`: visiting delegations received (來訪考察) over the year. */
export const delegationsSchema = z.strictObject({
  received: field(
    z.strictObject({
      batches: field(count, "接待來訪考察的批次", "how many delegations were received", [10]),
      examples: field(
        z.array(id).default([]),
        "報告中舉例的來訪(visit_received 類活動的代號)",
        "visits named as examples (ids of visit_received activities)",
      ),
    }),
    "來訪考察",
    "delegations received",
  ),
});

export type DelegationsRecord = z.infer<typeof delegationsSchema>;
