import { FigureError } from "./common.js";

/**
 * Whole numbers written in words where the source writes them so (兩個鄉鎮, "three evening
 * sessions"). Style guides spell out small numbers only; words go up to 9999, and a larger or
 * fractional number is refused rather than written half in figures.
 */

export const mostInWords = 9999;

function checked(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > mostInWords) {
    throw new FigureError(
      `words are for whole numbers from 0 to ${mostInWords}, found ${value}; write it as a figure`,
    );
  }
  return value;
}

const chineseDigits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
const chinesePlaces = ["千", "百", "十", ""];

/**
 * 2 → 兩 (两) before a measure word, 10 → 十, 15 → 十五, 105 → 一百零五, 2024 → 二千零二十四.
 */
export function chineseWords(value: number, simplified: boolean): string {
  const number = checked(value);
  if (number === 2) return simplified ? "两" : "兩";
  if (number === 0) return chineseDigits[0] ?? "零";
  const digits = String(number).padStart(4, "0").split("").map(Number);
  let text = "";
  let zeroPending = false;
  digits.forEach((digit, index) => {
    if (digit === 0) {
      zeroPending = text !== "";
      return;
    }
    if (zeroPending) text += "零";
    zeroPending = false;
    // 十五, not 一十五, when ten is the highest place.
    const place = chinesePlaces[index] ?? "";
    text += (digit === 1 && place === "十" && text === "" ? "" : chineseDigits[digit]) + place;
  });
  return text;
}

/** English numbers below twenty, by value. */
export const ones = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
/** English tens by their digit (twenty is 2). */
export const tens = [
  "",
  "",
  "twenty",
  "thirty",
  "forty",
  "fifty",
  "sixty",
  "seventy",
  "eighty",
  "ninety",
];

function belowHundred(number: number): string {
  if (number < 20) return ones[number] ?? "";
  const unit = number % 10;
  return `${tens[Math.floor(number / 10)]}${unit ? `-${ones[unit]}` : ""}`;
}

/**
 * 3 → three, 42 → forty-two, 105 → one hundred and five (British; American English leaves out
 * the "and"), 2024 → two thousand and twenty-four.
 */
export function englishWords(value: number, british: boolean): string {
  const number = checked(value);
  const and = british ? " and " : " ";
  const parts: string[] = [];
  const thousands = Math.floor(number / 1000);
  const hundreds = Math.floor((number % 1000) / 100);
  const rest = number % 100;
  if (thousands) parts.push(`${ones[thousands]} thousand`);
  if (hundreds) parts.push(`${ones[hundreds]} hundred`);
  if (rest || parts.length === 0) {
    return parts.length ? `${parts.join(" ")}${and}${belowHundred(rest)}` : belowHundred(rest);
  }
  return parts.join(" ");
}
