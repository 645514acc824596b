import { readFileSync } from "node:fs";
import path from "node:path";
import { EnvironmentError } from "../core/errors.js";
import { decodeEntities } from "../core/escape.js";
import { codeFrame, type Issue } from "../core/issue.js";
import { type FontCharacters, fontCharacters } from "./cmap.js";
import { fontChain, fontFilesFor, pageLanguage, rare } from "./faces.js";
import { type Drawing, drawingIndex } from "./glyph-index.js";

/** What the fonts of a page can draw of its text. */
export interface GlyphCoverage {
  /** Characters only {@link rare} has: its rules are added for them. */
  rare: Set<number>;
  /** Characters the report's faces lack that a project font has, by the font file. */
  extra: Map<string, Set<number>>;
  /** Characters no face of the chain has: they would print as empty boxes. */
  missing: string[];
  /** Variation sequences (base + selector) the face drawing the base has no glyph for. */
  sequences: string[];
  /** The faces looked in, for messages. */
  families: string[];
}

/** Font files read, by path; a preview that prints for hours reads a few hundred at most. */
const read = new Map<string, FontCharacters>();
const maxRead = 400;

export function charactersOf(file: string): FontCharacters {
  let found = read.get(file);
  if (!found) {
    if (read.size >= maxRead) read.clear();
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new EnvironmentError(
        `the font file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? error}); the PDF needs it: run npm ci (or npm install) where report is installed`,
        { cause: error },
      );
    }
    found = fontCharacters(bytes);
    read.set(file, found);
  }
  return found;
}

/** Variation selectors: VS1–16 and the ideographic ones, VS17–256. */
function isSelector(code: number): boolean {
  return (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0100 && code <= 0xe01ef);
}

/**
 * Whether a character is drawn with a glyph: not a control, a space or an invisible format
 * character (joiners, direction marks, the byte order mark, a soft hyphen), which a browser lays
 * out without one.
 */
function needsGlyph(code: number): boolean {
  return !(
    code <= 0x20 ||
    (code >= 0x7f && code <= 0xa0) ||
    code === 0xad ||
    code === 0x34f ||
    (code >= 0x180b && code <= 0x180f) ||
    (code >= 0x2000 && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202f) ||
    (code >= 0x205f && code <= 0x206f) ||
    code === 0xfeff ||
    isSelector(code)
  );
}

/** The last page asked of shownText, and its text: a build asks it of one page two or three times. */
let lastShown: { html: string; text: string } | undefined;

/**
 * The text a page shows: its elements' text, without markup, styles or scripts. A build asks it
 * of the same page for the glyph check, the HTML's fonts and the PDF's; the last answer is kept
 * (a large report's page is megabytes: three passes of these expressions over it took 70 ms).
 */
export function shownText(html: string): string {
  if (lastShown?.html === html) return lastShown.text;
  const text = decodeEntities(
    html
      .replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1>/gi, " ")
      .replace(/<!--[\s\S]*?-->/g, " ")
      .replace(/<[^>]*>/g, " "),
  );
  lastShown = { html, text };
  return text;
}

/** The characters of a text, each once: what the font checks look up. */
export interface TextCharacters {
  /** Every code point, in the order the text first shows it. */
  codes: number[];
  /** Each character followed by a variation selector, once, in the same order. */
  sequences: Array<[number, number]>;
}

/** The last text asked of textCharacters, and its answer: a build asks it of one page twice. */
let lastCharacters: { text: string; found: TextCharacters } | undefined;

/**
 * The characters of `text`, each once. A character of the Basic Multilingual Plane met before
 * costs one look at a table of 64 K flags; a selector (U+FE00–FE0F, or U+E0100–E01EF, which
 * UTF-16 writes from U+DB40 on) after any character is noted with it.
 */
export function textCharacters(text: string): TextCharacters {
  if (lastCharacters?.text === text) return lastCharacters.found;
  const found: TextCharacters = { codes: [], sequences: [] };
  const metBasic = new Uint8Array(0x10000);
  const metOther = new Set<number>();
  const metSequences = new Set<number>();
  for (let index = 0; index < text.length; ) {
    const code = text.codePointAt(index) ?? 0;
    index += code > 0xffff ? 2 : 1;
    if (code <= 0xffff ? metBasic[code] === 0 : !metOther.has(code)) {
      if (code <= 0xffff) metBasic[code] = 1;
      else metOther.add(code);
      found.codes.push(code);
    }
    const unit = text.charCodeAt(index);
    if ((unit >= 0xfe00 && unit <= 0xfe0f) || unit === 0xdb40) {
      const selector = text.codePointAt(index) ?? 0;
      // Code points stay below 2^21, selectors below 2^20: the pair as one safe integer.
      const pair = code * 0x200000 + selector;
      if (isSelector(selector) && !metSequences.has(pair)) {
        metSequences.add(pair);
        found.sequences.push([code, selector]);
      }
    }
  }
  lastCharacters = { text, found };
  return found;
}

