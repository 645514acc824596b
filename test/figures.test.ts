import { describe, expect, it } from "vitest";
import { escapeMarkdown } from "../src/core/escape.js";
import { Exact } from "../src/figure/exact.js";
import { subtractAmounts, sumAmounts } from "../src/format/decimal.js";
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
  it("writes a recorded percentage as it was written, a derived one with one decimal at most", () => {
    expect(formatPercent(100)).toBe("100%");
    expect(formatPercent(98.46)).toBe("98.46%");
    expect(formatPercent(12.3)).toBe("12.3%");
    expect(formatPercent(0)).toBe("0%");
    // 128 of 130 is 98.4615…%
    expect(formatPercent(Exact.percent(128, 130))).toBe("98.5%");
    expect(formatPercent(Exact.percent(130, 130))).toBe("100%");
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
    expect(british.percent(98.46)).toBe("98.46%");
    expect(british.percent(Exact.percent(128, 130))).toBe("98.5%");
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
    // A no-break space between the day and the year.
    expect(american.date("2022-03-15")).toBe("March 15,\u00a02022");
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

describe("money to the 分", () => {
  it("adds amounts in hundredths, so binary fractions never leak", () => {
    expect(sumAmounts([0.1, 0.2])).toBe(0.3);
    expect(sumAmounts([1050985.26, 0.01, 0.03])).toBe(1050985.3);
    expect(subtractAmounts(1050985.26, 1031838.99)).toBe(19146.27);
  });

  it("prints an amount with 分 as published, and scaled or rounded when asked", () => {
    const hans = figuresFor("zh-Hans");
    expect(hans.money(1050985.26)).toBe("1050985.26元");
    expect(hans.money(556869.57)).toBe("556869.57元");
    expect(hans.money(556869.57, { unit: "万元" })).toBe("55.686957万元");
    expect(hans.money(556869.57, { unit: "萬元", digits: 2 })).toBe("55.69万元");
    expect(hans.money(1050985.26, { unit: "万元", digits: 2 })).toBe("105.10万元");
    expect(hans.money(5165000)).toBe("516.5万元");
    expect(hans.money(5165000, { exact: true })).toBe("5165000元");
    expect(hans.money(150_000_000)).toBe("1.5亿元");
    expect(hans.money(-15000)).toBe("-1.5万元");
    // Half away from zero, on the exact value: 1.2345萬 to three decimals is 1.235萬.
    expect(hans.money(12345, { unit: "万元", digits: 3 })).toBe("1.235万元");
    expect(hans.money(12344, { unit: "万元", digits: 3 })).toBe("1.234万元");
    expect(() => hans.money(1, { unit: "千元" })).toThrow(/元, 萬元 or 億元/);
  });

  it("writes Simplified forms in a Simplified report, whatever the record's wording", () => {
    const hans = figuresFor("zh-Hans");
    expect(hans.money({ about: 2_000_000, wording: "餘" })).toBe("200余万元");
    expect(hans.money({ about: 2_000_000, wording: "約" })).toBe("约200万元");
    expect(hans.money({ about: 2_000_000, wording: "nearly" })).toBe("近200万元");
    expect(hans.count({ about: 2500, wording: "多" }, "份")).toBe("2500多份");
    expect(hans.count(32000, "人次", { scale: "万" })).toBe("3.2万人次");
    expect(hans.rate("48份", "week")).toBe("每周48份");
  });

  it("writes Taiwan and Hong Kong dollars with their sign and 萬 inside the number", () => {
    const taiwan = figuresFor("zh-TW", "TWD");
    expect(taiwan.money(27_634_000)).toBe("NT$2,763萬4,000元");
    expect(taiwan.money(27_630_000)).toBe("NT$2,763萬元");
    expect(taiwan.money(1_234_567_890)).toBe("NT$12億3,456萬7,890元");
    expect(taiwan.money(27_634_000, { exact: true })).toBe("NT$27,634,000元");
    expect(taiwan.money({ about: 2_000_000, wording: "多" })).toBe("NT$200多萬元");
    expect(taiwan.count(1234, "人")).toBe("1,234人");
    expect(figuresFor("zh-HK", "HKD").money(150_000)).toBe("HK$15萬元");
    expect(figuresFor("zh-Hant", "GBP").money(1_204_350)).toBe("£1,204,350");
    expect(figuresFor("en-GB", "TWD").money(1_204_350)).toBe("NT$1,204,350");
  });

  it("writes pence only where the amount has them, and rounds when asked", () => {
    const british = figuresFor("en-GB", "GBP");
    expect(british.money(109_000)).toBe("£109,000");
    expect(british.money(556869.57)).toBe("£556,869.57");
    expect(british.money(556869.57, { digits: 0 })).toBe("£556,870");
    expect(british.money({ about: 109_000, wording: "over" })).toBe("over £109,000");
    expect(british.count({ about: 2500, wording: "nearly" }, "parcels")).toBe(
      "nearly 2,500 parcels",
    );
    expect(british.count({ about: 2500, wording: "近" }, "parcels")).toBe("nearly 2,500 parcels");
    expect(british.rate("48 parcels", "week")).toBe("48 parcels a week");
    expect(british.money(1_204_350, { unit: "million", digits: 1 })).toBe("£1.2 million");
    expect(british.money(1_204_350, { unit: "million" })).toBe("£1.20435 million");
    expect(british.money(109_000, { unit: "thousand" })).toBe("£109 thousand");
    expect(() => british.money(1, { unit: "萬元" })).toThrow(/thousand, million or billion/);
    expect(british.period("2022-04", "2023-03")).toBe("April 2022 to March 2023");
  });
});

describe("dates, calendars and quotation marks", () => {
  it("counts years from 1912 in the ROC calendar, and takes a year as a number", () => {
    const roc = figuresFor("zh-TW", "TWD", "roc");
    expect(roc.date("2017-05")).toBe("106年5月");
    expect(roc.date(2017)).toBe("106年");
    expect(roc.year(2017)).toBe("106");
    expect(figuresFor("zh-Hant").date(2024)).toBe("2024年");
    expect(figuresFor("zh-Hans").period("2022-04", "2023-03")).toBe("2022年4月至2023年3月");
  });

  it("nests quotation marks, with corner marks in Taiwan and Hong Kong", () => {
    expect(figuresFor("zh-Hant").quote(["全城抗“疫”"])).toBe("“全城抗‘疫’”");
    expect(figuresFor("zh-Hans").quote(["全城抗“疫”"])).toBe("“全城抗‘疫’”");
    expect(figuresFor("zh-TW", "TWD").quote(["全城抗“疫”"])).toBe("「全城抗『疫』」");
    expect(figuresFor("zh-HK", "HKD").quote(["a", "b"])).toBe("「a」「b」");
    expect(figuresFor("en-GB", "GBP").quote(['the "Warm Rooms" scheme'])).toBe(
      "“the ‘Warm Rooms’ scheme”",
    );
    expect(figuresFor("zh-Hant").book(["關於《條例》的說明"])).toBe("《關於〈條例〉的說明》");
  });

  it("quotes in the style report.yaml's quotes chooses, over the language's own", () => {
    expect(
      figuresFor("zh-Hant", "CNY", "gregorian", { quotes: "corner" }).quote(["全城抗“疫”"]),
    ).toBe("「全城抗『疫』」");
    expect(figuresFor("zh-TW", "TWD", "roc", { quotes: "double" }).quote(["全城抗「疫」"])).toBe(
      "“全城抗‘疫’”",
    );
    expect(
      figuresFor("en-GB", "GBP", "gregorian", { quotes: "single" }).quote([
        'the "Warm Rooms" scheme',
        "Lunch Club",
      ]),
    ).toBe("‘the “Warm Rooms” scheme’ and ‘Lunch Club’");
    // The book title of English is a quotation, so it follows the choice too.
    expect(
      figuresFor("en-US", "USD", "gregorian", { quotes: "single" }).book(["Annual Plan"]),
    ).toBe("‘Annual Plan’");
  });
});
