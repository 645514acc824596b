import { describe, expect, it } from "vitest";
import { keptFigures } from "../src/render/kept-figures.js";
import { renderMarkdown } from "../src/render/markdown.js";

// A number and the Chinese unit after it stay on one line in the HTML and the PDF.

const kept = (text: string) =>
  keptFigures(text)
    .filter((stretch) => stretch.whole)
    .map((stretch) => stretch.text);

describe("numbers kept with their units", () => {
  it("keeps a number with its unit, a magnitude and 元, 多 and 次 included", () => {
    expect(kept("定向補助2.4萬元,為11名患者")).toEqual(["2.4萬元", "11名"]);
    expect(kept("累計捐資200多萬元，服務3,000人次")).toEqual(["200多萬元", "3,000人次"]);
    expect(kept("支出1031838.99元，项目7个")).toEqual(["1031838.99元", "7个"]);
    expect(kept("2022年3月")).toEqual(["2022年", "3月"]);
  });

  it("leaves alone what needs no keeping: percentages, English, text without figures", () => {
    expect(kept("增長58.21%")).toEqual([]);
    expect(kept("1,020 households and £35,000")).toEqual([]);
    expect(kept("協商議政")).toEqual([]);
  });

  it("gives back the text whole, in order", () => {
    const text = "撥出資金25萬元幫扶14個村(社區)";
    expect(
      keptFigures(text)
        .map((stretch) => stretch.text)
        .join(""),
    ).toBe(text);
  });

  it("is a span that does not wrap in the HTML, and nothing in the Markdown", () => {
    const { html, portable } = renderMarkdown("資金2.4萬元與5%", new Map());
    expect(html).toContain('資金<span class="kept">2.4萬元</span>與5%');
    expect(portable).toBe("資金2.4萬元與5%\n");
  });
});
