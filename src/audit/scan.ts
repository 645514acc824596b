/**
 * The numbers a text prints: every run of digits (ASCII or full-width) with the separators
 * inside it (1,234.5), where it is, and what the line it is on is under.
 */
export interface NumberAt {
  text: string;
  start: number;
  end: number;
}

const numberPattern = /[0-9０-９]+(?:[.,][0-9０-９]+)*/g;
/** Link and image targets (`](charts/a1.svg)`): not printed, so not figures. */
const linkTarget = /\]\([^)\n]*\)/g;

/** Every number printed in a Markdown text, in order; link targets left out. */
export function numbersIn(text: string): NumberAt[] {
  const hidden: Array<[number, number]> = [];
  for (const match of text.matchAll(linkTarget)) {
    hidden.push([match.index, match.index + match[0].length]);
  }
  const found: NumberAt[] = [];
  for (const match of text.matchAll(numberPattern)) {
    const start = match.index;
    if (hidden.some(([from, to]) => start >= from && start < to)) continue;
    found.push({ text: match[0], start, end: start + match[0].length });
  }
  return found;
}

/**
 * Pairs the numbers of two texts that print the same figures in the same order (the Markdown
 * the templates wrote and report.md made from it): `pairs[i]` is the index in `to` of
 * `from[i]`, or -1. A number only one of them has (a heading the other writes differently) is
 * skipped without losing the pairing of the rest.
 */
export function pairNumbers(from: NumberAt[], to: NumberAt[]): number[] {
  const pairs: number[] = [];
  let next = 0;
  for (const number of from) {
    let found = -1;
    // Look a little way ahead only: a number missing from `to` must not swallow the rest.
    for (let at = next; at < Math.min(to.length, next + 8); at++) {
      if (to[at]?.text === number.text) {
        found = at;
        break;
      }
    }
    pairs.push(found);
    if (found !== -1) next = found + 1;
  }
  return pairs;
}

/** The 1-based line of an offset in `text`, found by halving over where each line starts. */
export function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

/** The 1-based line of one offset in a text. */
export function lineAt(text: string, offset: number): number {
  return lineFinder(text)(offset);
}

/**
 * Where a number typed by hand is in a text: the line of its first occurrence with as much of
 * what stands around it in the report as the text also has (so that "3" in "第3次" is found
 * there, not in "2023"). `undefined` when the text does not hold the number at all.
 */
export function typedAt(source: string, report: string, number: NumberAt): number | undefined {
  for (const width of [12, 6, 3, 1]) {
    const before = report.slice(Math.max(0, number.start - width), number.start);
    const after = report.slice(number.end, number.end + width);
    for (const probe of [
      `${before}${number.text}${after}`,
      `${number.text}${after}`,
      `${before}${number.text}`,
    ]) {
      const at = source.indexOf(probe);
      if (at !== -1) return lineAt(source, at + probe.indexOf(number.text));
    }
  }
  const alone = new RegExp(`(?<![0-9.,])${number.text.replace(/[.,]/g, "\\$&")}(?![0-9])`);
  const found = alone.exec(source);
  return found ? lineAt(source, found.index) : undefined;
}
