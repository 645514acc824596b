/** Runs `work` over `items`, at most `limit` at a time. */
export async function inParallel<Item>(
  items: Item[],
  limit: number,
  work: (item: Item) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as Item;
      await work(item);
    }
  });
  await Promise.all(workers);
}
