/** A cell of at most this many half-width characters (a figure with its unit) is not wrapped. */
export const shortCell = 12;

/**
 * Column widths in twips sharing `total` as a browser's automatic table layout shares them:
 * each column first gets what it must not wrap (its header, its short cells), and what is left
 * goes to the columns by how much wider their widest text is. `character` is the twips of a
 * half-width character; each cell adds its padding.
 */
export function columnWidths(
  columns: ReadonlyArray<{ widest: number; unwrapped: number }>,
  total: number,
  character: number,
): number[] {
  const padding = 2 * 144;
  // A fifth more for what must not wrap: figures and Latin letters run wider than half an em.
  const least = columns.map((column) => Math.ceil(column.unwrapped * character * 1.2) + padding);
  const most = columns.map((column, index) =>
    Math.max(least[index] ?? 0, column.widest * character + padding),
  );
  const sum = (values: number[]) => values.reduce((all, value) => all + value, 0);
  if (sum(most) <= total) {
    // Everything fits on one line: the room left is shared in proportion.
    return most.map((width) => Math.floor((total * width) / (sum(most) || 1)));
  }
  const room = Math.max(0, total - sum(least));
  const wanted = most.map((width, index) => width - (least[index] ?? 0));
  return least.map((width, index) =>
    Math.floor(width + (room * (wanted[index] ?? 0)) / (sum(wanted) || 1)),
  );
}

/**
 * The widths the PDF's print gave a table's columns (`measured`, any unit), scaled to `total`
 * twips; undefined when there are none or not one for each of the table's `columns`.
 */
export function printedWidths(
  measured: readonly number[] | undefined,
  columns: number,
  total: number,
): number[] | undefined {
  if (!measured || measured.length !== columns || columns === 0) return undefined;
  const sum = measured.reduce((all, width) => all + width, 0);
  if (!(sum > 0)) return undefined;
  return measured.map((width) => Math.floor((total * width) / sum));
}
