import { describeValue } from "../core/describe.js";
import { activityKinds } from "../schema/activities.js";
import { proposalStatuses, satisfactionLevels } from "../schema/proposals.js";
import type { Cell } from "./sheet.js";

/**
 * The columns `report import` knows for each kind of records: the headers it finds them by,
 * in Traditional and Simplified Chinese and in English (spaces, case and a unit in brackets
 * do not matter: 金額(元) is 金額), and how each cell becomes a record's value.
 */
export type Read = { value: unknown } | { problem: string; hint?: string } | undefined;

export interface Field {
  key: string;
  headers: string[];
  required?: boolean;
  read: (cell: Cell, header: string) => Read;
}

export const targets = ["proposals", "relief", "activities", "figures"] as const;
export type Target = (typeof targets)[number];

/** A header as it is compared: no spaces, no unit in brackets, lower case. */
export function headerKey(header: string): string {
  return header
    .replace(/[（(][^)）]*[)）]/g, "")
    .replace(/[\s\u3000:：*＊]/g, "")
    .toLowerCase();
}

const text = ({ value }: Cell, header: string): Read => {
  if (value === null) return undefined;
  if (typeof value === "string") return { value };
  return {
    problem: `expected a text for ${header}, found ${describeValue(value)}`,
    hint: "format the column as text, or check that the cell is in the right column",
  };
};

const numberOrText = ({ value }: Cell, header: string): Read => {
  if (value === null) return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return { value };
  if (typeof value === "string") return { value: /^\d+$/.test(value) ? Number(value) : value };
  return { problem: `expected a number or a text for ${header}, found ${describeValue(value)}` };
};

const list = ({ value }: Cell, header: string): Read => {
  if (value === null) return undefined;
  if (typeof value !== "string") return text({ ref: "", value }, header);
  return {
    value: value
      .split(/[、,，;；/／\n]+/)
      .map((part) => part.trim())
      .filter(Boolean),
  };
};

const yes = new Set(["是", "yes", "y", "true", "√", "✓", "✔", "重點", "重点", "key", "1"]);
const no = new Set(["否", "no", "n", "false", "×", "x", "0", "-", "—"]);

const yesNo = ({ value }: Cell, header: string): Read => {
  if (value === null) return undefined;
  if (typeof value === "boolean") return { value };
  const word = String(value).trim().toLowerCase();
  if (yes.has(word)) return { value: true };
  if (no.has(word)) return { value: false };
  return { problem: `expected 是 or 否 (yes or no) for ${header}, found ${describeValue(value)}` };
};

/** Excel counts days from 1899-12-30: the date a serial number stands for, to say so. */
function serialDate(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

const date = ({ value }: Cell, header: string): Read => {
  if (value === null) return undefined;
  if (value instanceof Date) return { value: value.toISOString().slice(0, 10) };
  const found =
    typeof value === "number"
      ? value
      : /^\d{5}(\.\d+)?$/.test(String(value))
        ? Number(value)
        : undefined;
  if (found !== undefined && found > 10_000 && found < 100_000) {
    return {
      problem: `expected a date such as 2024-06-30 for ${header}, found the number ${found}, Excel's serial form of ${serialDate(found)}`,
      hint: "format the column as dates (Format Cells → Date), or write the dates as 2024-06-30",
    };
  }
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?$/.exec(
    String(value).trim(),
  );
  if (match) {
    const [, year, month, day] = match;
    const pad = (part: string) => part.padStart(2, "0");
    return { value: `${year}-${pad(month ?? "1")}${day ? `-${pad(day)}` : ""}` };
  }
  if (/^\d{4}$/.test(String(value))) return { value: String(value) };
  return {
    problem: `expected a date such as 2024-06-30 for ${header}, found ${describeValue(value)}`,
  };
};

function numeric(value: Cell["value"]): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  const cleaned = value.replace(/[,，\s¥￥$£€元]|RMB|NT\$|HK\$/gi, "");
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : undefined;
}

const count = ({ value }: Cell, header: string): Read => {
  if (value === null) return undefined;
  const found = numeric(value);
  if (found !== undefined && Number.isInteger(found) && found >= 0) return { value: found };
  return { problem: `expected a whole number for ${header}, found ${describeValue(value)}` };
};

