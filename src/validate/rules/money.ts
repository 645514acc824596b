import { isChinese } from "../../core/language.js";
import { rateAgrees } from "../../derive/proposals.js";
import {
  accountItems,
  breakdownMeasures,
  breakdownSums,
  countedShare,
  exactFigure,
  programmeAmounts,
  sumFigures,
} from "../../derive/sums.js";
import { Exact } from "../../figure/exact.js";
import { writtenInYuan } from "../../format/currency.js";
import { toHundredths } from "../../format/decimal.js";
import { reference } from "./basics.js";
import { about, error, type Finding, type Rule, shown, warning } from "./finding.js";

/** Two amounts are the same to the 分. */
function same(a: number, b: number): boolean {
  return toHundredths(a) === toHundredths(b);
}

export const fundTotalsMatchProgrammes = about("relief.yaml", ({ funds, programmes }) =>
  funds.flatMap((fund, index) => {
    if (fund.total === undefined) return [];
    const parts = programmes.filter((programme) => programme.fund === fund.id);
    const sum = programmeAmounts(parts);
    if (sum.partial) {
      return [
        warning(
          "relief.yaml",
          ["funds", index, "total"],
          "cannot check the total: a programme's amount is approximate",
        ),
      ];
    }
    return same(sum.total, fund.total)
      ? []
      : [
          error(
            "relief.yaml",
            ["funds", index, "total"],
            `expected ${shown(sum.total)} (the sum of the fund's ${parts.length} programmes), found ${shown(fund.total)}`,
          ),
        ];
  }),
);

/** A published total of income or expenditure equals its items, to the 分. */
export const financesAddUp = about("finances.yaml", (finances) =>
  (["income", "expenditure"] as const).flatMap((name): Finding[] => {
    const account = finances[name];
    if (!account || account.total === undefined) return [];
    const items = accountItems(account);
    if (items === undefined || same(items, account.total)) return [];
    return [
      error(
        "finances.yaml",
        [name, "total"],
        `expected ${shown(items)} (the sum of the ${account.items.length} items of ${name}), found ${shown(account.total)}`,
      ),
    ];
  }),
);

export const breakdownsAreSound = about("figures.yaml", ({ breakdowns }) =>
  breakdowns.flatMap((breakdown, index): Finding[] => {
    const findings: Finding[] = [];
    const width = breakdown.columns?.length;
    breakdown.rows.forEach((row, rowIndex) => {
      const path = ["breakdowns", index, "rows", rowIndex];
      if (width === undefined) {
        if (row.value === undefined) {
          findings.push(
            error(
              "figures.yaml",
              path,
              `expected a value for "${row.label}" (the table has no columns), found ${row.values ? "values" : "none"}`,
              row.values
                ? "a table with several values a row names its columns in columns:"
                : undefined,
            ),
          );
        }
      } else if (row.values?.length !== width) {
        findings.push(
          error(
            "figures.yaml",
            row.values ? [...path, "values"] : path,
            `expected ${width} values for "${row.label}" (one for each column: ${breakdownMeasures(
              breakdown,
            )
              .measures.map((measure) => measure.name)
              .join(", ")}), found ${row.values?.length ?? 0}`,
          ),
        );
      }
    });
    if (findings.length > 0 || breakdown.total === undefined) return findings;
    const { measures, alike } = breakdownMeasures(breakdown);
    if (!alike) {
      return [
        error(
          "figures.yaml",
          ["breakdowns", index, "total"],
          `expected no total: the columns measure different things (${measures
            .map(
              (measure) =>
                `${measure.name} in ${measure.money ? "money" : (measure.unit ?? "numbers")}`,
            )
            .join(", ")}), which do not add up`,
          "each column's total is worked out and printed by {{table}}; remove total:",
        ),
      ];
    }
    const sum = breakdownSums(breakdown).total;
    const stated = sumFigures([breakdown.total]);
    if (sum.partial || typeof breakdown.total !== "number") return findings;
    if (!same(sum.total, stated.total)) {
      findings.push(
        error(
          "figures.yaml",
          ["breakdowns", index, "total"],
          `expected ${shown(sum.total)} (the sum of the table's values), found ${shown(breakdown.total)}`,
        ),
      );
    }
    return findings;
  }),
);

/**
 * Each named figure is one thing: a value (with its unit), an amount, or a share; a share's part
 * and base are figures of the file, and a stated share agrees with them.
 */
