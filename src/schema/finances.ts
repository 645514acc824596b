import { z } from "zod";
import { exactAmount, field, id, text } from "./common.js";

/** Income or expenditure: a total as published, its categories, or both (then they must agree). */
const account = (chinese: string, english: string, examples: string[]) =>
  field(
    z
      .strictObject({
        total: field(
          exactAmount.optional(),
          "合計,可到分;有分項時須等於其和",
          "the total, to the hundredth at most; with items it must equal their sum",
          [1050985.26],
        ),
        items: field(
          z
            .array(
              z.strictObject({
                id: field(id, "分項代號", "the item's id", ["donations"]),
                name: field(text, "分項名稱", "the item's name", examples),
                amount: field(
                  exactAmount,
                  "金額,可到分",
                  "the amount, to the hundredth at most",
                  [1000000],
                ),
              }),
            )
            .default([]),
          "分項",
          "the categories, one item each",
        ),
      })
      .refine(
        (part) => part.total !== undefined || part.items.length > 0,
        "a total, or items to add up",
      )
      .optional(),
    chinese,
    english,
  );

/**
 * `finances.yaml`: the year's income and expenditure as audited, to the 分. Money raised into a
 * fund is kept with the fund in relief.yaml (`raised`), apart from the money given out.
 */
export const financesSchema = z.strictObject({
  income: account("收入", "income", ["接受捐贈收入"]),
  expenditure: account("支出", "expenditure", ["慈善項目支出"]),
  note: field(text.optional(), "說明,例如審計單位", "a note, such as who audited the accounts"),
});

export type FinancesRecord = z.infer<typeof financesSchema>;
