import { strFromU8, strToU8, unzipSync } from "fflate";
import { escapeHtml } from "../core/escape.js";
import { traced } from "../core/trace.js";
import { type EmbeddedFont, embeddedFonts, obfuscated } from "./embedded-fonts.js";
import { offGrid } from "./styles.js";
import { zipEntries } from "./zip.js";

/**
 * The same records give the same bytes: the docx package as written, with its entries dated
 * with the report's date, the core properties' dates set to it, and the random ids the docx
 * library gives links and relationships (21 characters of nanoid) replaced by numbered ones in
 * the order they first appear.
 */
export async function deterministicPackage(
  packed: Uint8Array | ReadonlyMap<string, string | ArrayBufferLike | ArrayBufferView>,
  date: Date,
  options: {
    fonts?: ReadonlyArray<{ name: string; alternative: string }>;
    /** Whether the faces the document sets its text in go into it (embedded-fonts.ts). */
    embed?: boolean;
    /** The project's own font files, by family: embedded for the characters they set. */
    projectFonts?: ReadonlyMap<string, readonly string[]>;
  } = {},
): Promise<Uint8Array> {
  const fonts = options.fonts ?? [];
  const entries: Record<string, Uint8Array> =
    packed instanceof Uint8Array
      ? unzipSync(packed)
      : Object.fromEntries([...packed].map(([name, data]) => [name, bytesOf(data)]));
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
    if (name === "word/styles.xml") text = setAsPrinted(text);
    if (name === "docProps/core.xml") {
      text = text.replace(
        /(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g,
        `$1${stamp}$2`,
      );
    }
    files[name] = strToU8(text);
  }
  if (options.embed) {
    const parts = Object.fromEntries(
      names
        .filter((name) => /\.(xml|svg)$/.test(name))
        .map((name) => [name, strFromU8(files[name] as Uint8Array)]),
    );
    const embedded = await traced("docx: fonts", () =>
      embeddedFonts(parts, options.projectFonts ?? new Map()),
    );
    if (embedded.length > 0) {
      for (const [name, content] of Object.entries(withEmbedded(parts, embedded))) {
        if (!(name in files)) names.push(name);
        files[name] = typeof content === "string" ? strToU8(content) : content;
      }
      names.sort(partOrder);
    }
  }
  // DOS dates count from 1980: an earlier report date is written as 1980.
  const mtime = date.getTime() < Date.UTC(1980, 0, 2) ? new Date(Date.UTC(1980, 0, 2)) : date;
  // Pictures are compressed already: they are stored as they are, the rest deflated.
  const zipped = zipEntries(
    names.map((name) => ({
      name,
      data: files[name] as Uint8Array,
      level: /\.(png|jpe?g|gif)$/.test(name) ? 0 : 6,
    })),
    mtime,
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
  return withFontEntries(
    table,
    fonts.map(
      ({ name, alternative }) =>
        `<w:font w:name="${name}"><w:altName w:val="${alternative}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`,
    ),
  );
}

/** The font table with `entries` (`<w:font>` elements) added at its end. */
function withFontEntries(table: string, entries: readonly string[]): string {
  const closed = /<w:fonts([^>]*)\/>\s*$/;
  return closed.test(table)
    ? table.replace(closed, `<w:fonts$1>${entries.join("")}</w:fonts>`)
    : table.replace(/<\/w:fonts>\s*$/, `${entries.join("")}</w:fonts>`);
}

/**
 * The parts that change when fonts are embedded, and the font files: each face's file in
 * word/fonts/, obfuscated with its key; the font table naming them; its relationships; their
 * content type; and the settings that tell Word the document carries its fonts, in subsets.
 */
function withEmbedded(
  parts: Readonly<Record<string, string>>,
  fonts: readonly EmbeddedFont[],
): Record<string, string | Uint8Array> {
  const result: Record<string, string | Uint8Array> = {};
  const relationships: string[] = [];
  const byFamily = new Map<string, string[]>();
  fonts.forEach((font, index) => {
    const id = `rIdFont${index + 1}`;
    result[`word/fonts/font${index + 1}.odttf`] = obfuscated(font);
    relationships.push(
      `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/font" Target="fonts/font${index + 1}.odttf"/>`,
    );
    const element = font.bold ? "embedBold" : "embedRegular";
    const embeds = byFamily.get(font.family) ?? [];
    // embedRegular comes before embedBold, as the schema orders them.
    embeds[font.bold ? 1 : 0] =
      `<w:${element} r:id="${id}" w:fontKey="${font.key}" w:subsetted="1"/>`;
    byFamily.set(font.family, embeds);
  });
  result["word/fontTable.xml"] = withFontEntries(
    parts["word/fontTable.xml"] ?? "",
    [...byFamily].map(
      ([family, embeds]) =>
        `<w:font w:name="${escapeHtml(family)}"><w:charset w:val="00"/><w:family w:val="auto"/><w:pitch w:val="variable"/>${embeds.filter(Boolean).join("")}</w:font>`,
    ),
  );
  result["word/_rels/fontTable.xml.rels"] =
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships.join("")}</Relationships>`;
  const types = parts["[Content_Types].xml"] ?? "";
  result["[Content_Types].xml"] = types.includes('Extension="odttf"')
    ? types
    : types.replace(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
        '$&<Default ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont" Extension="odttf"/>',
      );
  // In the schema's order: after displayBackgroundShape, before defaultTabStop.
  result["word/settings.xml"] = (parts["word/settings.xml"] ?? "").replace(
    /<w:defaultTabStop /,
    "<w:embedTrueTypeFonts/><w:saveSubsetFonts/>$&",
  );
  return result;
}

/**
 * Paragraphs set as the PDF sets them, whatever the reader's defaults: no space put between
 * Chinese and Latin letters or figures (Word adds one; the PDF has none), no punctuation hanging
 * into the margin at the end of a line (Word hangs 、 and ， by default), and tables and captions
 * off the line grid. LibreOffice 7.4 reads neither of the first two: it ignores autoSpaceDE and
 * autoSpaceDN, and takes overflowPunct the other way round, so it hangs punctuation whatever
 * the file says (docs/docx.md).
 */
function setAsPrinted(styles: string): string {
  return styles
    .replace(
      /<w:pPrDefault><w:pPr>/,
      '$&<w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>',
    )
    .replace(/<w:style [^>]*w:styleId="([^"]+)"[\s\S]*?<\/w:style>/g, (style, id: string) =>
      offGrid.includes(id) ? style.replace(/<w:spacing /, '<w:snapToGrid w:val="0"/>$&') : style,
    );
}

/** [Content_Types].xml first, as Word writes it; the rest by name. */
function partOrder(a: string, b: string): number {
  const rank = (name: string) => (name === "[Content_Types].xml" ? 0 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A file of the package as bytes: text in UTF-8, as the docx library zips it. */
function bytesOf(data: string | ArrayBufferLike | ArrayBufferView): Uint8Array {
  if (typeof data === "string") return strToU8(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}
