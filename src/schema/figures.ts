import { z } from "zod";
import {
  amount,
  approximateCount,
  date,
  exactAmount,
  field,
  id,
  maxFigure,
  percent,
  quantity,
  text,
} from "./common.js";

/** Any figure that is not money: a count, an average, a score; approximate ones keep wording. */
const value = z.union([
  z
    .number()
    .min(-maxFigure, "a number from -1000000000000 to 1000000000000")
    .max(maxFigure, "a number from -1000000000000 to 1000000000000"),
  approximateCount,
]);

export const periods = ["day", "week", "month", "quarter", "year"] as const;

/**
 * A figure that no other kind of record holds: members, endorsements, articles, a share of the
 * people helped, parcels a week. It has a value with its unit, an amount of money, or a share in
 * percent, and may carry an earlier figure to compare with.
 */
const figure = z.strictObject({
  id: field(
    id,
    "數字的代號,敘述以 figures.<代號> 取用",
    "the figure's id; prose names it as figures.<id>",
    ["members"],
  ),
  label: field(text, "這個數字是什麼:委員人數、獲領導批示", "what the figure counts or measures", [
    "委員人數",
    "benefits won for clients",
  ]),
  value: field(
    value.optional(),
    "數值;約數寫成 {about, wording}",
    "the value; an approximate one as {about, wording}",
    [230, { about: 2500, wording: "nearly" }],
  ),
  unit: field(
    text.optional(),
    "量詞或單位:名、次、篇、份;英文寫名詞 members、visits",
    "the counting word or unit: 名, 次, 篇 … or a noun in English (members, visits)",
    ["名", "visits"],
  ),
  amount: field(
    amount.optional(),
    "金額(報告的貨幣),可到分",
    "an amount of money in the report's currency, to the hundredth at most",
    [109000],
  ),
  percent: field(
    percent.optional(),
    "百分比(0–100);有 part 與 of 時由它們算出並核對",
    "a share in percent (0–100); with part and of it is worked out from them and checked",
    [38],
  ),
  part: field(
    id.optional(),
    "百分比的分子:另一個數字的代號",
    "the figure the share is made of (the id of another figure)",
    ["children"],
  ),
  of: field(
    id.optional(),
    "百分比的基數:另一個數字的代號",
    "the figure the share is taken of (the id of another figure)",
    ["helped"],
  ),
  per: field(
    z.enum(periods).optional(),
    "頻率:每 day、week、month、quarter、year",
    "a rate: the value per day, week, month, quarter or year",
    ["week"],
  ),
  each: field(
    text.optional(),
    "按什麼計:名學生(寫成每名學生每月2,500元);英文寫單數名詞 pupil",
    "what the figure is counted per, as a singular noun (pupil: NT$2,500 a month per pupil); in Chinese with its measure word (名學生)",
    ["名學生", "pupil"],
  ),
  previous: field(
    value.optional(),
    "用來比較的早先數字(不填 previous_period 時為上一年)",
    "an earlier figure to compare with (last year's unless previous_period says otherwise)",
    [210],
  ),
  previous_period: field(
    date.optional(),
    "早先數字所屬的年或月;不填為上一年",
    "the year or month of the earlier figure; left out, the year before",
    ["2020"],
  ),
  change: field(
    z.number().finite().optional(),
    "公布的變化百分比,帶正負號:增長12.34%寫 12.34,減少3.21%寫 -3.21,可超過100;與 previous 並存時須相符",
    "a change as published, in percent and signed: up 12.34% is 12.34, down 3.21% is -3.21, and it may pass 100; beside previous it must agree",
    [12.34],
  ),
  same_as: field(
    z.string().min(1).optional(),
    "另一筆記錄中的同一個量,如 relief.programmes.food.beneficiaries.0.count;兩者不符即報錯",
    "the same quantity in another record, named as templates name it (relief.programmes.food.amount); validation fails when they disagree",
    ["relief.programmes.food.amount"],
  ),
  note: field(text.optional(), "出處或說明", "where the figure comes from, or a note", ["年鑑"]),
});

/**
 * A column that measures something else than the table's unit: sessions (場) beside attendance
 * (人次), or an amount of money beside a count.
 */