/**
 * Checks every character of `text` (a page's HTML, or any text shown in the report) against
 * the cmaps of the font files the PDF would load for it, face by face along the chain.
 */
export function glyphCoverage(
  html: string,
  text: string | readonly string[] = shownText(html),
  extraFonts: readonly string[] = [],
): GlyphCoverage {
  // The serif chain holds every face the page's text can be drawn with (the sans chain is the
  // same faces in another order; the 楷體 face falls back to the serif chain).
  const chain = fontChain(pageLanguage(html), "serif");
  const main = chain.filter((entry) => entry !== rare);
  const coverage: GlyphCoverage = {
    rare: new Set(),
    extra: new Map(extraFonts.map((file) => [file, new Set<number>()])),
    missing: [],
    sequences: [],
    families: [
      ...main.map((entry) => entry.family),
      ...extraFonts.map((file) => path.basename(file)),
      rare.family,
    ],
  };
  // Where each character of the report's faces and the rare face is drawn, kept between runs;
  // the project's own fonts, between the two, are read each run.
  const kept = drawingIndex(chain);
  const lookUp = (code: number): Drawing => {
    for (const entry of main) {
      const file = fontFilesFor(entry, code).find((candidate) => charactersOf(candidate).has(code));
      if (file) return { file, rare: false };
    }
    const file = fontFilesFor(rare, code).find((candidate) => charactersOf(candidate).has(code));
    return file ? { file, rare: true } : null;
  };
  /** The font file that draws a character; null when none does. */
  const drawnBy = (code: number): string | null => {
    const found = kept.drawing(code, () => lookUp(code));
    if (found && !found.rare) return found.file;
    for (const file of extraFonts) {
      if (charactersOf(file).has(code)) {
        coverage.extra.get(file)?.add(code);
        return file;
      }
    }
    if (found) coverage.rare.add(code);
    else coverage.missing.push(String.fromCodePoint(code));
    return found?.file ?? null;
  };
  // Each character once, in the order the text first shows it (so are the messages): a large
  // report's text is megabytes, and nearly every character is one met before.
  const drawing = new Map<number, string | null>();
  const pairs = new Set<string>();
  for (const part of typeof text === "string" ? [text] : text) {
    const found = textCharacters(part);
    for (const code of found.codes) {
      if (needsGlyph(code) && !drawing.has(code)) drawing.set(code, drawnBy(code));
    }
    for (const [code, selector] of found.sequences) {
      const file = drawing.get(code);
      const pair = String.fromCodePoint(code, selector);
      if (file && !pairs.has(pair) && !charactersOf(file).hasSequence(code, selector)) {
        coverage.sequences.push(pair);
      }
      pairs.add(pair);
    }
  }
  kept.save();
  return coverage;
}

/** A character as messages name it: `𡒄 (U+21484)`; a sequence as `葛 (U+845B) with U+E0100`. */
function named(text: string): string {
  const code = (character: string) =>
    `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  const [first = "", ...selectors] = [...text];
  return [`${first} (${code(first)})`, ...selectors.map(code)].join(" with ");
}

/** Where `text` first stands in the files that hold the report's words, as file, line, column. */
function firstPlace(
  text: string,
  files: ReadonlyMap<string, string>,
): { file: string; line: number; column: number; frame: string } | undefined {
  for (const [file, content] of files) {
    const index = content.indexOf(text);
    if (index < 0) continue;
    const before = content.slice(0, index);
    const line = before.split("\n").length;
    const column = index - before.lastIndexOf("\n");
    return { file, line, column, frame: codeFrame(content, line, column) };
  }
  return undefined;
}

/**
 * The coverage as issues: each character no font has is an error at the first place it stands
 * in the records (or `shownIn`, the output, when no record holds it: a template's or the
 * config's), with how to add a font that has it; a variation sequence the font lacks is a
 * warning, since it prints as its base character.
 */
export function coverageIssues(
  coverage: GlyphCoverage,
  files: ReadonlyMap<string, string>,
  shownIn: string,
): Issue[] {
  const fonts = coverage.families.join(", ");
  const issues: Issue[] = [];
  for (const character of coverage.missing) {
    const place = firstPlace(character, files);
    issues.push({
      severity: "error",
      ...(place ?? { file: shownIn }),
      message: `the character ${named(character)} has no glyph in the report's fonts (${fonts}): it would print as an empty box`,
      hint: `write it another way, or add a font file that has it to the project's report.config.yaml (fonts: [fonts/YourFont.ttf], TrueType outlines, a licence that allows embedding)`,
    });
  }
  for (const sequence of coverage.sequences) {
    const place = firstPlace(sequence, files);
    issues.push({
      severity: "warning",
      ...(place ?? { file: shownIn }),
      message: `the variation sequence ${named(sequence)} has no glyph of its own in the report's fonts (${fonts}): it prints as ${[...sequence][0]}`,
      hint: "to print the variant, add a font that has the sequence to report.config.yaml (fonts: …)",
    });
  }
  return issues;
}
