/**
 * The one script policy (`--script`, the config's `script`): the view is written in the script
 * asked for, every text of it — what the records and the narrative say, the words of the
 * charts, the title, subject and keywords of the metadata — and nothing else is converted. The
 * templates' words come from the locale file of that script; the Markdown, HTML, stylesheets,
 * drawings and documents made from the view are never converted again, so markup, font names
 * and links the templates write stay as written.
 */
export function viewInScript<Value>(value: Value, convert: (text: string) => string): Value {
  if (typeof value === "string") return convert(value) as Value;
  if (Array.isArray(value)) return value.map((item) => viewInScript(item, convert)) as Value;
  // Exact figures and other values with a class of their own are numbers, not text.
  const plain =
    value !== null &&
    typeof value === "object" &&
    [Object.prototype, null].includes(Object.getPrototypeOf(value));
  if (plain) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        // Where a text stands (a record file's path) is not text of the report.
        key === "file" ? inner : viewInScript(inner, convert),
      ]),
    ) as Value;
  }
  return value;
}
