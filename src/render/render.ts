import type { View } from "../model/view.js";
import { headingLineBreak, renderMarkdown } from "./markdown.js";
import type { TemplateEngine } from "./templates.js";

export interface RenderedReport {
  markdown: string;
  html: string;
}

/**
 * The Markdown is the single content source; the HTML is that Markdown through markdown-it,
 * placed in the layout with the stylesheet inline and a contents list of the sections.
 */
export function renderReport(
  view: View,
  engine: TemplateEngine,
  recordTexts: ReadonlyMap<string, string> = new Map(),
): RenderedReport {
  const markdown = engine.render("report.md.hbs", view, recordTexts);
  const ids = new Map<string, string>([
    [`${view.organisation}${headingLineBreak}${view.title}`, "title"],
    ...view.sections.map((section): [string, string] => [
      section.heading.join(headingLineBreak),
      section.id,
    ]),
  ]);
  const { html: content, headings } = renderMarkdown(markdown, ids);
  const firstSection = content.indexOf("<h2");
  const front = firstSection === -1 ? content : content.slice(0, firstSection);
  const body = firstSection === -1 ? "" : content.slice(firstSection);
  // The cover holds the title and the subtitle lines right after it; the rest of the front
  // matter is the introduction, which follows the contents.
  const coverEnd =
    front.match(/^\s*<h1[\s\S]*?<\/h1>\s*(<blockquote>[\s\S]*?<\/blockquote>)?/)?.[0].length ?? 0;
  const html = engine.render("layout.html.hbs", {
    ...view,
    // A theme other than the default adds its stylesheet after the default one.
    css:
      view.theme === "default"
        ? engine.text("report.css")
        : `${engine.text("report.css")}\n${engine.text(`themes/${view.theme}.css`)}`,
    cover: front.slice(0, coverEnd),
    intro: front.slice(coverEnd).trim(),
    body,
    contents: headings.filter((heading) => heading.level === 2),
  });
  return { markdown, html };
}
