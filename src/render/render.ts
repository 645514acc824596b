import { headingJoin, recordedDate } from "../model/document.js";
import type { SectionView, View } from "../model/view.js";
import { keptCss } from "./kept-figures.js";
import { type Heading, headingLineBreak, lineJoinCss, renderMarkdown } from "./markdown.js";
import { withFrontMatter } from "./portable.js";
import type { TemplateEngine } from "./templates.js";

export interface RenderedReport {
  markdown: string;
  html: string;
  /** The Markdown as the templates wrote it, which every output is made from. */
  source: string;
  /** Every heading, in order: its level (1 for the title), id, and lines as one line of text. */
  headings: Array<{ level: number; id: string; text: string }>;
  /** The project's own font files (absolute), for characters the report's fonts lack. */
  fonts?: string[];
}

/** An entry of the contents: a heading, and the entries of the level below when listed. */
export interface ContentsEntry extends Heading {
  children: ContentsEntry[];
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
  const written = engine.render("report.md.hbs", view, recordTexts);
  const ids = new Map<string, string>([
    [`${view.organisation}${headingLineBreak}${view.title}`, "title"],
  ]);
  const visit = (sections: SectionView[]) => {
    for (const section of sections) {
      const text = `${section.number}${section.heading.join(headingLineBreak)}`;
      if (!ids.has(text)) ids.set(text, section.id);
      visit(section.sections);
    }
  };
  visit(view.sections);
  const charts = new Set(Object.keys(view.charts).filter((name) => view.charts[name]));
  const {
    html: content,
    headings,
    portable,
  } = renderMarkdown(written, ids, charts, headingJoin(view.language));
  const markdown = withFrontMatter(portable, {
    title: view.document_title,
    author: view.organisation,
    date: recordedDate(view).toISOString().slice(0, 10),
    lang: view.language,
    subject: view.subject,
    keywords: view.keywords,
  });
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
    css: [
      lineJoinCss,
      keptCss,
      engine.text("report.css"),
      ...(view.theme === "default" ? [] : [engine.text(`themes/${view.theme}.css`)]),
      // The config's paper and margins, over whatever stylesheet the project uses.
      ...(view.page.css ? [view.page.css] : []),
    ].join("\n"),
    cover: front.slice(0, coverEnd),
    intro: front.slice(coverEnd).trim(),
    body,
    contents: view.contents_page ? contentsOf(headings, view.contents_depth) : [],
  });
  const join = headingJoin(view.language);
  return {
    markdown,
    html,
    source: written,
    headings: headings.map(({ level, id, lines }) => ({ level, id, text: lines.join(join) })),
  };
}

/** The headings the contents lists: sections (h2), and their subsections (h3) at depth 2. */
function contentsOf(headings: Heading[], depth: number): ContentsEntry[] {
  const entries: ContentsEntry[] = [];
  for (const heading of headings) {
    if (heading.level === 2) entries.push({ ...heading, children: [] });
    else if (heading.level === 3 && depth >= 2) {
      entries[entries.length - 1]?.children.push({ ...heading, children: [] });
    }
  }
  return entries;
}
