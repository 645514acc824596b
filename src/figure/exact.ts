/**
 * Exact numbers for every figure a report prints. A recorded number is the decimal it was written
 * as (YAML's 14.45 is read as the nearest binary double, whose shortest form is "14.45" again);
 * a derived one (a share, a change) is the exact fraction of its inputs. Nothing is rounded until
 * it is printed, and then once, half away from zero (四捨五入): 14.25 → 14.3, −2.5 → −3,
 * 0.05 → 0.1. Binary floating point never decides a printed digit.
 */
export class Exact {
  /** `numerator / denominator`, reduced, the denominator positive. */
  private constructor(
    readonly numerator: bigint,
    readonly denominator: bigint,
  ) {}

  private static fraction(numerator: bigint, denominator: bigint): Exact {
    if (denominator === 0n) throw new RangeError("an exact number cannot be divided by 0");
    if (denominator < 0n) return Exact.fraction(-numerator, -denominator);
    const divisor = gcd(numerator < 0n ? -numerator : numerator, denominator);
    return new Exact(numerator / divisor, denominator / divisor);
  }

  /** A recorded number as the decimal it was written as; an Exact as it is. */
  static of(value: number | Exact): Exact {
    if (value instanceof Exact) return value;
    if (!Number.isFinite(value)) throw new RangeError(`${value} is not a figure`);
    const { digits, places } = decimalDigits(value);
    return Exact.fraction(BigInt(digits) * (value < 0 ? -1n : 1n), 10n ** BigInt(places));
  }

  /** `part / whole`, exactly. */
  static ratio(part: number | Exact, whole: number | Exact): Exact {
    return Exact.of(part).dividedBy(Exact.of(whole));
  }

  /** `part / whole` in percent (hundredths of the whole), exactly. */
  static percent(part: number | Exact, whole: number | Exact): Exact {
    return Exact.ratio(part, whole).times(100);
  }

  plus(other: number | Exact): Exact {
    const that = Exact.of(other);
    return Exact.fraction(
      this.numerator * that.denominator + that.numerator * this.denominator,
      this.denominator * that.denominator,
    );
  }

  minus(other: number | Exact): Exact {
    return this.plus(Exact.of(other).negated());
  }

  times(other: number | Exact): Exact {
    const that = Exact.of(other);
    return Exact.fraction(this.numerator * that.numerator, this.denominator * that.denominator);
  }

  dividedBy(other: number | Exact): Exact {
    const that = Exact.of(other);
    return Exact.fraction(this.numerator * that.denominator, this.denominator * that.numerator);
  }

  negated(): Exact {
    return new Exact(-this.numerator, this.denominator);
  }

  abs(): Exact {
    return this.numerator < 0n ? this.negated() : this;
  }

  sign(): -1 | 0 | 1 {
    return this.numerator < 0n ? -1 : this.numerator > 0n ? 1 : 0;
  }

  compare(other: number | Exact): -1 | 0 | 1 {
    return this.minus(other).sign();
  }

  /**
   * How many decimals the number has written out in full (14.25 has 2), or undefined when its
   * decimals never end (1/3).
   */
  decimals(): number | undefined {
    let rest = this.denominator;
    let twos = 0;
    let fives = 0;
    while (rest % 2n === 0n) {
      rest /= 2n;
      twos += 1;
    }
    while (rest % 5n === 0n) {
      rest /= 5n;
      fives += 1;
    }
    return rest === 1n ? Math.max(twos, fives) : undefined;
  }

  /**
   * The number rounded half away from zero to `digits` decimals and written with exactly that
   * many: 14.25 → "14.3" (1), −2.5 → "-3" (0), 98.5 → "98.50" (2). Minus goes only before a
   * number that is not 0 once rounded.
   */
  toDigits(digits: number): string {
    const scale = 10n ** BigInt(digits);
    const magnitude = this.numerator < 0n ? -this.numerator : this.numerator;
    const scaled = magnitude * scale;
    let units = scaled / this.denominator;
    if ((scaled % this.denominator) * 2n >= this.denominator) units += 1n;
    const text = units.toString().padStart(digits + 1, "0");
    const whole = text.slice(0, text.length - digits);
    const fraction = text.slice(text.length - digits);
    const sign = this.numerator < 0n && units !== 0n ? "-" : "";
    return `${sign}${whole}${digits > 0 ? `.${fraction}` : ""}`;
  }

  /**
   * The number written with every decimal it has, up to `most` (rounded there, trailing zeros
   * dropped): 14.25 → "14.25", 1/3 with 1 → "0.3", 100 → "100".
   */
  toDecimal(most: number): string {
    const written = this.toDigits(Math.min(this.decimals() ?? most, most));
    return written.includes(".") ? written.replace(/\.?0+$/, "") : written;
  }

  /** The nearest binary double, for comparisons and charts; never for a printed digit. */
  valueOf(): number {
    return Number(this.toDecimal(17));
  }

  toJSON(): number {
    return this.valueOf();
  }

  toString(): string {
    return this.toDecimal(10);
  }
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

/**
 * The digits and decimal places of a double's shortest form: 14.45 → 1445 and 2, 1e-7 → 1 and
 * 7, 1.5e21 → 15 followed by 20 zeros and 0.
 */
function decimalDigits(value: number): { digits: string; places: number } {
  const text = String(Math.abs(value));
  const exponent = /e([+-]\d+)$/.exec(text);
  const mantissa = exponent ? text.slice(0, exponent.index) : text;
  const [whole = "0", fraction = ""] = mantissa.split(".");
  const places = fraction.length - Number(exponent?.[1] ?? 0);
  const digits = `${whole}${fraction}`;
  return places >= 0
    ? { digits, places }
    : { digits: `${digits}${"0".repeat(-places)}`, places: 0 };
}
