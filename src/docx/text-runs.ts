import { type IRunOptions, TextRun } from "docx";
import { charactersOf, glyphCoverage } from "../fonts/coverage.js";
import { fontFilesFor, rare } from "../fonts/faces.js";

/**
 * Which face sets each rare character of a report in Word: the characters none of the
 * report's own faces has (a name in an extension block, 𠮷 or 𪚥), which the PDF draws from a
 * font the project adds (`fonts:` in its config, each with its family name) or else from HanaMin.
 * HanaMin is two fonts, HanaMinA (the basic plane) and HanaMinB (the supplementary one), and
 * Word names each by its own name. `named` are the families the document's styles name.
 */
export function rareFaces(
  html: string,
  projectFonts: ReadonlyArray<{ file: string; family: string | undefined }>,
  named: ReadonlySet<string>,
): Map<number, string> {
  const faces = new Map<number, string>();
  const files = projectFonts.map(({ file }) => file);
  const coverage = glyphCoverage(html, undefined, files);
  // A project's own font takes the characters it draws in the PDF, by its own family name:
  // unless the document names that family for its text already (one name, one embedded font).
  for (const { file, family } of projectFonts) {
    if (!family || named.has(family)) continue;
    for (const code of coverage.extra.get(file) ?? []) faces.set(code, family);
  }
  for (const code of coverage.rare) {
    const file = fontFilesFor(rare, code).find((candidate) => charactersOf(candidate).has(code));
    if (file) faces.set(code, /(^|\/)HanaMinB\.[^/]*$/.test(file) ? "HanaMinB" : "HanaMinA");
  }
  return faces;
}

/**
 * `text` as Word runs with `options`: each stretch of rare characters a run of its own in the
 * face that has them (every slot of the run's fonts names it, so Word takes it whichever way it
 * classes the character), the rest as it is.
 */
export function textRuns(
  text: string,
  options: Omit<IRunOptions, "text" | "children">,
  faces: ReadonlyMap<number, string>,
): TextRun[] {
  if (faces.size === 0 || text === "") return [new TextRun({ ...options, text })];
  const stretches: Array<{ face: string | undefined; text: string }> = [];
  for (const character of text) {
    const face = faces.get(character.codePointAt(0) ?? 0);
    const last = stretches.at(-1);
    if (last && last.face === face) last.text += character;
    else stretches.push({ face, text: character });
  }
  return stretches.map(({ face, text: stretch }) =>
    face
      ? new TextRun({
          ...options,
          text: stretch,
          font: { ascii: face, hAnsi: face, eastAsia: face, cs: face },
        })
      : new TextRun({ ...options, text: stretch }),
  );
}
