import { accountTotal, keepsHundredths } from "../derive/sums.js";
import { Exact } from "../figure/exact.js";
import { subtractAmounts } from "../format/decimal.js";
import type { FinancesRecord } from "../schema/finances.js";
import { byId, type Words } from "./common.js";

export interface AccountItemView {
  id: string;
  name: string;
  amount: number;
  /** The item in percent of the account's total. */
  share: Exact;
}

export interface AccountView {
  /** 收入 or 支出 (Income, Expenditure) in the report's locale. */
  name: string;
  /** As published, else the items added up, to the 分. */
  total: number;
  items: AccountItemView[];
  item: Record<string, AccountItemView>;
}

export interface FinancesView {
  income: AccountView | null;
  expenditure: AccountView | null;
  /** Income less expenditure, to the 分; negative for a deficit. Null unless both are kept. */
  balance: number | null;
  note: string | null;
  /**
   * Whether the statement keeps any amount to the 分: its table then writes every amount to
   * the 分 (`{{money amount hundredths=@root.finances.hundredths}}`), so that a column reads alike.
   */
  hundredths: boolean;
}

export function financesView(record: FinancesRecord, words: Words): FinancesView {
  const account = (part: FinancesRecord["income"], name: string): AccountView | null => {
    if (!part) return null;
    const total = accountTotal(part);
    const items = part.items.map((item) => ({
      ...item,
      share: total === 0 ? Exact.of(0) : Exact.percent(item.amount, total),
    }));
    return { name, total, items, item: byId(items) };
  };
  const income = account(record.income, words("finances.income"));
  const expenditure = account(record.expenditure, words("finances.expenditure"));
  return {
    income,
    expenditure,
    balance: income && expenditure ? subtractAmounts(income.total, expenditure.total) : null,
    note: record.note ?? null,
    hundredths: keepsHundredths(
      [record.income, record.expenditure].flatMap((part) =>
        part ? [part.total, ...part.items.map((item) => item.amount)] : [],
      ),
    ),
  };
}