const column = z.strictObject({
  name: field(text, "欄名", "the column's heading", ["人次"]),
  unit: field(
    text.optional(),
    "此欄的量詞或單位;不填同表的 unit",
    "the counting word or unit of this column; left out, the table's",
    ["場"],
  ),
  money: field(
    z.boolean().optional(),
    "此欄是否為金額;不填同表的 money",
    "whether this column holds amounts of money; left out, as the table says",
    [true],
  ),
  same_as: field(
    z.string().min(1).optional(),
    "另一筆記錄中的同一個量(此欄的合計),如 relief.programmes.food.beneficiaries.0.count;兩者不符即報錯",
    "the same quantity as this column's total, in another record, named as templates name it (relief.programmes.food.amount); validation fails when they disagree",
    ["relief.programmes.food.amount"],
  ),
});

/**
 * A table of figures by category: one dimension (students by county) or two (by county and
 * school level), printed by templates as a table and drawn as a chart.
 */
const breakdown = z.strictObject({
  id: field(
    id,
    "表的代號,模板以 breakdowns.<代號> 取用",
    "the table's id; templates name it as breakdowns.<id>",
    ["students_by_county"],
  ),
  title: field(text, "表名", "the table's title", ["各縣市受助學生人數"]),
  label: field(
    text.optional(),
    "第一欄(類別)的欄名",
    "the heading of the first column, over the categories",
    ["縣市"],
  ),
  unit: field(
    text.optional(),
    "數值的量詞或單位;金額的表寫 money: true",
    "the counting word or unit of the values; a table of money says money: true",
    ["人"],
  ),
  money: field(
    z.boolean().default(false),
    "數值是否為金額",
    "whether the values are amounts of money",
    [true],
  ),
  columns: field(
    z.array(text.or(column)).min(1, "at least one column").optional(),
    "第二個維度的欄名(國小、國中、高中職);各欄量不同時寫 {name, unit} 或 {name, money: true},合計只加同一種量",
    "the categories of a second dimension, as columns; a column of another measure is {name, unit} or {name, money: true}, and only like measures are added up; left out, each row has one value",
    [
      ["國小", "國中", "高中職"],
      [
        { name: "場次", unit: "場" },
        { name: "人次", unit: "人次" },
      ],
    ],
  ),
  rows: field(
    z
      .array(
        z.strictObject({
          label: field(text, "類別", "the row's category", ["臺北市"]),
          value: field(
            quantity.or(exactAmount).optional(),
            "數值(一個維度)",
            "the value, in a table of one dimension",
            [120],
          ),
          values: field(
            z.array(quantity.or(exactAmount)).optional(),
            "各欄的數值,與 columns 一一對應",
            "the values, one for each of the columns",
            [[120, 80, 40]],
          ),
        }),
      )
      .min(1, "at least one row"),
    "各列",
    "the rows, one per category",
  ),
  total: field(
    quantity.or(exactAmount).optional(),
    "公布的合計;須等於各數值之和",
    "the total as published; must equal the sum of the values",
    [510],
  ),
  same_as: field(
    z.string().min(1).optional(),
    "另一筆記錄中的同一個量(表的合計),如 relief.programmes.food.beneficiaries.0.count;兩者不符即報錯",
    "the same quantity as the table's total, in another record, named as templates name it (relief.programmes.food.amount); validation fails when they disagree",
    ["relief.programmes.food.amount"],
  ),
});

/** `figures.yaml`: the figures no other kind of record holds, and tables of figures by category. */
export const figuresSchema = z.strictObject({
  figures: field(
    z.array(figure).default([]),
    "其他數字,一個一筆,敘述以 figures.<代號> 取用",
    "other figures, one item each; prose names them as figures.<id>",
  ),
  breakdowns: field(z.array(breakdown).default([]), "分類統計表", "tables of figures by category"),
});

export type FiguresRecord = z.infer<typeof figuresSchema>;
export type FigureRecord = FiguresRecord["figures"][number];
export type BreakdownRecord = FiguresRecord["breakdowns"][number];

/** The charts every report may have; a breakdown's chart takes the breakdown's id, not one of these. */
export const builtinChartNames = [
  "relief",
  "proposals",
  "outcomes",
  "activities",
  "volunteers",
  "finances",
] as const;