const amount = ({ value }: Cell, header: string): Read => {
  if (value === null) return undefined;
  const found = numeric(value);
  if (found !== undefined && found >= 0) return { value: found };
  return {
    problem: `expected an amount such as 1050985.26 for ${header}, found ${describeValue(value)}`,
  };
};

const anyNumber = ({ value }: Cell, header: string): Read => {
  if (value === null) return undefined;
  const found = numeric(value);
  if (found !== undefined) return { value: found };
  return { problem: `expected a number for ${header}, found ${describeValue(value)}` };
};

/** A value among spellings a schema accepts, with 是/否 for 是否立案. */
function among(table: Record<string, readonly string[]>, what: string) {
  const accepted = Object.values(table).flat();
  return ({ value }: Cell, header: string): Read => {
    if (value === null) return undefined;
    const word = String(value).trim();
    if (accepted.includes(word)) return { value: word };
    const lower = word.toLowerCase();
    if (table === proposalStatuses && yes.has(lower)) return { value: "filed" };
    if (table === proposalStatuses && no.has(lower)) return { value: "not_filed" };
    return {
      problem: `expected ${what} for ${header}, found ${describeValue(value)}`,
      hint: `one of ${accepted.filter((spelling) => /\p{Script=Han}/u.test(spelling) || !spelling.includes("_")).join(", ")}`,
    };
  };
}

/** Outcome classes written as their codes or by their names. */
const outcomeNames: Record<string, string[]> = {
  A: [
    "已解決或採納",
    "已解决或采纳",
    "已解決",
    "已解决",
    "已採納",
    "已采纳",
    "resolved",
    "adopted",
  ],
  B: [
    "正在解決或列入計劃",
    "正在解决或列入计划",
    "正在解決",
    "正在解决",
    "列入計劃",
    "列入计划",
    "in hand",
    "planned",
  ],
  C: ["留作參考", "留作参考", "參考", "参考", "kept for reference", "noted"],
};

const outcome = ({ value }: Cell): Read => {
  if (value === null) return undefined;
  const word = String(value).trim();
  for (const [code, names] of Object.entries(outcomeNames)) {
    if (word.toUpperCase() === code || names.includes(word.toLowerCase()) || names.includes(word))
      return { value: code };
  }
  // Another code (the year's own outcomes): report validate checks it against the list.
  return { value: word };
};

/** Activity kinds by their Chinese names. */
const kindNames: Record<string, (typeof activityKinds)[number]> = {
  視察: "inspection",
  视察: "inspection",
  調研: "survey",
  调研: "survey",
  協商: "consultation",
  协商: "consultation",
  來訪: "visit_received",
  来访: "visit_received",
  外出考察: "visit_made",
  考察: "visit_made",
  讀書: "reading",
  读书: "reading",
  主題活動: "campaign",
  主题活动: "campaign",
  應急: "emergency",
  应急: "emergency",
  活動: "event",
  活动: "event",
  培訓: "training",
  培训: "training",
  會議: "meeting",
  会议: "meeting",
};

const kind = ({ value }: Cell, header: string): Read => {
  if (value === null) return undefined;
  const word = String(value).trim();
  if ((activityKinds as readonly string[]).includes(word.toLowerCase()))
    return { value: word.toLowerCase() };
  const known = kindNames[word];
  if (known) return { value: known };
  return {
    problem: `expected a kind of activity for ${header}, found ${describeValue(value)}`,
    hint: `one of ${Object.keys(kindNames)
      .filter((_, index) => index % 2 === 0)
      .join("、")} or ${activityKinds.join(", ")}`,
  };
};

const id = ["代號", "代号", "id", "編碼", "编码"];

