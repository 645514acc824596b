/**
 * The XMP metadata packet of report.pdf (ISO 16684-1): the same title, author, subject, keywords,
 * language and dates as the document information dictionary, and the claims of conformance to
 * PDF/A-2 (ISO 19005-2) and PDF/UA-1 (ISO 14289-1). PDF/A wants a schema description for every
 * property outside the schemas it predefines: pdfuaid is one.
 */
/** What a report's PDF says about itself, in its information dictionary and its XMP alike. */
export interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  language: string;
  /** Creation and modification date: from SOURCE_DATE_EPOCH or the records, never "now". */
  date: Date;
  producer: string;
}

export interface XmpFields extends DocumentInfo {
  creatorTool: string;
  /** PDF/A-2 level: U when every font maps its glyphs to Unicode, else B. */
  conformance: "B" | "U";
}

export function xmpPacket(fields: XmpFields): string {
  const date = xmpDate(fields.date);
  const text = (value: string) => escapeXml(value);
  const alt = (value: string) =>
    `<rdf:Alt><rdf:li xml:lang="x-default">${text(value)}</rdf:li></rdf:Alt>`;
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"',
    ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"',
    ' xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"',
    ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"',
    ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">',
    "<dc:format>application/pdf</dc:format>",
    `<dc:title>${alt(fields.title)}</dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${text(fields.author)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:description>${alt(fields.subject)}</dc:description>`,
    `<dc:language><rdf:Bag><rdf:li>${text(fields.language)}</rdf:li></rdf:Bag></dc:language>`,
    fields.keywords.length > 0
      ? `<dc:subject><rdf:Bag>${fields.keywords.map((word) => `<rdf:li>${text(word)}</rdf:li>`).join("")}</rdf:Bag></dc:subject>`
      : "",
    `<pdf:Keywords>${text(fields.keywords.join(" "))}</pdf:Keywords>`,
    `<pdf:Producer>${text(fields.producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${text(fields.creatorTool)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    "<pdfaid:part>2</pdfaid:part>",
    `<pdfaid:conformance>${fields.conformance}</pdfaid:conformance>`,
    "<pdfuaid:part>1</pdfuaid:part>",
    "<pdfaExtension:schemas><rdf:Bag>",
    '<rdf:li rdf:parseType="Resource">',
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>",
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>",
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>",
    "<pdfaSchema:property><rdf:Seq>",
    '<rdf:li rdf:parseType="Resource">',
    "<pdfaProperty:name>part</pdfaProperty:name>",
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>",
    "<pdfaProperty:category>internal</pdfaProperty:category>",
    "<pdfaProperty:description>Part of ISO 14289 the document conforms to</pdfaProperty:description>",
    "</rdf:li>",
    "</rdf:Seq></pdfaSchema:property>",
    "</rdf:li>",
    "</rdf:Bag></pdfaExtension:schemas>",
    "</rdf:Description>",
    "</rdf:RDF>",
    "</x:xmpmeta>",
    '<?xpacket end="r"?>',
  ]
    .filter(Boolean)
    .join("\n");
}

/** An XMP date to the second in UTC, the same instant as the information dictionary's. */
function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function escapeXml(value: string): string {
  return (
    value
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      // Characters XML 1.0 cannot hold at all.
      .replace(/[^\t\n\r\u0020-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
  );
}