export const figuresAreSound = about("figures.yaml", ({ figures }) => {
  const known = new Map(figures.map((figure) => [figure.id, figure]));
  return figures.flatMap((figure, index): Finding[] => {
    const path = ["figures", index];
    const kinds = [
      figure.value !== undefined && "value",
      figure.amount !== undefined && "amount",
      (figure.percent !== undefined || figure.part !== undefined) && "percent",
    ].filter(Boolean);
    // A change published alone (增長12.34%) is a figure of its own.
    const changeAlone = kinds.length === 0 && figure.change !== undefined;
    if (kinds.length !== 1 && !changeAlone) {
      return [
        error(
          "figures.yaml",
          path,
          kinds.length === 0
            ? `expected one of value, amount, percent or change for "${figure.id}", found none`
            : `expected one of value, amount or percent for "${figure.id}", found ${kinds.join(" and ")}`,
          "a share of another figure has percent (and may name part and of); a sum of money has amount; anything else has value and unit",
        ),
      ];
    }
    const findings = [
      ...reference("figures.yaml", [...path, "part"], figure.part, known, "figure"),
      ...reference("figures.yaml", [...path, "of"], figure.of, known, "figure"),
    ];
    if (figure.part !== undefined && figure.of === undefined) {
      findings.push(
        error("figures.yaml", [...path, "part"], `expected of beside part, found part alone`),
      );
    }
    if (findings.length > 0) return findings;
    const part = figure.part ? exactFigure(known.get(figure.part)) : undefined;
    const whole = figure.of ? exactFigure(known.get(figure.of)) : undefined;
    const counted = countedShare(figure, (id) => known.get(id));
    if (part !== undefined && whole && counted !== undefined) {
      if (figure.percent !== undefined && !rateAgrees(figure.percent, counted)) {
        findings.push(
          error(
            "figures.yaml",
            [...path, "percent"],
            `expected about ${counted.toDecimal(1)} (${figure.part} ${part} of ${figure.of} ${whole}), found ${figure.percent}`,
          ),
        );
      }
      if (part > whole) {
        findings.push(
          warning(
            "figures.yaml",
            [...path, "part"],
            `${figure.part} (${part}) is more than ${figure.of} (${whole}): a share above 100%`,
          ),
        );
      }
    }
    // A published change beside the figures it was worked out from must be their change, to
    // the decimals it was published with.
    const current = exactFigure(figure);
    if (
      figure.change !== undefined &&
      typeof figure.previous === "number" &&
      current !== undefined &&
      figure.previous !== 0
    ) {
      const counted = Exact.percent(Exact.of(current).minus(figure.previous), figure.previous);
      if (!rateAgrees(figure.change, counted)) {
        const decimals = Exact.of(figure.change).decimals() ?? 0;
        findings.push(
          error(
            "figures.yaml",
            [...path, "change"],
            `expected ${counted.toDigits(decimals)} (the change from previous ${figure.previous} to ${current}, in percent), found ${figure.change}`,
            `previous and the figure (figures[${index}].previous and its ${figure.amount !== undefined ? "amount" : "value"}) disagree with the change published beside them: correct whichever is wrong`,
          ),
        );
      }
    }
    for (const key of ["per", "each"] as const) {
      if (figure[key] !== undefined && figure.value === undefined && figure.amount === undefined) {
        findings.push(
          error(
            "figures.yaml",
            [...path, key],
            "expected a value or an amount for a rate, found none",
            "a rate is a value (150 meals a day) or an amount of money (£750 a week) per period",
          ),
        );
      }
    }
    return findings;
  });
});

/** The 元 alone names the currency only where Chinese writes it so: CNY, TWD, HKD and MOP. */
export const currencyDisplayFits: Rule = (records) => {
  const report = records["report.yaml"];
  if (report.money?.display !== "unit") return [];
  const yuan = writtenInYuan(report.currency);
  if (yuan && isChinese(report.language)) return [];
  return [
    error(
      "report.yaml",
      ["money", "display"],
      `expected symbol, code or name: ${yuan ? `a report in ${report.language}` : report.currency} has no 元 to write amounts with, found unit`,
      "unit writes amounts with 元 alone (5,000元), for Chinese reports in CNY, TWD, HKD or MOP",
    ),
  ];
};
