import { z } from "zod";
import { count, field, id, text } from "./common.js";

/** `social-conditions.yaml`: reports on social conditions and public opinion (社情民意). */
export const socialConditionsSchema = z.strictObject({
  issued: field(count, "全年編報期數", "how many issues (期) were submitted in the year", [8]),
  adopted: field(
    count.optional(),
    "被上級採用的期數或條數",
    "how many were taken up by higher bodies (採用)",
    [20],
  ),
  endorsements: field(
    count.optional(),
    "獲領導批示的次數",
    "how many times leaders endorsed one (批示)",
    [35],
  ),
  regulation: field(
    id.optional(),
    "規範此項工作的文件(documents.yaml 中的代號)",
    "the document that governs this work (an id from documents.yaml)",
  ),
  channels: field(z.array(text).default([]), "信息來源管道", "where the reports come from", [
    ["委員", "界別"],
  ]),
  reports: field(
    z
      .array(
        z.strictObject({
          title: field(text, "標題", "the report's title"),
          endorsed_by: field(
            z.array(text).default([]),
            "批示的領導機關:區委、區政府",
            "whose leaders endorsed it (批示)",
            [["區委"]],
          ),
        }),
      )
      .default([]),
    "報告中列出的社情民意信息",
    "the reports named in the review",
  ),
});

export type SocialConditionsRecord = z.infer<typeof socialConditionsSchema>;
