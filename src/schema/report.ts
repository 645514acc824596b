import { z } from "zod";
import { field, text } from "./common.js";

/** `report.yaml`: who publishes the report and its title lines. */
export const reportSchema = z.strictObject({
  organisation: field(text, "發布報告的機構全稱", "the organisation that publishes the report", [
    "政協洛江區第六屆委員會",
  ]),
  short_name: field(text, "機構簡稱,正文中使用", "the short name used in the prose", [
    "洛江區政協",
  ]),
  year: field(
    z
      .number()
      .int("a four-digit year")
      .min(1000, "a four-digit year")
      .max(9999, "a four-digit year"),
    "報告年度,須與資料夾名稱相同",
    "the year reported on; must match the folder name",
    [2022],
  ),
  title: field(text, "報告標題", "the report's title", ["2022年度履職回眸"]),
  subtitle: field(
    z.array(text).min(1, "at least one subtitle line"),
    "封面上標題下的引言,一行一項",
    "the lines under the title on the cover, one item per line",
    [["故事寫滿履職答卷"]],
  ),
  language: field(
    z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, "a language tag such as zh-Hant")
      .default("zh-Hant"),
    "文字的語言標記,寫入 HTML 與 PDF",
    "the language tag of the text, written into the HTML and the PDF",
    ["zh-Hant"],
  ),
  currency: field(
    z
      .string()
      .regex(/^[A-Z]{3}$/, "a currency code of three capital letters such as CNY or GBP")
      .default("CNY"),
    "金額的貨幣(ISO 4217);人民幣寫成萬元、億元",
    "the currency of every amount (ISO 4217); CNY in a Chinese report is written in 萬元 and 億元",
    ["CNY", "GBP"],
  ),
  subject: field(text.optional(), "PDF 的主題", "the PDF's Subject", ["年度履職工作回顧"]),
  keywords: field(z.array(text).default([]), "PDF 的關鍵詞", "the PDF's Keywords", [
    ["政協", "履職"],
  ]),
});

export type ReportRecord = z.infer<typeof reportSchema>;
