import { z } from "zod";
import { field, id, text } from "./common.js";

const paragraphs = (chinese: string, english: string) =>
  z.array(text).meta({
    description: `${chinese},每段是 Markdown,可用 {{money …}} 等取用紀錄中的數字 — ${english}; each paragraph is Markdown and may take figures from the records with {{money …}} and the other helpers`,
  });

const heading = field(
  z.array(text).min(1, "a heading of one or two lines").max(2, "a heading of one or two lines"),
  "標題,一或兩行",
  "the heading, one or two lines",
  [["堅持履職為民", "彰顯政協責任擔當"]],
);

/** The deepest level of headings: 一、 → (一) → 1. → (1). */
export const maxSectionDepth = 4;

/** A part of a section: (一) under 一、, 1. under (一), (1) under 1. */
export interface Subsection {
  id?: string | undefined;
  heading: string[];
  paragraphs: string[];
  sections?: Subsection[] | undefined;
}

const subsection: z.ZodType<Subsection> = z.lazy(() =>
  z.strictObject({
    id: field(
      id.optional(),
      "小節代號,用作連結錨點;可不填",
      "the subsection's id, for links to it; may be left out",
      ["members"],
    ),
    heading,
    paragraphs: paragraphs("正文段落", "the subsection's paragraphs").default([]),
    sections: field(
      z.array(subsection).optional(),
      "下一級小節",
      "the subsections of the next level down",
    ),
  }),
);

/**
 * `narrative.yaml`: the prose. Each paragraph is Markdown and may name figures from the other
 * records with template expressions such as `{{money relief.programmes.cataract.amount}}`.
 * Sections may hold subsections, down to four levels (一、 → (一) → 1. → (1)).
 */
export const narrativeSchema = z.strictObject({
  intro: paragraphs("引言段落", "the opening paragraphs").default([]),
  sections: field(
    z
      .array(
        z
          .strictObject({
            id: field(
              id,
              "章節代號;templates/sections/<代號>.md.hbs 存在時用它排版",
              "the section's id; templates/sections/<id>.md.hbs lays it out when there is one",
              ["people"],
            ),
            heading,
            paragraphs: paragraphs("正文段落", "the section's paragraphs").default([]),
            sections: field(
              z.array(subsection).optional(),
              "小節:(一)、(二)……,其下可再分 1.、2.……",
              "subsections: (一), (二) …, which may hold 1., 2. … in turn",
            ),
          })
          .refine(
            (section) => section.paragraphs.length > 0 || (section.sections?.length ?? 0) > 0,
            "at least one paragraph or subsection",
          ),
      )
      .min(1, "at least one section"),
    "章節,依序",
    "the sections, in order",
  ),
  closing: paragraphs("結語段落", "the closing paragraphs").default([]),
});

export type NarrativeRecord = z.infer<typeof narrativeSchema>;
export type SectionRecord = NarrativeRecord["sections"][number];
