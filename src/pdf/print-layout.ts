import type { Page } from "puppeteer-core";

/**
 * The report laid out as a printed page's text is wide, before it prints:
 *
 * - the widths the browser gives the columns of each table (in CSS pixels, by the cells of the
 *   first row) when the table is as wide as the text, which report.docx shares its columns by;
 * - every paragraph too short to break as its orphans and widows allow (three lines, with both
 *   at 2) is kept whole on its page. Chromium honours orphans and gives up widows when a short
 *   paragraph cannot satisfy both, leaving the last line alone at the top of the next page,
 *   though the paragraph could move whole (with the heading before it) to that page.
 *
 * Gives the tables' columns and how many paragraphs are kept whole.
 */
export async function printLayout(page: Page): Promise<{ columns: number[][]; kept: number }> {
  return page.evaluate(() => {
    // The text width of a page, from the @page rules in force: the paper less its side margins.
    const paper: Record<string, [string, string]> = {
      a5: ["148mm", "210mm"],
      a4: ["210mm", "297mm"],
      a3: ["297mm", "420mm"],
      b5: ["176mm", "250mm"],
      b4: ["250mm", "353mm"],
      letter: ["8.5in", "11in"],
      legal: ["8.5in", "14in"],
      ledger: ["11in", "17in"],
    };
    let size = "210mm";
    let left = "0px";
    let right = "0px";
    const visit = (rules: CSSRuleList) => {
      for (const rule of rules) {
        if (rule instanceof CSSMediaRule) {
          if (matchMedia(rule.media.mediaText).matches) visit(rule.cssRules);
        } else if (rule instanceof CSSPageRule && rule.selectorText === "") {
          const words = rule.style.getPropertyValue("size").trim().toLowerCase().split(/\s+/);
          const named = words.map((word) => paper[word]).find(Boolean);
          const lengths = words.filter((word) => /^[\d.]+[a-z]+$/.test(word));
          if (named) size = named[words.includes("landscape") ? 1 : 0];
          else if (lengths[0]) size = lengths[0];
          left = rule.style.getPropertyValue("margin-left") || left;
          right = rule.style.getPropertyValue("margin-right") || right;
        }
      }
    };
    for (const sheet of document.styleSheets) visit(sheet.cssRules);
    const width = `calc(${size} - ${left} - ${right})`;

    const columns = [...document.querySelectorAll<HTMLTableElement>(".table-scroll > table")].map(
      (table) => {
        const before = table.getAttribute("style");
        table.style.width = width;
        const cells = [...(table.rows[0]?.cells ?? [])];
        const widths = cells.map((cell) => cell.getBoundingClientRect().width);
        if (before === null) table.removeAttribute("style");
        else table.setAttribute("style", before);
        return widths;
      },
    );

    // The body as wide as a page's text, while its paragraphs' lines are counted.
    const body = document.body;
    const bodyStyle = body.getAttribute("style");
    body.style.width = width;
    body.style.boxSizing = "content-box";
    const short: HTMLElement[] = [];
    for (const paragraph of document.querySelectorAll<HTMLElement>("main p, .intro p")) {
      const style = getComputedStyle(paragraph);
      const lineHeight = Number.parseFloat(style.lineHeight);
      if (!(lineHeight > 0) || style.breakInside !== "auto") continue;
      const lines = Math.round(paragraph.getBoundingClientRect().height / lineHeight);
      if (lines >= 2 && lines < Number(style.orphans) + Number(style.widows)) short.push(paragraph);
    }
    if (bodyStyle === null) body.removeAttribute("style");
    else body.setAttribute("style", bodyStyle);
    for (const paragraph of short) paragraph.style.breakInside = "avoid";
    return { columns, kept: short.length };
  });
}
