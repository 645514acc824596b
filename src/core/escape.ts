/**
 * Record values are data, not markup: every value a Markdown template inserts passes through
 * here, so a `*` or a `<script>` in a title prints as itself. CommonMark lets any ASCII
 * punctuation be escaped with a backslash; these are the ones that can start markup.
 */
export function escapeMarkdown(text: string): string {
  // Every line terminator Markdown or a browser might honour becomes a space: a lone CR too.
  return text.replace(/[\\`*_[\]<>#|~&!]/g, "\\$&").replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, " ");
}

/** Text for HTML (and SVG) content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/**
 * Text with its character references resolved: numeric ones (`&#22283;`, `&#x570B;`) and the
 * named ones HTML and XML writers use (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;`); any
 * other reference, or a number past Unicode, stays as it is.
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X"
          ? Number.parseInt(name.slice(2), 16)
          : Number.parseInt(name.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return named.get(name.toLowerCase()) ?? entity;
  });
}

const named = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
  ["nbsp", "\u00a0"],
]);
