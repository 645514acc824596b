import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describeSource } from "../audit/describe.js";
import { escapeHtml } from "../core/escape.js";
import { displayPath } from "../core/paths.js";
import { findProject } from "../project/config.js";
import { temporaryName, trackTemporary } from "../services/cleanup.js";
import type { Draft } from "./draft.js";
import type { Judged } from "./match.js";

const styles = `body{font:16px/1.7 system-ui,"Noto Sans CJK SC","Noto Sans CJK TC",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
mark{border-radius:3px;padding:0 2px}mark.agrees{background:#d9f2dd}mark.disagrees{background:#ffd6d6;outline:2px solid #b00020}
mark.unknown{background:#fff1c2}mark.ambiguous{background:#eadcff}dl{font-size:.9rem}dt{font-weight:600}.legend mark{margin-right:.5rem}`;

/**
 * The draft as a page: its headings and paragraphs with each figure marked by its verdict, the
 * record (or the question) in its title and in a list under the paragraph. Written beside the
 * report (out/<year>/<draft>.check.html) unless `file` names another place; `report serve`
 * shows it with the year's other outputs.
 */
export async function writeCheckPage(
  options: { cwd: string },
  year: number,
  draft: Draft,
  judged: Judged[],
  language: string,
  file?: string,
): Promise<string> {
  const project = await findProject(options.cwd);
  const target = file
    ? path.resolve(options.cwd, file)
    : path.join(project.outDir, String(year), `${path.basename(draft.file)}.check.html`);
  const byBlock = new Map<number, Judged[]>();
  for (const entry of judged) {
    const list = byBlock.get(entry.figure.block.paragraph) ?? [];
    list.push(entry);
    byBlock.set(entry.figure.block.paragraph, list);
  }
  const counts = (verdict: Judged["verdict"]) =>
    judged.filter((entry) => entry.verdict === verdict).length;
  const body = draft.blocks
    .map((block) => {
      const entries = byBlock.get(block.paragraph) ?? [];
      let html = "";
      let at = 0;
      for (const entry of entries) {
        const { figure } = entry;
        html += escapeHtml(block.text.slice(at, figure.start));
        html += `<mark class="${entry.verdict}" title="${escapeHtml(explain(entry))}">${escapeHtml(block.text.slice(figure.start, figure.end))}</mark>`;
        at = figure.end;
      }
      html += escapeHtml(block.text.slice(at));
      const tag = block.kind === "heading" ? "h2" : "p";
      const notes = entries.filter((entry) => entry.verdict !== "agrees");
      const list = notes.length
        ? `<dl>${notes.map((entry) => `<dt>${escapeHtml(entry.figure.text)}: ${entry.verdict}</dt><dd>${escapeHtml(explain(entry))}</dd>`).join("")}</dl>`
        : "";
      return `<${tag}>${html}</${tag}>${list}`;
    })
    .join("\n");
  const title = `${path.basename(draft.file)}: figures checked against the records of ${year}`;
  const page = `<!DOCTYPE html>
<html lang="${escapeHtml(language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${styles}</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
<p class="legend"><mark class="agrees">${counts("agrees")} agree</mark><mark class="disagrees">${counts("disagrees")} disagree</mark><mark class="unknown">${counts("unknown")} unknown</mark><mark class="ambiguous">${counts("ambiguous")} ambiguous</mark></p>
${body}
</main></body>
</html>
`;
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = temporaryName(target);
  const untrack = trackTemporary(temporary);
  try {
    await writeFile(temporary, page);
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
    untrack();
  }
  return displayPath(options.cwd, target);
}

function explain(entry: Judged): string {
  const sources = (list: Judged["candidates"]) =>
    (list ?? [])
      .map((known) => `${known.text} ← ${known.sources.map(describeSource).join("; ")}`)
      .join(" | ");
  switch (entry.verdict) {
    case "agrees":
      return `agrees: ${sources(entry.known ? [entry.known] : [])}`;
    case "disagrees":
      return `the records give ${sources(entry.known ? [entry.known] : [])}`;
    case "ambiguous":
      return `several records hold this value: ${sources(entry.candidates)}`;
    default:
      return "no record holds this figure";
  }
}
