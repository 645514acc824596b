import type { Script } from "../core/language.js";

/**
 * A function that writes text in `script`, character by character and phrase by phrase with
 * OpenCC's Taiwan (`tw`) and Mainland (`cn`) tables. Vocabulary is left alone (not `twp`, which
 * would turn 信息 into 資訊): the records say what they say. The project's glossary then fixes
 * the terms the tables get wrong for it.
 */
export async function scriptConverter(
  script: Script,
  glossary: Record<string, string> = {},
): Promise<(text: string) => string> {
  const OpenCC = await import("opencc-js");
  const convert =
    script === "hans"
      ? OpenCC.Converter({ from: "tw", to: "cn" })
      : OpenCC.Converter({ from: "cn", to: "tw" });
  const entries = Object.entries(glossary);
  if (entries.length === 0) return convert;
  const fix = OpenCC.CustomConverter(entries);
  return (text) => fix(convert(text));
}
