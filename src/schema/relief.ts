import { z } from "zod";
import {
  amount,
  beneficiary,
  date,
  exactAmount,
  field,
  id,
  item,
  outsidePeriod,
  text,
} from "./common.js";

/**
 * `relief.yaml`: who was helped, how many, with how much, and the funds the money came from.
 * Money in the report's currency (元), to the 分 at most.
 */
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
            exactAmount.optional(),
            "撥出的總額;須等於其項目金額之和",
            "the money given out from it; must equal the sum of its programmes",
          ),
          raised: field(
            amount.optional(),
            "本年籌入基金的金額(籌款),與撥出的錢分開",
            "the money raised into the fund this year, kept apart from the money given out",
            [556869.57],
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
        outside_period: outsidePeriod,
        beneficiaries: field(z.array(beneficiary).default([]), "受助對象", "who was helped"),
        amount: field(
          amount.optional(),
          "撥出的金額,可到分(兩位小數);約數寫成 {about, wording}",
          "the money given out, to the hundredth at most; an approximate one as {about, wording}",
          [300000, 1031838.99, { about: 2000000, wording: "多" }],
        ),
        items: field(z.array(item).default([]), "捐贈的物資", "things given rather than money"),
      }),
    ),
    "救助項目",
    "the relief programmes",
  ),
});

export type ReliefRecord = z.infer<typeof reliefSchema>;
export type Programme = ReliefRecord["programmes"][number];
