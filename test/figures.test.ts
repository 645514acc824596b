import { describe, expect, it } from "vitest";
import { escapeMarkdown } from "../src/core/escape.js";
import {
  figuresFor,
  formatCount,
  formatDate,
  formatItems,
  formatMoney,
  formatMonth,
  formatPeople,
  formatPercent,
} from "../src/format/figures.js";

describe("formatMoney", () => {
  it.each([
    [24_000, "2.4萬元"],
    [5_165_000, "516.5萬元"],
    [250_000, "25萬元"],
    [235_000, "23.5萬元"],
    [12_345, "1.2345萬元"],
    [9_999, "9999元"],
    [0, "0元"],
    [150_000_000, "1.5億元"],
    [123_456_789, "1.23456789億元"],
  ])("writes %d 元 as %s, exactly", (yuan, text) => {
    expect(formatMoney(yuan)).toBe(text);
  });

  it("keeps the wording of an approximate amount, after or before the number", () => {
    expect(formatMoney({ about: 2_000_000, wording: "多" })).toBe("200多萬元");
    expect(formatMoney({ about: 2_000_000, wording: "余" })).toBe("200余萬元");
    expect(formatMoney({ about: 2_000_000, wording: "近" })).toBe("近200萬元");
  });
});

describe("other figures", () => {
  it("writes percentages with one decimal at most", () => {
    expect(formatPercent(100)).toBe("100%");
    expect(formatPercent(98.46)).toBe("98.5%");
    expect(formatPercent(0)).toBe("0%");
  });

  it("writes dates without zero padding", () => {
    expect(formatDate("2022")).toBe("2022年");
    expect(formatDate("2022-03")).toBe("2022年3月");
    expect(formatDate("2022-11-05")).toBe("2022年11月5日");
    expect(formatMonth("2022-03")).toBe("3月");
    expect(() => formatMonth("2022")).toThrow(/with a month/);
  });

  it("writes counts, people and items with their units", () => {
    expect(formatCount(142, "件")).toBe("142件");
    expect(formatPeople([{ count: 60, unit: "名", group: "白內障患者" }])).toBe("60名白內障患者");
    expect(
      formatPeople([
        { count: 100, unit: "戶", group: "困難群眾" },
        { count: 580, unit: "位", group: "環衛工人" },
      ]),
    ).toBe("100戶困難群眾、580位環衛工人");
    expect(formatPeople([{ group: "洛江鄉村小學" }])).toBe("洛江鄉村小學");
    expect(
      formatItems([
        { name: "圖書", quantity: 2500, unit: "冊" },
        { name: "圖書", quantity: 230, unit: "套" },
        { name: "禮物", quantity: 120, unit: "份" },
      ]),
    ).toBe("圖書2500冊、230套,禮物120份");
  });
});

describe("figuresFor", () => {
  it("keeps the 萬元 forms for a Chinese report in 元", () => {
    const figures = figuresFor("zh-Hant");
    expect(figures.money(5_165_000)).toBe("516.5萬元");
    expect(figures.list(["城市管理", "鄉村振興"])).toBe("城市管理、鄉村振興");
    expect(figures.book(["管理辦法"])).toBe("《管理辦法》");
  });

  it("writes English figures in full with the report's currency and language", () => {
    const british = figuresFor("en-GB", "GBP");
    expect(british.money(1_204_350)).toBe("£1,204,350");
    expect(british.money({ about: 2_000_000, wording: "多" })).toBe("over £2,000,000");
    expect(british.money({ about: 50_000, wording: "nearly" })).toBe("nearly £50,000");
    expect(british.count(1250, "hours")).toBe("1,250 hours");
    expect(british.count(3, "")).toBe("3");
    expect(british.percent(98.46)).toBe("98.5%");
    expect(british.date("2022")).toBe("2022");
    expect(british.date("2022-03")).toBe("March 2022");
    expect(british.date("2022-03-15")).toBe("15 March 2022");
    expect(british.month("2022-11")).toBe("November");
    expect(() => british.month("2022")).toThrow(/with a month/);
    expect(british.list(["food", "warmth", "shelter"])).toBe("food, warmth and shelter");
    expect(
      british.people([
        { count: 60, group: "families" },
        { count: 1200, unit: "older", group: "residents" },
        { group: "Hillside School" },
      ]),
    ).toBe("60 families, 1,200 older residents and Hillside School");
    expect(british.items([{ name: "winter coats", quantity: 40, unit: "boxes" }])).toBe(
      "40 boxes of winter coats",
    );
    expect(british.book(["Grants Policy"])).toBe("“Grants Policy”");

    const american = figuresFor("en-US", "USD");
    expect(american.money(1_204_350)).toBe("$1,204,350");
    expect(american.date("2022-03-15")).toBe("March 15, 2022");
    expect(american.list(["a", "b", "c"])).toBe("a, b, and c");
  });
});

describe("escapeMarkdown", () => {
  it("makes markup characters print as themselves", () => {
    expect(escapeMarkdown("<script>alert(1)</script>")).toBe("\\<script\\>alert(1)\\</script\\>");
    expect(escapeMarkdown("a*b*_c_ [x](y) | #")).toBe("a\\*b\\*\\_c\\_ \\[x\\](y) \\| \\#");
    expect(escapeMarkdown("兩行\n文字")).toBe("兩行 文字");
    expect(escapeMarkdown("洛江區政協")).toBe("洛江區政協");
  });
});