export const fields: Record<Target, Field[]> = {
  proposals: [
    {
      key: "number",
      headers: [
        "案號",
        "案号",
        "提案號",
        "提案号",
        "編號",
        "编号",
        "序號",
        "序号",
        "no.",
        "no",
        "number",
      ],
      required: true,
      read: numberOrText,
    },
    {
      key: "title",
      headers: ["案由", "提案名稱", "提案名称", "題目", "题目", "標題", "标题", "title"],
      required: true,
      read: text,
    },
    {
      key: "proposers",
      headers: ["提案人", "提案者", "提出者", "proposers", "proposer"],
      read: list,
    },
    { key: "session", headers: ["會議", "会议", "屆次", "届次", "session"], read: text },
    { key: "category", headers: ["類別", "类别", "分類", "分类", "category"], read: text },
    {
      key: "status",
      headers: ["是否立案", "立案情況", "立案情况", "審查結果", "审查结果", "status"],
      read: among(proposalStatuses, "立案, 不予立案轉意見, 併案, 撤案 or 是/否"),
    },
    {
      key: "key",
      headers: ["重點提案", "重点提案", "是否重點", "是否重点", "重點", "重点", "key"],
      read: yesNo,
    },
    {
      key: "supervisor",
      headers: ["督辦領導", "督办领导", "領銜督辦", "领衔督办", "supervisor"],
      read: text,
    },
    {
      key: "lead_unit",
      headers: ["主辦單位", "主办单位", "承辦單位", "承办单位", "lead unit", "leadunit"],
      read: text,
    },
    {
      key: "co_units",
      headers: ["協辦單位", "协办单位", "會辦單位", "会办单位", "co-units", "counits"],
      read: list,
    },
    {
      key: "answered",
      headers: ["辦復日期", "办复日期", "答覆日期", "答复日期", "辦復時間", "办复时间", "answered"],
      read: date,
    },
    { key: "outcome", headers: ["辦理結果", "办理结果", "結果", "结果", "outcome"], read: outcome },
    {
      key: "satisfaction",
      headers: ["滿意度", "满意度", "提案人意見", "提案人意见", "評價", "评价", "satisfaction"],
      read: among(satisfactionLevels, "滿意, 基本滿意 or 不滿意"),
    },
  ],
  relief: [
    { key: "id", headers: id, read: text },
    {
      key: "name",
      headers: ["項目", "项目", "項目名稱", "项目名称", "programme", "program", "name"],
      required: true,
      read: text,
    },
    { key: "fund", headers: ["基金", "fund"], read: text },
    { key: "date", headers: ["日期", "時間", "时间", "date"], read: date },
    {
      key: "count",
      headers: ["受助人數", "受助人数", "人數", "人数", "數量", "数量", "count", "helped"],
      read: count,
    },
    { key: "unit", headers: ["量詞", "量词", "單位", "单位", "unit"], read: text },
    {
      key: "group",
      headers: ["受助對象", "受助对象", "對象", "对象", "group", "beneficiaries"],
      read: text,
    },
    {
      key: "amount",
      headers: ["金額", "金额", "資金", "资金", "撥款", "拨款", "amount"],
      read: amount,
    },
  ],
  activities: [
    { key: "id", headers: id, read: text },
    { key: "kind", headers: ["類別", "类别", "種類", "种类", "kind"], required: true, read: kind },
    {
      key: "title",
      headers: ["活動", "活动", "名稱", "名称", "活動名稱", "活动名称", "title"],
      required: true,
      read: text,
    },
    { key: "date", headers: ["日期", "時間", "时间", "date"], read: date },
    { key: "count", headers: ["次數", "次数", "場次", "场次", "count"], read: count },
    { key: "form", headers: ["形式", "form"], read: text },
    { key: "venues", headers: ["地點", "地点", "場所", "场所", "venue", "venues"], read: list },
    { key: "topics", headers: ["議題", "议题", "主題", "主题", "topics"], read: list },
  ],
  figures: [
    { key: "id", headers: id, read: text },
    {
      key: "label",
      headers: ["項目", "项目", "名稱", "名称", "說明", "说明", "label", "figure"],
      required: true,
      read: text,
    },
    { key: "value", headers: ["數值", "数值", "數字", "数字", "value"], read: anyNumber },
    { key: "unit", headers: ["單位", "单位", "量詞", "量词", "unit"], read: text },
    { key: "amount", headers: ["金額", "金额", "amount"], read: amount },
    { key: "note", headers: ["備註", "备注", "出處", "出处", "note"], read: text },
  ],
};
