/**
 * Currencies are ISO 4217 codes. Codes that people write but that ISO does not define (NTD for
 * the New Taiwan dollar, RMB for the renminbi) are refused with the code they stand for.
 */
let isoCodes: Set<string> | undefined;

/** Everyday names of currencies that are not their ISO 4217 codes. */
const everydayCodes: Record<string, string> = {
  NTD: "TWD",
  NT: "TWD",
  RMB: "CNY",
  YUAN: "CNY",
  UKP: "GBP",
  STG: "GBP",
  YEN: "JPY",
  EURO: "EUR",
};

export function isCurrencyCode(code: string): boolean {
  // Asked of ICU when first needed: listing its currencies takes milliseconds at every start.
  isoCodes ??= new Set(Intl.supportedValuesOf("currency"));
  return isoCodes.has(code);
}

/** The ISO 4217 code an everyday name stands for: NTD → TWD. */
export function currencyCodeFor(name: string): string | undefined {
  return everydayCodes[name.toUpperCase()];
}

/**
 * Dollars of Taiwan, Hong Kong and Macao are written in Chinese with a sign before the number and
 * 萬 and 億 inside it: NT$2,763萬4,000元. The renminbi has no sign: 516.5萬元.
 */
export const chineseDollarSigns: Record<string, string> = {
  TWD: "NT$",
  HKD: "HK$",
  MOP: "MOP$",
};

/** Whether Chinese writes an amount of `currency` with 元: the renminbi and those dollars. */
export function writtenInYuan(currency: string): boolean {
  return currency === "CNY" || Object.hasOwn(chineseDollarSigns, currency);
}
