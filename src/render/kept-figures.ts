/**
 * Where a line must not break inside a figure: between a number and the unit written right
 * after it (2.4萬元, 48件, 3,000人次, 2022年). Unicode's line breaking allows a break between a
 * digit and a Chinese character, so a browser and an office suite may set 2.4 at the end of a
 * line and 萬元 at the start of the next; the figure is then misread. The unit is the Chinese
 * character after the number, with the one after it where the first is a magnitude (萬元, 億元,
 * 千人) or the second is 次 (人次, 場次); 多, 余 and 餘 between number and unit go with them.
 */
const figureWithUnit =
  /\d[\d,]*(?:\.\d+)?[多余餘]?(?:[萬万億亿千百][\p{Script=Han}]|\p{Script=Han}次?)/gu;

/** A text in stretches: those to keep on one line (`whole`), and the rest. */
export function keptFigures(text: string): Array<{ text: string; whole: boolean }> {
  const stretches: Array<{ text: string; whole: boolean }> = [];
  let from = 0;
  for (const match of text.matchAll(figureWithUnit)) {
    const at = match.index ?? 0;
    if (at > from) stretches.push({ text: text.slice(from, at), whole: false });
    stretches.push({ text: match[0], whole: true });
    from = at + match[0].length;
  }
  if (from < text.length) stretches.push({ text: text.slice(from), whole: false });
  return stretches;
}

/** The class of an HTML span whose text stays on one line, and its style. */
export const keptClass = "kept";
export const keptCss = `.${keptClass} { white-space: nowrap; }`;
