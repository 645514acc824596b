/** The words a template adds in the report's locale, by key (`charts.relief.title`). */
export type Words = (key: string) => string;

/** A null-prototype map keyed by id: `__proto__` or `constructor` as an id stays plain data. */
export function byId<Item extends { id: string }>(items: readonly Item[]): Record<string, Item> {
  return keyed(items, (item) => item.id);
}

/** A null-prototype map of `items` by `key`; the first item of a key wins. */
export function keyed<Item>(
  items: readonly Item[],
  key: (item: Item) => string,
): Record<string, Item> {
  const map: Record<string, Item> = Object.create(null);
  for (const item of items) map[key(item)] ??= item;
  return map;
}

/**
 * A record as templates see it: every optional field there, `null` when the records leave it
 * out, so that `{{#if hours}}` works in strict templates while a misspelt field is still an
 * error. This is the type of what `withDeclaredFields` makes.
 */
export type Declared<T> = T extends readonly (infer Element)[]
  ? Declared<Element>[]
  : T extends object
    ? {
        [Key in keyof T]-?: undefined extends T[Key]
          ? Declared<Exclude<T[Key], undefined>> | null
          : Declared<T[Key]>;
      }
    : T;
