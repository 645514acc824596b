import path from "node:path";
import { stringify } from "yaml";
import { UsageError } from "../core/errors.js";
import { displayPath } from "../core/paths.js";
import { replaceFile } from "../output/replace.js";
import { findProject, isFile, recordsFolder } from "../project/config.js";
import { schemaComment } from "../schema/json-schema.js";
import type { Draft, DraftBlock } from "./draft.js";
import type { Judged } from "./match.js";

interface Section {
  id: string;
  heading: string[];
  paragraphs: string[];
}

/**
 * narrative.yaml made from a draft: its headings become sections, the paragraphs before the
 * first heading the introduction, and each figure that agrees with the records is replaced by
 * the reference that prints it (`{{money relief.programmes.cataract.amount}}`) where the draft
 * prints exactly what that reference prints. Figures that disagree or that no record holds stay
 * typed, for `report validate` to point at. An existing narrative.yaml is replaced only with
 * `force`, and kept beside it as .bak.
 */
export async function writeNarrative(
  options: { cwd: string; data?: string },
  year: number,
  draft: Draft,
  judged: Judged[],
  force: boolean,
): Promise<{ file: string; backup?: string }> {
  const project = await findProject(options.cwd);
  const show = (file: string) => displayPath(options.cwd, file);
  const target = path.join(recordsFolder(project, options), String(year), "narrative.yaml");
  if ((await isFile(target)) && !force) {
    throw new UsageError(
      `${show(target)} exists already; report check --write-narrative replaces it only with --force (it is then kept as ${show(`${target}.bak`)})`,
    );
  }
  const narrative = narrativeOf(draft, judged);
  const text = `${schemaComment(target, project.schemasDir)}\n# Written from ${path.basename(draft.file)} by report check: figures that agree with the records are\n# references; figures typed as text are still to be checked.\n${stringify(narrative, { lineWidth: 0, blockQuote: "literal" })}`;
  const backup = await replaceFile(target, text, show);
  return { file: show(target), ...(backup ? { backup: show(backup) } : {}) };
}

export function narrativeOf(
  draft: Draft,
  judged: Judged[],
): { intro: string[]; sections: Section[]; closing: string[] } {
  const intro: string[] = [];
  const sections: Section[] = [];
  let heading: string[] = [];
  let current: Section | undefined;
  let seenParagraph = false;
  for (const block of draft.blocks) {
    if (block.kind === "heading") {
      heading.push(...headingLines(block.text));
      continue;
    }
    const paragraph = paragraphOf(block, judged);
    if (heading.length > 0 && seenParagraph) {
      current = {
        id: `section_${sections.length + 1}`,
        heading: twoLines(heading),
        paragraphs: [],
      };
      sections.push(current);
    }
    // Headings before the first paragraph are the report's title, which report.yaml holds.
    heading = [];
    seenParagraph = true;
    if (current) current.paragraphs.push(paragraph);
    else intro.push(paragraph);
  }
  if (sections.length === 0) {
    sections.push({ id: "section_1", heading: ["—"], paragraphs: intro.splice(0) });
  }
  return { intro, sections, closing: [] };
}

/** 一、堅持履職為民　彰顯政協責任擔當 → its lines without the numbering the templates add. */
function headingLines(text: string): string[] {
  const bare = text.replace(
    /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])\s*/,
    "",
  );
  return bare.split(/\u3000+/).filter(Boolean);
}

function twoLines(lines: string[]): string[] {
  return lines.length <= 2 ? lines : [lines[0] as string, lines.slice(1).join("\u3000")];
}

/** A paragraph of the draft as narrative Markdown, agreeing figures as references. */
function paragraphOf(block: DraftBlock, judged: Judged[]): string {
  const inBlock = judged
    .filter((entry) => entry.figure.block === block)
    .sort((a, b) => a.figure.start - b.figure.start);
  const replaced: Array<{ start: number; end: number; call: string }> = [];
  for (const entry of inBlock) {
    const printed = entry.known?.printed;
    if (entry.verdict !== "agrees" || !printed) continue;
    const start = block.text.lastIndexOf(printed.text, entry.figure.start);
    const end = start + printed.text.length;
    // The call prints exactly this text, so the span may stop short of the figure's unit
    // ({{year}} in 2022年): what the narrative prints stays the same.
    if (start === -1 || end <= entry.figure.start) continue;
    if (replaced.some((span) => span.end > start)) continue;
    const inside = inBlock.filter(
      (other) => other.figure.start >= start && other.figure.end <= end,
    );
    if (inside.some((other) => other.verdict !== "agrees")) continue;
    replaced.push({ start, end, call: printed.call });
  }
  let text = "";
  let at = 0;
  for (const span of replaced) {
    text += `${literal(block.text.slice(at, span.start))}{{${span.call}}}`;
    at = span.end;
  }
  return text + literal(block.text.slice(at));
}

/** Text the templates must print as it is: braces of Handlebars kept from being read as calls. */
function literal(text: string): string {
  return text.replace(/\{\{/g, "\\{{");
}
