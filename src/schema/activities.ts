import { z } from "zod";
import { count, date, field, id, outsidePeriod, text } from "./common.js";

export const activityKinds = [
  "inspection",
  "survey",
  "consultation",
  "visit_received",
  "visit_made",
  "reading",
  "campaign",
  "emergency",
  "event",
  "training",
  "meeting",
] as const;

const list = (chinese: string, english: string, examples: string[]) =>
  field(z.array(text).default([]), chinese, english, [examples]);

/** `activities.yaml`: what was done, by kind, with a date where it is known. */
export const activitiesSchema = z.strictObject({
  activities: field(
    z.array(
      z.strictObject({
        id: field(id, "活動代號,供其他紀錄與敘述引用", "the activity's id, for references", [
          "epidemic_response",
        ]),
        kind: field(
          z.enum(activityKinds),
          "活動類別:視察、調研、協商、來訪、外出考察、讀書、主題活動、應急、活動、培訓、會議",
          "the kind: inspection, survey, consultation, visit received or made, reading, campaign, emergency, event, training, meeting",
          ["inspection"],
        ),
        title: field(text, "活動名稱", "the activity's name", ["民營企業發展情況視察"]),
        form: field(
          text.optional(),
          "協商或調研的形式:專題協商、對口協商",
          "the form of a consultation or survey",
          ["專題協商"],
        ),
        date: field(
          date.optional(),
          "日期,精確到已知的程度",
          "the date, as precise as it is known",
          ["2022-03", "2022-03-15"],
        ),
        count: field(
          count.min(1, "a number of at least 1").optional(),
          "這筆紀錄代表的次數(不逐一列出時):視察5次寫 5;不填為 1",
          "how many activities this record stands for, when they are not listed one by one; 1 when left out",
          [5],
        ),
        unit: field(
          text.optional(),
          "次數的量詞,不填則依類別(次、批次、場)",
          "the counting word of the count; left out, the kind's own (次, 批次, 場)",
          ["場"],
        ),
        outside_period: outsidePeriod,
        description: field(text.optional(), "簡述", "a short description"),
        venues: list("場所", "where it took place", ["區圖書館"]),
        places: list("考察或走訪的地方", "the places visited", ["晉江市"]),
        topics: list("議題或任務", "its topics or tasks", ["核酸檢測"]),
        teams: list("組建的隊伍", "the teams formed for it", ["志願服務隊"]),
      }),
    ),
    "年度活動,一項一筆",
    "the year's activities, one item each",
  ),
});

export type ActivitiesRecord = z.infer<typeof activitiesSchema>;
export type Activity = ActivitiesRecord["activities"][number];
