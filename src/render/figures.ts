/**
 * How figures are written in a Chinese report: money in 萬元 / 億元, counts with their unit,
 * percentages, dates as 2022年3月. Pure functions; the template helpers call them.
 *
 * Amounts are never rounded: 元 are whole numbers, so 萬元 needs at most four decimals and
 * 億元 at most eight, and every figure in the report stays correct to the last 元.
 */

export type Amount = number | { about: number; wording: string };

const wan = 10_000;
const yi = 100_000_000;

/** Words that come before the number (近200萬元) rather than after it (200多萬元). */
const prefixWordings = new Set(["近", "約"]);

export function formatMoney(amount: Amount): string {
  if (typeof amount === "object") {
    const { number, unit } = scale(amount.about);
    return prefixWordings.has(amount.wording)
      ? `${amount.wording}${number}${unit}`
      : `${number}${amount.wording}${unit}`;
  }
  const { number, unit } = scale(amount);
  return `${number}${unit}`;
}

function scale(yuan: number): { number: string; unit: string } {
  if (yuan >= yi) return { number: exactDecimal(yuan, yi), unit: "億元" };
  if (yuan >= wan) return { number: exactDecimal(yuan, wan), unit: "萬元" };
  return { number: String(yuan), unit: "元" };
}

/** `value / divisor` written exactly, without trailing zeros: 5165000 / 10000 → "516.5". */
function exactDecimal(value: number, divisor: number): string {
  const digits = String(divisor).length - 1;
  const whole = Math.floor(value / divisor);
  const fraction = String(value % divisor)
    .padStart(digits, "0")
    .replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** 100 → "100%", 98.46 → "98.5%": one decimal at most, for shares that are derived. */
export function formatPercent(value: number): string {
  return `${Number(value.toFixed(1))}%`;
}

export function formatCount(count: number, unit: string): string {
  return `${count}${unit}`;
}

/** "2022" → 2022年, "2022-03" → 2022年3月, "2022-03-15" → 2022年3月15日. */
export function formatDate(date: string): string {
  const [year, month, day] = date.split("-");
  return `${year}年${month ? `${Number(month)}月` : ""}${day ? `${Number(day)}日` : ""}`;
}

/** "2022-03" → 3月, for prose that already says which year (今年3月). */
export function formatMonth(date: string): string {
  const month = date.split("-")[1];
  if (!month) throw new Error(`expected a date with a month such as 2022-03, found "${date}"`);
  return `${Number(month)}月`;
}

export interface Beneficiary {
  count?: number | null;
  unit?: string | null;
  group: string;
}

/** 60名白內障患者; several groups joined with 、: 100戶困難群眾、580位環衛工人. */
export function formatPeople(groups: Beneficiary[]): string {
  return groups
    .map((group) =>
      group.count == null ? group.group : `${group.count}${group.unit ?? ""}${group.group}`,
    )
    .join("、");
}

export interface Item {
  name: string;
  quantity: number;
  unit: string;
}

/**
 * Things given, consecutive quantities of one thing sharing its name: 圖書2500冊、230套,禮物120份.
 * Groups are separated by the same comma the report's prose uses.
 */
export function formatItems(items: Item[], comma = ","): string {
  const groups: string[] = [];
  let previous: string | undefined;
  for (const item of items) {
    const quantity = `${item.quantity}${item.unit}`;
    if (item.name === previous) groups[groups.length - 1] += `、${quantity}`;
    else groups.push(`${item.name}${quantity}`);
    previous = item.name;
  }
  return groups.join(comma);
}
