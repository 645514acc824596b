import { readFileSync } from "node:fs";
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  InternalHyperlink,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  SectionType,
  Tab,
  TableOfContents,
  TabStopType,
  TextRun,
} from "docx";
import type { Token } from "markdown-it";
import { measured, traced } from "../core/trace.js";
import { fontFamily } from "../fonts/cmap.js";
import type { View } from "../model/view.js";
import type { RenderedReport } from "../render/render.js";
import { chartPngs } from "./chart-png.js";
import { bodyContent } from "./content.js";
import { facesFor } from "./faces.js";
import { deterministicPackage } from "./package.js";
import { type PageSetup, pageSetup, styles } from "./styles.js";
import { rareFaces, textRuns } from "./text-runs.js";

/**
 * report.docx: the report as a Word document, made from the same rendered Markdown and view as
 * the other outputs with the `docx` package. Real styles (Word's built-in ids, so a Chinese
 * Word finds them), a contents field filled in with the PDF's pages, the page set up as the
 * theme's PDF is, and the same bytes from the same records.
 */
export interface DocxInput {
  view: View;
  report: RenderedReport;
  /**
   * The report's Markdown as parsed by reportMarkdown (render/markdown.ts, the parser the HTML
   * is rendered by) with these very charts: parsed in the main bundle, so that this one holds
   * no Markdown parser.
   */
  tokens: Token[];
  /** Each chart the report shows, by name: its SVG. */
  charts: ReadonlyMap<string, string>;
  /** The page each section starts on in the PDF, when one was printed or recorded. */
  pages: ReadonlyMap<string, number> | undefined;
  /** Each table's column widths as the PDF's print laid them out, in order; [] when unknown. */
  tableColumns: readonly number[][];
  /** The document's date: the PDF's. */
  date: Date;
  title: string;
  /** The words the report's locale gives: the contents' title, the cover's imprint (lines). */
  contentsTitle: string;
  imprint: readonly string[];
  /** What joins a heading's two lines when they stand on one line. */
  lineJoin: string;
  producer: string;
}

