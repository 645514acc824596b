/**
 * Approximate figures keep the wording the organisation published: 200多萬元, 近2500份,
 * "nearly 2,500 parcels", "over £2,000,000". A wording is one of four kinds; a report in another
 * language gets the usual word of the same kind, so an English wording in a Chinese report (or the
 * other way round) still reads right.
 */
export type ApproximationKind = "over" | "nearly" | "about" | "under";

interface Wording {
  kind: ApproximationKind;
  chinese: boolean;
  /** 多 and 余 stand between the number and its unit (200多萬元); the others before the number. */
  infix?: true;
  /** The same word in Simplified characters, where it differs. */
  simplified?: string;
}

const wordings: Record<string, Wording> = {
  多: { kind: "over", chinese: true, infix: true },
  余: { kind: "over", chinese: true, infix: true },
  餘: { kind: "over", chinese: true, infix: true, simplified: "余" },
  逾: { kind: "over", chinese: true },
  超過: { kind: "over", chinese: true, simplified: "超过" },
  超过: { kind: "over", chinese: true },
  近: { kind: "nearly", chinese: true },
  將近: { kind: "nearly", chinese: true, simplified: "将近" },
  将近: { kind: "nearly", chinese: true },
  接近: { kind: "nearly", chinese: true },
  約: { kind: "about", chinese: true, simplified: "约" },
  约: { kind: "about", chinese: true },
  大約: { kind: "about", chinese: true, simplified: "大约" },
  大约: { kind: "about", chinese: true },
  不到: { kind: "under", chinese: true },
  不足: { kind: "under", chinese: true },
  over: { kind: "over", chinese: false },
  "more than": { kind: "over", chinese: false },
  "just over": { kind: "over", chinese: false },
  nearly: { kind: "nearly", chinese: false },
  almost: { kind: "nearly", chinese: false },
  "close to": { kind: "nearly", chinese: false },
  "just under": { kind: "nearly", chinese: false },
  about: { kind: "about", chinese: false },
  around: { kind: "about", chinese: false },
  approximately: { kind: "about", chinese: false },
  roughly: { kind: "about", chinese: false },
  some: { kind: "about", chinese: false },
  under: { kind: "under", chinese: false },
  "less than": { kind: "under", chinese: false },
  "fewer than": { kind: "under", chinese: false },
};

/** Every wording the records may use, Chinese first. */
export const approximateWordings = Object.keys(wordings) as [string, ...string[]];

const chineseWord: Record<ApproximationKind, { hant: string; hans: string; infix?: true }> = {
  over: { hant: "多", hans: "多", infix: true },
  nearly: { hant: "近", hans: "近" },
  about: { hant: "約", hans: "约" },
  under: { hant: "不到", hans: "不到" },
};

/**
 * How a wording reads in a Chinese report (in Simplified characters when `simplified`): where
 * it stands and the word itself.
 */
export function chineseWording(
  wording: string,
  simplified: boolean,
): { word: string; infix: boolean } {
  const known = wordings[wording];
  if (known?.chinese) {
    return {
      word: simplified ? (known.simplified ?? wording) : wording,
      infix: known.infix === true,
    };
  }
  const usual = chineseWord[known?.kind ?? "about"];
  return { word: simplified ? usual.hans : usual.hant, infix: usual.infix === true };
}

/** How a wording reads in any other language: the English words, or the usual one of the kind. */
export function englishWording(wording: string): string {
  const known = wordings[wording];
  if (known && !known.chinese) return wording;
  return known?.kind ?? "about";
}

/** The kind of a wording as a reader takes it (多 → over, "nearly" → nearly); undefined if none. */
export function approximationKindOf(word: string): ApproximationKind | undefined {
  return wordings[word.toLowerCase()]?.kind;
}
