import { describe, expect, it } from "vitest";
import { readFigures } from "../src/check/extract.js";
import { decimalText } from "../src/check/numbers.js";

// How report check reads the figures of a draft: kinds, units, values and the ranges their
// wording allows, each checked by hand.
const read = (text: string, currency = "CNY", roc = false) =>
  readFigures(text, currency, { roc }).map((figure) => ({
    text: figure.text,
    kind: figure.kind,
    unit: figure.unit,
    ...(figure.date
      ? { date: figure.date }
      : {
          value: decimalText(figure.value),
          range: `${decimalText(figure.low)}..${decimalText(figure.high)}`,
        }),
  }));

describe("reading the figures of a draft", () => {
  it.each([
    [
      "委員累計捐資200多萬元",
      {
        text: "200多萬元",
        kind: "money",
        unit: "CNY",
        value: "2000000",
        range: "2000000..3000000",
      },
    ],
    [
      "提供定向補助2.4萬元",
      { text: "2.4萬元", kind: "money", unit: "CNY", value: "24000", range: "23500..24500" },
    ],
    [
      "收到委員提案142件",
      { text: "142件", kind: "count", unit: "件", value: "142", range: "141.5..142.5" },
    ],
    [
      "近2500份",
      { text: "近2500份", kind: "count", unit: "份", value: "2500", range: "2400..2500" },
    ],
    ["走訪三個村", { text: "三個", kind: "count", unit: "个", value: "3", range: "2.5..3.5" }],
    [
      "比上年增長13.8%",
      { text: "13.8%", kind: "percent", unit: "%", value: "13.8", range: "13.75..13.85" },
    ],
    [
      "比上年下降2.1个百分点",
      { text: "2.1个百分点", kind: "points", unit: "point", value: "-2.1", range: "-2.15..-2.05" },
    ],
    [
      "撥款NT$241萬5,000元",
      {
        text: "NT$241萬5,000元",
        kind: "money",
        unit: "TWD",
        value: "2415000",
        range: "2414999.5..2415000.5",
      },
    ],
    [
      "loans were down 2.1% on",
      { text: "2.1%", kind: "percent", unit: "%", value: "-2.1", range: "-2.15..-2.05" },
    ],
    [
      "over £2,000,000 raised",
      {
        text: "over £2,000,000",
        kind: "money",
        unit: "GBP",
        value: "2000000",
        range: "2000000..3000000",
      },
    ],
    [
      "twelve sessions a year",
      { text: "twelve sessions", kind: "count", unit: "session", value: "12", range: "11.5..12.5" },
    ],
    [
      "about 1.2m people",
      {
        text: "about 1.2m people",
        kind: "count",
        unit: "people",
        value: "1200000",
        range: "1150000..1250000",
      },
    ],
  ])("%s", (text, expected) => {
    expect(read(text, text.includes("NT$") ? "TWD" : "CNY")).toEqual([expected]);
  });

  it("reads dates in every calendar and numerals", () => {
    expect(
      read("二〇二二年三月、113年11月23日、September 14, 2024、2022-12-31", "TWD", true),
    ).toEqual([
      { text: "二〇二二年三月", kind: "date", unit: null, date: { year: 2022, month: 3 } },
      { text: "113年11月23日", kind: "date", unit: null, date: { year: 2024, month: 11, day: 23 } },
      {
        text: "September 14, 2024",
        kind: "date",
        unit: null,
        date: { year: 2024, month: 9, day: 14 },
      },
      { text: "2022-12-31", kind: "date", unit: null, date: { year: 2022, month: 12, day: 31 } },
    ]);
    // Without the ROC calendar, 10年 is ten years, not a date; 一次 and "one" are words, not figures.
    expect(read("10年來六屆一次會議,one of the")).toEqual([
      { text: "10年", kind: "count", unit: "年", value: "10", range: "9.5..10.5" },
    ]);
  });
});