export async function renderDocx(input: DocxInput): Promise<Uint8Array> {
  const { view, report } = input;
  const setup = pageSetup(view);
  const faces = facesFor(view, report.markdown);
  let start = performance.now();
  // The project's own fonts, each with the family name Word will know it by.
  const ownFonts = (report.fonts ?? []).map((file) => ({
    file,
    family: fontFamily(readFileSync(file)),
  }));
  const projectFonts = new Map<string, string[]>();
  for (const { file, family } of ownFonts) {
    if (family) projectFonts.set(family, [...(projectFonts.get(family) ?? []), file]);
  }
  const named = new Set(
    [faces.body, faces.title, faces.heading, faces.second].flatMap((face) => [
      face.ascii,
      face.eastAsia,
    ]),
  );
  const rare = rareFaces(report.html, ownFonts, named);
  measured("docx: rare characters", start);
  const { tokens } = input;
  const bookmarks = report.headings.map((heading) => bookmarkOf(heading.id));
  const pngs = await traced("docx: chart pictures", () => chartPngs(input.charts, view.language));
  const charts = new Map(
    [...input.charts].map(([name, svg]) => {
      const width = Number(/<svg[^>]*\swidth="(\d+)"/.exec(svg)?.[1] ?? 640);
      const height = Number(/<svg[^>]*\sheight="(\d+)"/.exec(svg)?.[1] ?? 300);
      const png = pngs.get(name) ?? Buffer.alloc(0);
      return [name, { svg: Buffer.from(svg), png, width, height }];
    }),
  );
  const { cover: title, body } = bodyContent({
    tokens,
    bookmarks,
    lineJoin: input.lineJoin,
    stacked: view.theme !== "official",
    rare,
    // Half an em of the tables' 12 pt (official) or 10 pt.
    tableCharacter: view.theme === "official" ? 120 : 100,
    tableColumns: input.tableColumns,
    titleStyle: view.theme !== "official" && !view.cover_page ? "Masthead" : "Title",
    charts,
    textWidth: setup.textWidthPx,
  });
  // The cover: the title and the subtitle lines, then the imprint.
  const cover = [
    ...title,
    new Paragraph({
      style: "Imprint",
      children: input.imprint.flatMap((line, index) => [
        ...(index > 0 ? [new TextRun({ break: 1 })] : []),
        ...textRuns(line, {}, rare),
      ]),
    }),
  ];
  const depth = view.contents_depth;
  const entries = report.headings
    .filter(({ level }) => level >= 2 && level <= depth + 1)
    .map((heading) => ({
      title: heading.text,
      level: heading.level - 1,
      href: bookmarkOf(heading.id),
      ...(input.pages?.get(heading.id) ? { page: input.pages.get(heading.id) } : {}),
    }));
  const footer = (alignment: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
    new Footer({
      children: [
        new Paragraph({
          style: "PageNumber",
          alignment,
          children: [new TextRun({ children: ["— ", PageNumber.CURRENT, " —"] })],
        }),
      ],
    });
  const official = view.theme === "official";
  const page = sectionPage(setup);
  const document = new Document({
    title: input.title,
    creator: view.organisation,
    subject: view.subject,
    keywords: view.keywords.join(" "),
    description: view.subject,
    lastModifiedBy: input.producer,
    revision: 1,
    styles: styles(view, setup, faces),
    evenAndOddHeaderAndFooters: official,
    features: {
      updateFields:
        !official && view.contents_page && entries.some((entry) => entry.page === undefined),
    },
    numbering: {
      config: [
        {
          reference: "bullet",
          levels: [0, 1, 2].map((level) => ({
            level,
            format: LevelFormat.BULLET,
            text: ["•", "◦", "▪"][level] as string,
            alignment: AlignmentType.LEFT,
            style: {
              paragraph: { indent: { left: 420 * (level + 1), hanging: 420 } },
              // The bullets in the body's face: a reader's own symbol font is not the PDF's.
              run: {
                font: {
                  ascii: faces.body.ascii,
                  hAnsi: faces.body.ascii,
                  eastAsia: faces.body.eastAsia,
                },
              },
            },
          })),
        },
        {
          reference: "ordered",
          levels: [0, 1, 2].map((level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            alignment: AlignmentType.LEFT,
            style: { paragraph: { indent: { left: 420 * (level + 1), hanging: 420 } } },
          })),
        },
      ],
    },
    sections: official
      ? [
          {
            properties: { ...page },
            footers: { default: footer(AlignmentType.RIGHT), even: footer(AlignmentType.LEFT) },
            // GB/T 9704: the title heads the first page; no cover, subtitle or contents page.
            children: [...title.slice(0, 1), ...body],
          },
        ]
      : [
          ...(view.cover_page ? [{ properties: { ...page }, children: cover }] : []),
          ...(view.contents_page
            ? [
                {
                  properties: { ...page, type: SectionType.NEXT_PAGE },
                  children: [
                    new Paragraph({
                      style: "TOCHeading",
                      children: [new TextRun(input.contentsTitle)],
                    }),
                    // The entries written in: a tab to the text block's right edge, dots, the page.
                    new TableOfContents(input.contentsTitle, {
                      hyperlink: true,
                      headingStyleRange: `1-${depth}`,
                      contentChildren: entries.map(
                        (entry) =>
                          new Paragraph({
                            style: `TOC${entry.level}`,
                            tabStops: [
                              {
                                type: TabStopType.RIGHT,
                                position: Math.round((setup.textWidthPx * 1440) / 96),
                                leader: "dot",
                              },
                            ],
                            children: [
                              new InternalHyperlink({
                                anchor: entry.href,
                                children: [
                                  ...textRuns(entry.title, {}, rare),
                                  new TextRun({ children: [new Tab(), String(entry.page ?? "")] }),
                                ],
                              }),
                            ],
                          }),
                      ),
                    }),
                  ],
                },
              ]
            : []),
          {
            properties: {
              ...page,
              ...(view.cover_page || view.contents_page ? { type: SectionType.NEXT_PAGE } : {}),
            },
            footers: { default: footer(AlignmentType.CENTER) },
            // Without a cover page, the title heads the first page.
            children: view.cover_page ? body : [...title, ...body],
          },
        ],
  });
  start = performance.now();
  const packed = await packageFiles(document);
  measured("docx: pack", start);
  return deterministicPackage(packed, input.date, {
    fonts: faces.alternatives,
    embed: view.docx_fonts === "embedded",
    projectFonts,
  });
}

function sectionPage(setup: PageSetup) {
  return {
    page: {
      size: setup.paper,
      margin: { ...setup.margins, header: twips(12) },
    },
    ...(setup.grid
      ? {
          grid: { type: DocumentGridType.LINES, linePitch: setup.grid.linePitch },
        }
      : {}),
  };
}

/** Millimetres in twentieths of a point, rounded: A4 is 11906 × 16838. */
function twips(millimetres: number): number {
  return Math.round((millimetres * 1440) / 25.4);
}

/** Word's bookmarks: letters, digits and underscores, up to 40; hidden when they start with _. */
function bookmarkOf(id: string): string {
  return `_Toc_${id.replace(/[^A-Za-z0-9_]/g, "_")}`.slice(0, 40);
}

/**
 * The files of the document's package. The docx library zips them (Packer), and the package is
 * then written again to be the same bytes every time (package.ts): its compiler's files are
 * taken as they are where the library has one, which spares zipping them twice and unzipping
 * them once; the zipped package otherwise.
 */
async function packageFiles(
  document: Document,
): Promise<Uint8Array | ReadonlyMap<string, string | ArrayBufferLike | ArrayBufferView>> {
  const compiler = (Packer as unknown as { compiler?: { compile?: unknown } }).compiler;
  if (typeof compiler?.compile === "function") {
    const files = (compiler.compile as (file: Document) => unknown).call(compiler, document);
    if (files instanceof Map) return files as ReadonlyMap<string, string | ArrayBufferView>;
  }
  return Packer.toBuffer(document);
}
