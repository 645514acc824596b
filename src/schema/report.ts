import { z } from "zod";
import { currencyDisplays, quoteStyles } from "../format/common.js";
import { currencyCodeFor, isCurrencyCode } from "../format/currency.js";
import { date, field, text } from "./common.js";

/** A month or a day: the start or end of a reporting period. */
const periodDate = date.refine(
  (value) => value.length > 4,
  "a month or a day such as 2022-04 or 2022-04-01",
);

/** `report.yaml`: who publishes the report, its title lines, and how its figures are written. */
export const reportSchema = z.strictObject({
  organisation: field(text, "發布報告的機構全稱", "the organisation that publishes the report", [
    "政協洛江區第六屆委員會",
  ]),
  short_name: field(
    text.optional(),
    "機構簡稱,正文中使用;不填則用全稱",
    "the short name used in the prose; left out, the full name",
    ["洛江區政協"],
  ),
  year: field(
    z
      .number()
      .int("a four-digit year")
      .min(1000, "a four-digit year")
      .max(9999, "a four-digit year"),
    "報告年度,須與資料夾名稱相同;非自然年度時為報告期開始的年份",
    "the year reported on; must match the folder name (for a financial year, the year it starts in)",
    [2022],
  ),
  period: field(
    z
      .strictObject({
        start: field(periodDate, "報告期開始的月份", "the first month of the period", ["2022-04"]),
        end: field(periodDate, "報告期結束的月份", "the last month of the period", ["2023-03"]),
      })
      .optional(),
    "報告期,非自然年度時填寫(例如4月至次年3月的財政年度)",
    "the reporting period, when it is not the calendar year (a financial year from April to March)",
    [{ start: "2022-04", end: "2023-03" }],
  ),
  title: field(text, "報告標題", "the report's title", ["2022年度履職回眸"]),
  subtitle: field(
    z.union([text.transform((line) => [line]), z.array(text)]).optional(),
    "封面上標題下的引言,一行一項;可不填",
    "the lines under the title on the cover, one item per line; may be left out",
    [["故事寫滿履職答卷"]],
  ),
  published: field(
    date.optional(),
    "發布日期,印在封面並寫入 PDF",
    "the publication date, on the cover and in the PDF's metadata",
    ["2023-01-15"],
  ),
  language: field(
    z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, "a language tag such as zh-Hant")
      .default("zh-Hant"),
    "文字的語言標記:zh-Hant 繁體、zh-Hans 簡體、zh-TW 臺灣、en-GB 英國英語 …,寫入 HTML 與 PDF",
    "the language tag of the text (zh-Hant, zh-Hans, zh-TW, en-GB …), written into the HTML and the PDF",
    ["zh-Hant"],
  ),
  currency: field(
    z
      .string()
      .superRefine((code, context) => {
        if (isCurrencyCode(code)) return;
        const iso = currencyCodeFor(code);
        context.addIssue({
          code: "custom",
          message: "an ISO 4217 currency code such as CNY, TWD, HKD or GBP",
          ...(iso ? { params: { hint: `${code} is written ${iso} in ISO 4217` } } : {}),
        });
      })
      .default("CNY"),
    "金額的貨幣(ISO 4217):CNY 寫成萬元、億元,TWD 寫成 NT$2,763萬4,000元",
    "the currency of every amount (ISO 4217): CNY in Chinese is written in 萬元 and 億元, TWD as NT$2,763萬4,000元",
    ["CNY", "TWD", "GBP"],
  ),
  money: field(
    z
      .strictObject({
        unit: field(
          z.enum(["元", "萬元", "万元", "億元", "亿元"]).optional(),
          "金額的單位",
          "the unit amounts are written in (Chinese reports)",
          ["萬元"],
        ),
        digits: field(
          z
            .number()
            .int("a whole number")
            .min(0, "0 to 4 decimals")
            .max(4, "0 to 4 decimals")
            .optional(),
          "小數位數,四捨五入",
          "how many decimals, rounded half away from zero",
          [2],
        ),
        display: field(
          z.enum(currencyDisplays).optional(),
          "貨幣的寫法:symbol 符號(NT$)、code 代碼(TWD)、name 名稱(新臺幣)、unit 只寫元(5,000元);不填時人民幣只寫元,新臺幣、港元、澳門元寫符號",
          "how the currency is named: symbol (NT$, £), code (TWD, GBP), name (新臺幣, British pounds) or unit, the 元 alone (5,000元); left out, 元 alone for CNY, the dollar sign for TWD, HKD and MOP, the symbol for others",
          ["unit"],
        ),
      })
      .optional(),
    "金額的寫法;不填時:有分的年度一律寫到分(1286450.37元),否則以萬元、億元寫出確數",
    "how amounts are written; left out, a year with amounts to the 分 writes every amount to the 分, any other scales them to 萬元 and 億元 exactly",
    [{ unit: "萬元", digits: 2 }],
  ),
  grouping: field(
    z.boolean().optional(),
    "數字是否每三位加逗號(1,234);不填時依地區:臺灣、香港、澳門與英文加,大陸不加",
    "whether digits are grouped by thousands (1,234); left out, as the region writes them: Taiwan, Hong Kong, Macao and English do, the mainland does not",
    [true],
  ),
  calendar: field(
    z.enum(["gregorian", "roc"]).default("gregorian"),
    "紀年:gregorian 公元,roc 民國(2017年寫成106年)",
    "how years are counted: gregorian, or roc (the Republic of China's, 2017 is 106)",
    ["roc"],
  ),
  quotes: field(
    z.enum(quoteStyles).optional(),
    "引號:corner 「」(內層『』)、double “”(內層‘’)、single ‘’(內層“”);不填時依地區:臺灣、香港、澳門用「」,其他用“”",
    "the quotation marks: corner 「」 (『』 inside), double “” (‘’ inside) or single ‘’ (“” inside); left out, as the region writes them: 「」 in Taiwan, Hong Kong and Macao, “” elsewhere",
    ["single"],
  ),
  subject: field(text.optional(), "PDF 的主題", "the PDF's Subject", ["年度履職工作回顧"]),
  keywords: field(z.array(text).default([]), "PDF 的關鍵詞", "the PDF's Keywords", [
    ["政協", "履職"],
  ]),
});

export type ReportRecord = z.infer<typeof reportSchema>;
