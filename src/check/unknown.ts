import { stringify } from "yaml";
import type { DraftFigure } from "./match.js";
import { decimalText } from "./numbers.js";

const wordOf: Record<string, string> = {
  over: "over",
  nearly: "nearly",
  about: "about",
  under: "under",
};
const chineseWordOf: Record<string, string> = {
  over: "多",
  nearly: "近",
  about: "約",
  under: "不到",
};

/**
 * The figures.yaml entry a figure no record holds would take: its label from the words before
 * it, its value with its unit, an amount, or a percentage. Undefined for a date or a bare number,
 * which are not kept in figures.yaml.
 */
export function figureEntry(figure: DraftFigure): string | undefined {
  if (figure.kind === "date" || figure.kind === "number") return undefined;
  const label = labelOf(figure);
  const number = (value: bigint) => Number(decimalText(value < 0n ? -value : value));
  const chinese = /[\u3400-\u9fff]/.test(figure.block.text);
  const written = figure.approximate
    ? {
        about: number(figure.value),
        wording: (chinese ? chineseWordOf : wordOf)[figure.approximate] as string,
      }
    : number(figure.value);
  const entry: Record<string, unknown> = { id: idOf(figure), label };
  if (figure.kind === "money") entry.amount = written;
  else if (figure.kind === "percent" || figure.kind === "points") entry.percent = written;
  else {
    entry.value = written;
    const unit = figure.unitAsWritten ?? figure.unit;
    if (unit) entry.unit = unit;
  }
  return stringify([entry], { lineWidth: 0, flowCollectionPadding: true }).trimEnd();
}

/** The words just before a figure, up to the last punctuation: 全年收到委員提案. */
function labelOf(figure: DraftFigure): string {
  const before = figure.block.text.slice(Math.max(0, figure.start - 24), figure.start);
  const words =
    before
      .split(/[，,。;；:：、(（)）!！?？]|\. /)
      .at(-1)
      ?.trim() ?? "";
  return words || figure.text;
}

/** An id for the entry: from the unit and the draft's paragraph, to be renamed by its editor. */
function idOf(figure: DraftFigure): string {
  const unit = figure.unit && /^[a-z]+$/.test(figure.unit) ? `${figure.unit}_` : "";
  return `figure_${unit}p${figure.block.paragraph}_${figure.start}`;
}
