import { describe, expect, it } from "vitest";
import { Exact } from "../src/figure/exact.js";
import { figuresFor } from "../src/format/figures.js";

// Every expected figure here is worked by hand: 57/400 = 0.1425 exactly, so 14.25%; the binary
// double of 57/400*100 is 14.249999999999998, which toFixed(1) writes 14.2.
describe("one rounding, half away from zero, on exact numbers", () => {
  it.each([
    [14.25, 1, "14.3"],
    [-2.5, 0, "-3"],
    [2.5, 0, "3"],
    [0.05, 1, "0.1"],
    [1.005, 2, "1.01"],
    [-0.04, 1, "0.0"],
    [98.5, 2, "98.50"],
    [0, 2, "0.00"],
  ])("rounds %d to %i decimals as %s", (value, digits, text) => {
    expect(Exact.of(value).toDigits(digits)).toBe(text);
  });

  it("takes shares and changes as exact fractions of their inputs", () => {
    expect(Exact.percent(57, 400).toDigits(1)).toBe("14.3");
    expect(Exact.percent(289, 2000).toDigits(1)).toBe("14.5");
    expect(Exact.percent(2, 3).toDigits(2)).toBe("66.67");
    expect(Exact.percent(1, 3).toDecimal(1)).toBe("33.3");
    // 1.45 up from 1.2: a change of 0.25 on 1.2 is 20.8333…%
    expect(Exact.percent(Exact.of(1.45).minus(1.2), 1.2).toDigits(1)).toBe("20.8");
    expect(Exact.of(0.1).plus(0.2).toDecimal(10)).toBe("0.3");
  });

  it("reads a recorded number as it was written, however YAML's double holds it", () => {
    expect(Exact.of(12.34).decimals()).toBe(2);
    expect(Exact.of(1e-7).toDecimal(10)).toBe("0.0000001");
    expect(Exact.of(1.5e21).toDecimal(0)).toBe("1500000000000000000000");
    expect(Exact.ratio(1, 3).decimals()).toBeUndefined();
    expect(Exact.of(-0)).toEqual(Exact.of(0));
  });

  it("refuses what is not a figure", () => {
    expect(() => Exact.of(Number.NaN)).toThrow(/not a figure/);
    expect(() => Exact.ratio(1, 0)).toThrow(/divided by 0/);
  });
});

describe("percentages in every language", () => {
  it("round once and pad to the digits asked, in English as in Chinese", () => {
    const british = figuresFor("en-GB", "GBP");
    const chinese = figuresFor("zh-Hans");
    expect(british.percent(98.5, 2)).toBe("98.50%");
    expect(british.percent(Exact.percent(2, 3), 3)).toBe("66.667%");
    expect(chinese.percent(Exact.percent(57, 400))).toBe("14.3%");
    expect(chinese.percent(-2.5, 0)).toBe("-3%");
    expect(british.percent(12.34)).toBe("12.34%");
  });

  it("write a count's decimals as recorded, or rounded to the digits asked", () => {
    const british = figuresFor("en-GB", "GBP");
    const chinese = figuresFor("zh-Hant");
    expect(british.count(12.345, "hours")).toBe("12.345 hours");
    expect(british.count(1.005, "tonnes", { digits: 2 })).toBe("1.01 tonnes");
    expect(chinese.count(32_050, "人次", { scale: "萬", digits: 1 })).toBe("3.2萬人次");
    expect(chinese.count(32_050, "人次", { scale: "萬" })).toBe("3.205萬人次");
  });
});

describe("negative money in dollars of Taiwan, Hong Kong and Macao", () => {
  it("puts the minus before the dollar sign", () => {
    expect(figuresFor("zh-TW", "TWD").money(-12_345_000)).toBe("-NT$1,234萬5,000元");
    expect(figuresFor("zh-HK", "HKD").money(-2_500)).toBe("-HK$2,500元");
    expect(figuresFor("zh-TW", "TWD").money(12_345_000)).toBe("NT$1,234萬5,000元");
  });
});

describe("the currency named as the report asks", () => {
  const taiwan = (display: "symbol" | "code" | "name" | "unit") =>
    figuresFor("zh-TW", "TWD", "gregorian", { display });
  it("writes 元 alone, the code or the name, the minus before all of them", () => {
    expect(taiwan("unit").money(-12_345_000)).toBe("-1,234萬5,000元");
    expect(taiwan("unit").money(5_000)).toBe("5,000元");
    expect(taiwan("code").money(5_000)).toBe("TWD 5,000元");
    expect(taiwan("symbol").money({ about: 2_000_000, wording: "多" })).toBe("NT$200多萬元");
    // Intl keeps the code and the number together with a no-break space.
    expect(figuresFor("en-GB", "GBP", "gregorian", { display: "code" }).money(750)).toBe(
      "GBP\u00a0750",
    );
  });
  it("groups digits or not, whatever the region's habit", () => {
    expect(figuresFor("zh-Hans", "CNY", "gregorian", { grouping: true }).count(12_345, "人")).toBe(
      "12,345人",
    );
    expect(
      figuresFor("en-GB", "GBP", "gregorian", { grouping: false }).count(12_345, "meals"),
    ).toBe("12345 meals");
  });
});

describe("numbers in words", () => {
  const hant = figuresFor("zh-Hant");
  const hans = figuresFor("zh-Hans");
  it.each([
    [2, "兩個"],
    [10, "十個"],
    [15, "十五個"],
    [20, "二十個"],
    [105, "一百零五個"],
    [110, "一百一十個"],
    [1010, "一千零一十個"],
    [2024, "二千零二十四個"],
  ])("%d in Chinese is %s", (value, written) => {
    expect(hant.count(value, "個", { words: true })).toBe(written);
  });
  it("writes 两 in Simplified Chinese and English by its region", () => {
    expect(hans.count(2, "个", { words: true })).toBe("两个");
    const british = figuresFor("en-GB", "GBP");
    expect(british.count(42, "sessions", { words: true })).toBe("forty-two sessions");
    expect(british.count(105, "sessions", { words: true })).toBe("one hundred and five sessions");
    expect(figuresFor("en-US", "USD").count(105, "sessions", { words: true })).toBe(
      "one hundred five sessions",
    );
    expect(british.count({ about: 150, wording: "about" }, "meals", { words: true })).toBe(
      "about one hundred and fifty meals",
    );
  });
  it("refuses what words do not write", () => {
    expect(() => hant.count(10_000, "人", { words: true })).toThrow(/from 0 to 9999, found 10000/);
    expect(() => hant.count(2.5, "人", { words: true })).toThrow(/from 0 to 9999, found 2.5/);
  });
});
