import { z } from "zod";
import { count, date, field, percent, text } from "./common.js";

/**
 * What became of a proposal when it was examined, by the words secretariats use in either script
 * or in English: 立案 (filed), 併案 (filed together with another), 不予立案轉意見 (turned into an
 * opinion letter), 撤案 (withdrawn), 不予立案 (not filed).
 */
export const proposalStatuses = {
  filed: ["filed", "立案"],
  merged: ["merged", "併案", "并案", "並案"],
  letter: [
    "letter",
    "不予立案轉意見",
    "不予立案转意见",
    "轉意見",
    "转意见",
    "轉為意見建議",
    "转为意见建议",
  ],
  withdrawn: ["withdrawn", "撤案", "撤回"],
  not_filed: ["not_filed", "不予立案"],
} as const;
export type ProposalStatus = keyof typeof proposalStatuses;

/** How the proposers rated the answer: 滿意, 基本滿意, 不滿意. */
export const satisfactionLevels = {
  satisfied: ["satisfied", "滿意", "满意"],
  basically_satisfied: ["basically_satisfied", "basically satisfied", "基本滿意", "基本满意"],
  dissatisfied: ["dissatisfied", "not satisfied", "不滿意", "不满意"],
} as const;
export type SatisfactionLevel = keyof typeof satisfactionLevels;

function spellings<Key extends string>(table: Record<Key, readonly string[]>) {
  return Object.values<readonly string[]>(table).flat() as [string, ...string[]];
}

/** The status or level a spelling stands for. */
export function canonical<Key extends string>(
  table: Record<Key, readonly string[]>,
  spelling: string,
): Key {
  for (const [key, words] of Object.entries<readonly string[]>(table)) {
    if (words.includes(spelling)) return key as Key;
  }
  throw new Error(`unknown spelling ${spelling}`);
}

/** The outcome classes of a year's answers when the file names none: A, B and C. */
export const defaultOutcomeCodes = ["A", "B", "C"] as const;

/** One proposal of the ledger a secretariat keeps. */
const ledgerEntry = z.strictObject({
  number: field(
    z.union([count, text]),
    "案號,每件不同",
    "the proposal's number, different for each",
    [1, "2022-001"],
  ),
  title: field(text, "案由", "what the proposal asks for (案由)", ["關於加快老舊小區改造的建議"]),
  proposers: field(
    z.union([text.transform((name) => [name]), z.array(text)]).default([]),
    "提案人:委員、界別、黨派或團體",
    "who proposed it: members, sectors, parties or groups",
    [["民建洛江支部"]],
  ),
  session: field(
    text.optional(),
    "所屬會議;不填則為檔案的 session",
    "the session it was put to; left out, the file's session",
    ["六屆二次會議"],
  ),
  category: field(
    text.optional(),
    "類別;檔案列出 categories 時須是其中之一",
    "its category; one of the file's categories when it lists them",
    ["經濟建設"],
  ),
  status: field(
    z.enum(spellings(proposalStatuses)).default("filed"),
    "審查結果:立案、併案、不予立案轉意見、撤案、不予立案;不填為立案",
    "how it was examined: filed, merged, letter (turned into an opinion letter), withdrawn, not_filed; filed when left out",
    ["立案", "不予立案轉意見"],
  ),
  key: field(z.boolean().default(false), "是否重點提案", "whether it is a key proposal", [true]),
  supervisor: field(
    text.optional(),
    "領銜督辦的領導",
    "who leads the follow-up of a key proposal",
    ["區政協主席"],
  ),
  lead_unit: field(text.optional(), "主辦單位", "the unit that handles it", ["區住建局"]),
  co_units: field(
    z.union([text.transform((unit) => [unit]), z.array(text)]).default([]),
    "協辦單位",
    "the units that help handle it",
    [["區財政局"]],
  ),
  answered: field(date.optional(), "辦復日期", "when it was answered", ["2022-06-30"]),
  outcome: field(
    text.optional(),
    "辦理結果的代號:A 已解決或採納、B 正在解決或列入計劃、C 留作參考(可在 outcomes 改)",
    "the outcome's code: A resolved or adopted, B being resolved or planned, C kept for reference (outcomes can change them)",
    ["A"],
  ),
  satisfaction: field(
    z.enum(spellings(satisfactionLevels)).optional(),
    "提案人對答覆的評價:滿意、基本滿意、不滿意",
    "how the proposers rated the answer: satisfied, basically satisfied, dissatisfied",
    ["滿意"],
  ),
});

/** Totals as a committee publishes them; each may be left out, and a ledger derives them. */
const totals = {
  received: field(count.optional(), "收到提案件數", "proposals received", [142]),
  filed: field(
    count.optional(),
    "立案件數(含併案),不多於收到件數",
    "proposals filed, merged ones included; at most those received",
    [142],
  ),
  letters: field(
    count.optional(),
    "不予立案、轉為意見建議的件數",
    "proposals turned into opinion letters instead of being filed",
    [5],
  ),
  key_proposals: field(count.optional(), "重點提案件數", "key proposals, at most those filed", [3]),
  key_lead_units: field(
    count.optional(),
    "重點提案的主辦單位數",
    "units that lead the handling of key proposals",
    [3],
  ),
  answered: field(count.optional(), "已辦復件數", "proposals answered", [142]),
  reply_rate: field(
    percent.optional(),
    "辦復率,百分比",
    "share of proposals answered, in percent",
    [100],
  ),
  satisfaction_rate: field(
    percent.optional(),
    "滿意和基本滿意率,百分比",
    "share of answers rated satisfactory or basically satisfactory, in percent",
    [100],
  ),
};

/**
 * `proposals.yaml`: the year's proposal work (提案), as published totals, as the ledger of
 * proposals a secretariat keeps, or both — then they must agree. Totals of several sessions go
 * in `sessions`.
 */
export const proposalsSchema = z.strictObject({
  session: field(
    text.optional(),
    "提案所屬的會議",
    "the session whose proposals the figures refer to",
    ["六屆一次會議"],
  ),
  ...totals,
  sessions: field(
    z
      .array(
        z.strictObject({
          session: field(text, "會議名稱", "the session's name", ["六屆二次會議"]),
          ...totals,
        }),
      )
      .optional(),
    "一年有幾次會議時,各次的數字",
    "the figures of each session, when the year had several",
  ),
  categories: field(
    z.array(text).optional(),
    "提案類別,依序;列出時每件提案的類別須是其中之一",
    "the categories of proposals, in order; when listed, each proposal's category must be one of them",
    [["經濟建設", "社會事業", "生態文明"]],
  ),
  outcomes: field(
    z.record(z.string().regex(/^\S+$/, "a code without spaces"), text).optional(),
    "辦理結果的代號與名稱;不填為 A 已解決或採納、B 正在解決或列入計劃、C 留作參考",
    "the outcome codes and their names; left out, A resolved or adopted, B being resolved or planned, C kept for reference",
    [{ A: "已解決或採納", B: "正在解決或列入計劃", C: "留作參考" }],
  ),
  proposals: field(
    z.array(ledgerEntry).optional(),
    "提案台賬,一件一筆:收到、立案、重點、辦復、滿意等數字由此得出",
    "the ledger, one item per proposal: the received, filed, key, answered and satisfaction figures are counted from it",
  ),
});

export type ProposalsRecord = z.infer<typeof proposalsSchema>;
export type LedgerEntry = NonNullable<ProposalsRecord["proposals"]>[number];
export type ProposalTotals = Pick<ProposalsRecord, keyof typeof totals>;
export const totalKeys = Object.keys(totals) as Array<keyof typeof totals>;
