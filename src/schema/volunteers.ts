import { z } from "zod";
import { count, field, id, text } from "./common.js";

/** `volunteers.yaml`: the people who gave their time, by team, and the hours they gave. */
export const volunteersSchema = z.strictObject({
  teams: field(
    z
      .array(
        z.strictObject({
          id: field(id, "隊伍代號", "the team's id", ["food_bank"]),
          name: field(text, "隊伍名稱", "the team's name", ["社區食物銀行志願服務隊"]),
          people: field(count, "志願者人數", "how many volunteers served in it", [48]),
          hours: field(
            count.optional(),
            "服務時數,小時",
            "the hours they gave in the year",
            [2300],
          ),
          programme: field(
            id.optional(),
            "所服務的項目(relief.yaml 中的代號)",
            "the programme it served (an id from relief.yaml)",
          ),
        }),
      )
      .min(1, "at least one team"),
    "志願服務隊伍",
    "the volunteer teams",
  ),
});

export type VolunteersRecord = z.infer<typeof volunteersSchema>;
export type VolunteerTeam = VolunteersRecord["teams"][number];
