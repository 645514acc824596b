import { z } from "zod";
import { count, field, percent, text } from "./common.js";

/** `proposals.yaml`: the year's proposal work (提案). */
export const proposalsSchema = z.strictObject({
  session: field(
    text,
    "提案所屬的會議",
    "the plenary session whose proposals the figures refer to",
    ["六屆一次會議"],
  ),
  received: field(count, "收到提案件數", "proposals received", [142]),
  filed: field(count, "立案件數,不多於收到件數", "proposals filed; at most those received", [142]),
  key_proposals: field(count, "重點提案件數", "key proposals, at most those filed", [3]),
  key_lead_units: field(
    count,
    "領銜督辦重點提案的單位數",
    "units that lead the follow-up of key proposals",
    [3],
  ),
  reply_rate: field(percent, "辦復率,百分比", "share of proposals answered, in percent", [100]),
  satisfaction_rate: field(
    percent,
    "滿意和基本滿意率,百分比",
    "share of answers rated satisfactory, in percent",
    [100],
  ),
});

export type ProposalsRecord = z.infer<typeof proposalsSchema>;
