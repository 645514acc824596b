import { writingOf } from "../core/language.js";
import type { View } from "../model/view.js";

/** A face as Word names it: one for Latin text, one for East Asian text. */
export interface Face {
  ascii: string;
  eastAsia: string;
}

/** The faces of a Word document by role, and what Word takes where a face is missing. */
export interface Faces {
  body: Face;
  title: Face;
  /** First-level headings (黑體 in the official theme). */
  heading: Face;
  /** Second-level headings (楷體 in the official theme). */
  second: Face;
  /** Whether the title is set bold: the official 小标宋 is a bold face of its own. */
  titleBold: boolean;
  /** Each face offices may lack, with the one face Word takes in its place. */
  alternatives: Array<{ name: string; alternative: string }>;
}

/**
 * The faces report.docx names. With `docx_fonts: embedded` (the default) they are the PDF's own
 * faces, embedded in the file (embedded-fonts.ts), in both themes. With `installed`, the official
 * theme names the faces Chinese offices have: the GB/T 9704 ones (仿宋_GB2312, 方正小标宋简体,
 * 黑体, 楷体_GB2312) when they hold every character of the report, which only a Simplified text
 * within GB 2312 does; else the GBK faces every Chinese Windows has (仿宋, 宋体, 黑体, 楷体), which
 * hold Traditional characters too. A Traditional report in GB 2312 faces lost a third of its
 * characters (協 會 區 屆 員) to whatever face the reader picked.
 */
export function facesFor(view: View, text: string): Faces {
  const writing = writingOf(view.language);
  if (view.theme === "official" && view.docx_fonts === "installed") {
    const latin = "Times New Roman";
    const gb2312 = writing === "zh-Hans" && outside(text, "gb2312").length === 0;
    const set = officeFaces[gb2312 ? "gb2312" : "gbk"];
    const face = ([eastAsia]: readonly [string, string]) => ({ ascii: latin, eastAsia });
    return {
      body: face(set.body),
      title: face(set.title),
      heading: face(set.heading),
      second: face(set.second),
      titleBold: set.titleBold,
      alternatives: [set.body, set.second, set.title, set.heading].map(([name, alternative]) => ({
        name,
        alternative,
      })),
    };
  }
  const script = writing === "zh-Hans" ? "SC" : "TC";
  const latin = writing === "other";
  // A Chinese PDF sets its figures and Latin letters in the Chinese face too.
  const serif = {
    ascii: latin ? "Noto Serif" : `Noto Serif ${script}`,
    eastAsia: `Noto Serif ${script}`,
  };
  const sans = {
    ascii: latin ? "Noto Sans" : `Noto Sans ${script}`,
    eastAsia: `Noto Sans ${script}`,
  };
  if (view.theme === "official") {
    // The PDF's: 仿宋 and 小标宋 in the serif (bold for the title), 黑体 in the sans, 楷体 in
    // LXGW WenKai TC.
    const kai = { ascii: serif.ascii, eastAsia: "LXGW WenKai TC" };
    return {
      body: serif,
      title: serif,
      heading: sans,
      second: kai,
      titleBold: true,
      alternatives: [],
    };
  }
  return {
    body: serif,
    title: sans,
    heading: sans,
    second: sans,
    titleBold: true,
    alternatives: [],
  };
}

/**
 * The faces offices have for each role, by the character set they hold, each with the one face
 * Word takes where it is missing; 小标宋 is bold of its own, 宋体 is set bold for a title.
 */
const officeFaces = {
  gb2312: {
    body: ["仿宋_GB2312", "仿宋"],
    title: ["方正小标宋简体", "宋体"],
    heading: ["黑体", "SimHei"],
    second: ["楷体_GB2312", "楷体"],
    titleBold: false,
  },
  gbk: {
    body: ["仿宋", "FangSong"],
    title: ["宋体", "SimSun"],
    heading: ["黑体", "SimHei"],
    second: ["楷体", "KaiTi"],
    titleBold: true,
  },
} as const;

/**
 * The characters of `text` a face of a Chinese character set lacks: those of the CJK blocks
 * (from U+2E80; Latin text is set in the Latin face) that the set does not encode.
 */
export function outside(text: string, set: "gb2312" | "gbk"): string[] {
  const encoded = characterSet(set);
  const missing = new Set<string>();
  for (const character of text) {
    if ((character.codePointAt(0) ?? 0) >= 0x2e80 && !encoded.has(character))
      missing.add(character);
  }
  return [...missing];
}

const sets = new Map<string, Set<string>>();

/**
 * The characters a Chinese character set encodes, from the platform's own decoder: GBK's two-byte
 * codes (leads 0x81–0xFE), or GB 2312's (rows 0xA1–0xA9 and 0xB0–0xF7, cells 0xA1–0xFE), the
 * private-use codes some rows decode to left out.
 */
function characterSet(set: "gb2312" | "gbk"): Set<string> {
  const known = sets.get(set);
  if (known) return known;
  const decoder = new TextDecoder("gbk");
  const result = new Set<string>();
  const gb2312 = set === "gb2312";
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    if (gb2312 && !((lead >= 0xa1 && lead <= 0xa9) || (lead >= 0xb0 && lead <= 0xf7))) continue;
    for (let trail = gb2312 ? 0xa1 : 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const character = decoder.decode(new Uint8Array([lead, trail]));
      const code = character.codePointAt(0) ?? 0;
      if (character.length !== 1 || code === 0xfffd || (code >= 0xe000 && code <= 0xf8ff)) continue;
      result.add(character);
    }
  }
  sets.set(set, result);
  return result;
}
