import type { PDFDocument } from "pdf-lib";
import type { Page } from "puppeteer-core";
import { measured } from "../core/trace.js";

/**
 * The front matter of a printed report, the cover and the contents: whether the report shows a
 * contents page, and the page's state for printing them alone (print.ts).
 */

/** The front matter a kept page last printed alone, and what it was printed from. */
export interface KeptFront {
  key?: string;
  document?: PDFDocument;
}

/**
 * What the front matter is printed from: the contents with its numbers, everything before it
 * (the cover), and the address relative links start from. The page's head is the kept page's.
 */
export async function frontMatterKey(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.baseURI];
    let node: Element | null = document.querySelector("nav.contents");
    if (node) parts.push(node.outerHTML);
    while (node && node !== document.body) {
      for (let before = node.previousElementSibling; before; before = before.previousElementSibling)
        parts.push(before.outerHTML);
      node = node.parentElement;
    }
    return parts.join("\n");
  });
}

/** What the report shows before its body, as printed. */
export interface FrontMatter {
  /** Whether a contents page is shown (the official theme has none). */
  shown: boolean;
  /** Whether the cover and contents may be printed alone: no page rule counts all pages. */
  separable: boolean;
}

/** Read in print media, which the page is in from the start (preparePage). */
export async function frontMatter(page: Page): Promise<FrontMatter> {
  return page.evaluate(() => {
    const contents = document.querySelector("nav.contents");
    // Its style alone (no layout): hidden itself, or inside something hidden.
    let shown = contents !== null;
    for (let node = contents; node && shown; node = node.parentElement) {
      shown = getComputedStyle(node).display !== "none";
    }
    const texts: string[] = [];
    const collect = (rules: CSSRuleList) => {
      for (const rule of rules) {
        texts.push(rule.cssText);
        if ("cssRules" in rule) collect(rule.cssRules as CSSRuleList);
      }
    };
    for (const sheet of document.styleSheets) collect(sheet.cssRules);
    return { shown, separable: !texts.some((text) => /counter\(\s*pages\s*\)/.test(text)) };
  });
}

/**
 * Hides everything after the contents, so that a print lays out and prints only the cover and
 * the contents, and gives what shows it again. Showing it again costs a restyle of the whole
 * report, so it is left to the one case that prints the whole report again: a fresh page is
 * closed after printing, and a kept one (KeptPagePrinter) has its body replaced before its next
 * print.
 */
export async function hideAfterContents(page: Page): Promise<() => Promise<void>> {
  const start = performance.now();
  const hidden = await page.evaluateHandle(() => {
    const hidden: Array<[HTMLElement, string | null]> = [];
    let node: Element | null = document.querySelector("nav.contents");
    while (node && node !== document.documentElement) {
      for (let next = node.nextElementSibling; next; next = next.nextElementSibling) {
        if (!(next instanceof HTMLElement)) continue;
        hidden.push([next, next.getAttribute("style")]);
        next.style.setProperty("display", "none", "important");
      }
      node = node.parentElement;
    }
    return hidden;
  });
  measured("print: hide the body", start);
  return async () => {
    await hidden.evaluate((list) => {
      for (const [element, style] of list) {
        if (style === null) element.removeAttribute("style");
        else element.setAttribute("style", style);
      }
    });
    await hidden.dispose();
  };
}
