/**
 * A value as an error message names what was found: `the number 10.5`, `the text "abc"`,
 * `a list of 3`, `a mapping`, `an empty value`, `nothing`. One wording for records, templates
 * and spreadsheets alike; long texts are cut at 40 characters.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the text ${JSON.stringify(shown)}`;
  }
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return String(value);
  if (value instanceof Date) return `the date ${value.toISOString().slice(0, 10)}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${String(value)}`;
}
