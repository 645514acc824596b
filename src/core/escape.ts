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
