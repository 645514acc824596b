import type { Page } from "puppeteer-core";

/**
 * The widths the browser gives the columns of each of the report's tables (in CSS pixels, by
 * the cells of the first row) when the table is as wide as a printed page's text: report.docx
 * shares its columns the same way. A table is set to that width only while it is measured.
 */
export async function tableColumns(page: Page): Promise<number[][]> {
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
    return [...document.querySelectorAll<HTMLTableElement>(".table-scroll > table")].map(
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
  });
}
