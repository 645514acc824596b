import { describe, expect, it } from "vitest";
import { glyphCoverage, textCharacters } from "../src/fonts/coverage.js";
import { ownCacheEachTest } from "./support.js";

// The font checks read each character of a page once (fonts/coverage.ts). The expected lists
// are written out by hand from the texts.
describe("the characters of a text, each once", () => {
  ownCacheEachTest("report-characters-");

  it("in the order the text first shows them, with the selectors that follow a character", () => {
    // 葛 U+845B, then the ideographic selector U+E0100 (two UTF-16 units from U+DB40); a; 𠮷
    // U+20BB7; a again, now with VS16 U+FE0F; 葛 and U+E0100 again.
    const found = textCharacters("葛\u{E0100}葛a𠮷a\u{FE0F}葛\u{E0100}");
    expect(found.codes).toEqual([0x845b, 0xe0100, 0x61, 0x20bb7, 0xfe0f]);
    expect(found.sequences).toEqual([
      [0x845b, 0xe0100],
      [0x61, 0xfe0f],
    ]);
  });

  it("a character beyond the Basic Multilingual Plane counts once, and a selector alone is no sequence", () => {
    const found = textCharacters("\u{FE0F}𠮷𠮷\u{E0101}x");
    expect(found.codes).toEqual([0xfe0f, 0x20bb7, 0xe0101, 0x78]);
    expect(found.sequences).toEqual([[0x20bb7, 0xe0101]]);
  });

  it("a text given in parts is checked as the parts joined", () => {
    const html = '<html lang="zh-Hant"><body><p>葛\u{E0100}城𰀀</p></body></html>';
    const shown = "葛\u{E0100}城𰀀";
    const labels = "𰀀城\u{30001}葛\u{E0100}";
    const inParts = glyphCoverage(html, [shown, labels]);
    // Extension G (U+30000 on) is in none of the report's fonts; 葛 has no glyph of its own
    // for U+E0100 in them.
    expect(inParts.missing).toEqual(["𰀀", "\u{30001}"]);
    expect(inParts.sequences).toEqual(["葛\u{E0100}"]);
    const joined = glyphCoverage(html, `${shown}\n${labels}`);
    expect(joined.missing).toEqual(inParts.missing);
    expect(joined.sequences).toEqual(inParts.sequences);
    expect([...joined.rare]).toEqual([...inParts.rare]);
  });
});
