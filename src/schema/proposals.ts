import { z } from "zod";
import { count, percent, text } from "./common.js";

/** `proposals.yaml`: the year's proposal work (提案). */
export const proposalsSchema = z.strictObject({
  /** The plenary session whose proposals the rates refer to: 六屆一次會議. */
  session: text,
  received: count,
  filed: count,
  key_proposals: count,
  key_lead_units: count,
  /** 辦復率, percent. */
  reply_rate: percent,
  /** 滿意和基本滿意率, percent. */
  satisfaction_rate: percent,
});

export type ProposalsRecord = z.infer<typeof proposalsSchema>;
