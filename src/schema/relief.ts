import { z } from "zod";
import { amount, beneficiary, count, date, field, id, item, text } from "./common.js";

/** `relief.yaml`: who was helped, how many, with how much. Money in 元. */
export const reliefSchema = z.strictObject({
  funds: field(
    z
      .array(
        z.strictObject({
          id: field(id, "基金代號", "the fund's id", ["relief_project"]),
          name: field(text, "基金名稱", "the fund's name", ["愛心救助基金"]),
          regulation: field(
            id.optional(),
            "管理基金的文件(documents.yaml 中的代號)",
            "the document that governs the fund (an id from documents.yaml)",
          ),
          total: field(
            count.optional(),
            "總額,元;須等於其項目金額之和",
            "the total in 元; must equal the sum of its programmes",
          ),
        }),
      )
      .default([]),
    "救助基金",
    "the relief funds",
  ),
  programmes: field(
    z.array(
      z.strictObject({
        id: field(id, "項目代號", "the programme's id", ["cataract"]),
        name: field(text, "項目名稱", "the programme's name", ["白內障復明手術補助"]),
        fund: field(id.optional(), "所屬基金的代號", "the id of the fund it draws on"),
        date: field(date.optional(), "日期", "when it took place", ["2022-01"]),
        beneficiaries: field(z.array(beneficiary).default([]), "受助對象", "who was helped"),
        amount: field(amount.optional(), "金額,元;約數寫成 {about, wording}", "the money in 元", [
          300000,
          { about: 2000000, wording: "多" },
        ]),
        items: field(z.array(item).default([]), "捐贈的物資", "things given rather than money"),
      }),
    ),
    "救助項目",
    "the relief programmes",
  ),
});

export type ReliefRecord = z.infer<typeof reliefSchema>;
export type Programme = ReliefRecord["programmes"][number];
