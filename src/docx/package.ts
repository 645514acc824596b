import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";

/**
 * The same records give the same bytes: the docx package as written, with its entries dated
 * with the report's date, the core properties' dates set to it, and the random ids the docx
 * library gives links and relationships (21 characters of nanoid) replaced by numbered ones in
 * the order they first appear.
 */
export function deterministicPackage(
  packed: Uint8Array,
  date: Date,
  fonts: ReadonlyArray<{ name: string; alternative: string }> = [],
): Uint8Array {
  const entries = unzipSync(packed);
  const names = Object.keys(entries).sort(partOrder);
  const ids = new Map<string, string>();
  const stamp = date.toISOString().replace(/\.\d{3}Z$/, "Z");
  const files: Record<string, Uint8Array> = {};
  for (const name of names) {
    const data = entries[name] as Uint8Array;
    if (!/\.(xml|rels)$/.test(name)) {
      files[name] = data;
      continue;
    }
    let text = strFromU8(data);
    text = text.replace(/(?<=["#])[a-z0-9_-]{21}(?=")/g, (id) => {
      if (!/[0-9_-]/.test(id) && !/[a-z]{5}/.test(id)) return id;
      let next = ids.get(id);
      if (!next) {
        next = `rIdReport${ids.size + 1}`;
        ids.set(id, next);
      }
      return next;
    });
    if (name === "word/fontTable.xml" && fonts.length > 0) text = withFonts(text, fonts);
    if (name === "docProps/core.xml") {
      text = text.replace(
        /(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g,
        `$1${stamp}$2`,
      );
    }
    files[name] = strToU8(text);
  }
  // DOS dates count from 1980: an earlier report date is written as 1980.
  const mtime = date.getTime() < Date.UTC(1980, 0, 2) ? new Date(Date.UTC(1980, 0, 2)) : date;
  // Pictures are compressed already: they are stored as they are, the XML deflated.
  return zipSync(
    Object.fromEntries(
      names.map((name) => [
        name,
        [files[name] as Uint8Array, { mtime, level: /\.(xml|rels)$/.test(name) ? 6 : 0 }],
      ]),
    ),
  );
}

/**
 * The font table naming each East Asian face the styles use, with the face Word takes in its
 * place on a machine without it (one alternative is all Word reads).
 */
function withFonts(table: string, fonts: ReadonlyArray<{ name: string; alternative: string }>) {
  const entries = fonts
    .map(
      ({ name, alternative }) =>
        `<w:font w:name="${name}"><w:altName w:val="${alternative}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`,
    )
    .join("");
  const closed = /<w:fonts([^>]*)\/>\s*$/;
  return closed.test(table)
    ? table.replace(closed, `<w:fonts$1>${entries}</w:fonts>`)
    : table.replace(/<\/w:fonts>\s*$/, `${entries}</w:fonts>`);
}

/** [Content_Types].xml first, as Word writes it; the rest by name. */
function partOrder(a: string, b: string): number {
  const rank = (name: string) => (name === "[Content_Types].xml" ? 0 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
