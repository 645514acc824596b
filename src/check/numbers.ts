import { ones, tens } from "../format/words.js";

/**
 * Values as a draft writes them, read without binary floats: every value is a bigint count of
 * millionths, so 2.4萬 is 24_000_000_000n and 13.8% is 13_800_000n.
 */
export const unit = 1_000_000n;

/** "1,234.5" → 1234500000n millionths; the digits after the point beyond six are dropped. */
export function millionths(digits: string): bigint {
  const [whole = "0", fraction = ""] = digits.replace(/,/g, "").split(".");
  return BigInt(whole) * unit + BigInt(`${fraction}000000`.slice(0, 6));
}

/** How many digits a number gives after its point: 23.5 → 1, 2,500 → 0. */
export function decimalsIn(digits: string): number {
  const point = digits.indexOf(".");
  return point === -1 ? 0 : digits.length - point - 1;
}

/** How many zeros close the whole part of a number written without a point: 2,500 → 2. */
export function trailingZeros(digits: string): number {
  if (digits.includes(".")) return 0;
  const plain = digits.replace(/,/g, "");
  const zeros = /0*$/.exec(plain)?.[0].length ?? 0;
  return zeros === plain.length ? 0 : zeros;
}

/** Millionths as a plain decimal: 24000000000n → "24000", 13800000n → "13.8". */
export function decimalText(value: bigint): string {
  const negative = value < 0n;
  const size = negative ? -value : value;
  const whole = size / unit;
  const fraction = (size % unit).toString().padStart(6, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

export function tenTo(power: number): bigint {
  return 10n ** BigInt(power);
}

const chineseDigits: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  兩: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const chinesePlaces: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * A number in Chinese numerals: 十五 → 15, 一百零五 → 105, 三千二百 → 3200; digit by digit as in
 * a year (二〇二二 → 2022). Undefined when the characters do not make a number.
 */
export function chineseNumber(text: string): number | undefined {
  if (text.length >= 2 && [...text].every((character) => character in chineseDigits)) {
    return Number([...text].map((character) => chineseDigits[character]).join(""));
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const character of text) {
    if (character in chineseDigits) {
      if (digit !== undefined && digit !== 0) return undefined;
      digit = chineseDigits[character];
    } else if (character in chinesePlaces) {
      section +=
        (digit ?? (section === 0 && total === 0 ? 1 : 0)) * (chinesePlaces[character] ?? 0);
      digit = undefined;
    } else if (character === "万" || character === "萬") {
      total += (section + (digit ?? 0)) * 10_000;
      section = 0;
      digit = undefined;
    } else return undefined;
  }
  return total + section + (digit ?? 0);
}

/** The words of English numbers, longest first, for a pattern. */
export const englishNumberWords = [...ones, ...tens.filter(Boolean), "hundred", "thousand"]
  .sort((a, b) => b.length - a.length)
  .join("|");

/** "twenty-one" → 21, "three hundred and five" → 305; undefined when not a number. */
export function englishNumber(text: string): number | undefined {
  let total = 0;
  let current = 0;
  for (const word of text.toLowerCase().split(/[\s-]+/)) {
    if (word === "and") continue;
    const small = ones.indexOf(word);
    const ten = tens.indexOf(word);
    if (small !== -1) current += small;
    else if (ten > 1) current += ten * 10;
    else if (word === "hundred") current = (current || 1) * 100;
    else if (word === "thousand") {
      total += (current || 1) * 1000;
      current = 0;
    } else return undefined;
  }
  return total + current;
}
