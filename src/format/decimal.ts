/**
 * Money held exactly. Amounts are recorded in the currency's main unit (元, pounds) with at most
 * two decimals (分, pence); every sum and difference is taken in whole hundredths, which are
 * integers well inside JavaScript's exact range (10^12 元 is 10^14 分 < 2^53), so 0.1 + 0.2 never
 * becomes 0.30000000000000004. A sum handed back to templates is hundredths / 100: the nearest
 * double to a two-decimal number, whose shortest form (`String`) is that number.
 */

import { Exact } from "../figure/exact.js";

/** The most decimals an amount may have: hundredths (分, pence, cents). */
export const amountDecimals = 2;

/**
 * How many decimals a recorded number has, read from its shortest exact form (1.50 has 1); none
 * for a number that is no figure (.inf, .nan), which its own check refuses.
 */
export function decimalsOf(value: number): number {
  return Number.isFinite(value) ? (Exact.of(value).decimals() ?? 0) : 0;
}

/** An amount in hundredths: 1050985.26 → 105098526. The amount has at most two decimals. */
export function toHundredths(amount: number): number {
  return Math.round(amount * 100);
}

/** Hundredths back to an amount: 105098526 → 1050985.26. */
export function fromHundredths(hundredths: number): number {
  return hundredths / 100;
}

/** The exact sum of amounts of at most two decimals each. */
export function sumAmounts(amounts: Iterable<number>): number {
  let total = 0;
  for (const amount of amounts) total += toHundredths(amount);
  return fromHundredths(total);
}

/** `a - b` exactly, for amounts of at most two decimals. */
export function subtractAmounts(a: number, b: number): number {
  return fromHundredths(toHundredths(a) - toHundredths(b));
}

/**
 * `units / 10^shift` written in decimals: exactly (every digit that is not a trailing zero) when
 * `digits` is not given, else rounded half away from zero (四捨五入) to `digits` decimals and
 * padded with zeros. `units` is a whole number: 105098526 hundredths shifted by 6 (萬元) is
 * "105.098526", or "105.10" with two digits.
 */
export function shiftDecimal(units: number, shift: number, digits?: number): string {
  const sign = units < 0 ? "-" : "";
  let magnitude = Math.abs(units);
  let places = shift;
  if (digits !== undefined && digits < shift) {
    const divisor = 10 ** (shift - digits);
    const remainder = magnitude % divisor;
    magnitude = (magnitude - remainder) / divisor + (remainder * 2 >= divisor ? 1 : 0);
    places = digits;
  }
  const scale = 10 ** places;
  const whole = Math.floor(magnitude / scale);
  let fraction = places > 0 ? String(magnitude % scale).padStart(places, "0") : "";
  if (digits === undefined) fraction = fraction.replace(/0+$/, "");
  else fraction = fraction.padEnd(digits, "0");
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}
