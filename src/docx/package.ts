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
    // An id stands alone ("…", #…) or after rId (an external link's relationship, rId…).
    text = text.replace(/(?<=["#])(rId)?([a-z0-9_-]{21})(?=")/g, (whole, _prefix, id: string) => {
      if (!/[0-9_-]/.test(id) && !/[a-z]{5}/.test(id)) return whole;
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
  const zipped = zipSync(
    Object.fromEntries(
      names.map((name) => [
        name,
        [files[name] as Uint8Array, { mtime, level: /\.(xml|rels)$/.test(name) ? 6 : 0 }],
      ]),
    ),
  );
  return withDosTime(zipped, mtime);
}

/**
 * The zip's entries dated `date` as UTC reads it. The zip format keeps a DOS date and time
 * without a zone, which fflate fills from the machine's local time: the same report built
 * under another TZ would differ. Every local header and central directory record is restamped.
 */
function withDosTime(zip: Uint8Array, date: Date): Uint8Array {
  const time =
    (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const day =
    ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // A record's signature, and where its time stands (its date follows): local headers at 10,
  // central directory records at 12.
  const records: Array<[number, number]> = [
    [0x04034b50, 10],
    [0x02014b50, 12],
  ];
  let offset = 0;
  while (offset + 46 <= zip.byteLength) {
    const signature = view.getUint32(offset, true);
    const record = records.find(([expected]) => expected === signature);
    if (!record) break;
    view.setUint16(offset + record[1], time, true);
    view.setUint16(offset + record[1] + 2, day, true);
    const nameLength = view.getUint16(offset + (record[1] === 10 ? 26 : 28), true);
    const extraLength = view.getUint16(offset + (record[1] === 10 ? 28 : 30), true);
    if (record[1] === 10) {
      offset += 30 + nameLength + extraLength + view.getUint32(offset + 18, true);
    } else {
      offset += 46 + nameLength + extraLength + view.getUint16(offset + 32, true);
    }
  }
  return zip;
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
