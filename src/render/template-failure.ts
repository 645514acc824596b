import { codeFrame } from "../core/issue.js";
import { didYouMean } from "../core/suggest.js";
import { recordFileOfView } from "../schema/index.js";
import { describeError, TemplateError } from "./template-errors.js";

/** Where a template starts inside its file: a template file, or narrative prose in a record. */
export interface Origin {
  file: string;
  text: string;
  line?: number;
  column?: number;
}

/**
 * A template that failed, not yet placed: what failed (its origin), why, and the data it was
 * running on. The render that ran it makes a {@link TemplateError} of it, with what only that
 * render knows (the record files' texts, the whole data); the engine itself keeps nothing of a
 * render, so one engine can render two reports at once.
 */
export class TemplateFailure extends Error {
  constructor(
    readonly origin: Origin,
    cause: unknown,
    readonly context?: unknown,
  ) {
    super(
      cause instanceof Error
        ? cause.message
        : String((cause as { message?: unknown })?.message ?? cause),
      { cause },
    );
    this.name = "TemplateFailure";
  }
}

/** What a render knows that makes its failures readable. */
export interface RenderPlace {
  /** The data the render started from, for `@root` paths and "did you mean". */
  root: unknown;
  /** The text of each record file, so that an error in prose is framed in its own file. */
  fileTexts: ReadonlyMap<string, string>;
  /** The text of each template file by the name it is shown under. */
  templateTexts: ReadonlyMap<string, string>;
}

/** The failure as an error with file, line, column, message, hint and code frame. */
export function placeFailure(failure: TemplateFailure, place: RenderPlace): TemplateError {
  const { origin, context } = failure;
  let fields: Set<string> | undefined;
  const {
    line: innerLine,
    column: innerColumn,
    message,
    hint,
  } = describeError(failure.cause, (name, line, column) =>
    explainMissing(origin, name, line, column, context, place.root, () => {
      fields ??= fieldsOf(place.root);
      return fields;
    }),
  );
  const line = (origin.line ?? 1) + innerLine - 1;
  // Prose in a block scalar is indented by as much as its first line starts in.
  const column = (origin.column ?? 1) + innerColumn - 1;
  const fileText =
    place.fileTexts.get(origin.file) ??
    place.templateTexts.get(origin.file) ??
    (origin.line && origin.line > 1 ? "\n".repeat(origin.line - 1) + origin.text : origin.text);
  return new TemplateError(
    {
      severity: "error",
      file: origin.file,
      line,
      column,
      message,
      ...(hint ? { hint } : {}),
      frame: codeFrame(fileText, line, column),
    },
    { cause: failure.cause },
  );
}

/**
 * Handlebars names only the last part of a path it could not follow
 * (`relief.programmes.catarct.amount` fails as "amount"); reading the path at the error's
 * position and following it through the data finds the part that is really missing.
 */
function explainMissing(
  origin: Origin,
  name: string,
  line: number,
  column: number,
  context: unknown,
  root: unknown,
  allFields: () => Set<string>,
): { message: string; hint?: string } {
  const lineText = origin.text.split("\n")[line - 1] ?? "";
  const pathText = /^[\w./@-]+/.exec(lineText.slice(column - 1))?.[0] ?? name;
  const segments = pathText.split(/[./]/).filter((segment) => segment && segment !== "this");
  let current: unknown = context;
  if (segments[0] === "@root") {
    segments.shift();
    current = root;
  }
  for (const [index, segment] of segments.entries()) {
    const kind = index > 0 ? segments[index - 1] : undefined;
    if (current === null && kind && kind in recordFileOfView) {
      return {
        message: `names ${pathText}, but this year has no ${recordFileOfView[kind]}`,
        hint: `add ${recordFileOfView[kind]} to the year's records, or take ${kind} out of this template (test for it with {{#if ${kind}}})`,
      };
    }
    const known = current !== null && typeof current === "object";
    if (known && segment in (current as object)) {
      current = (current as Record<string, unknown>)[segment];
      continue;
    }
    if (index === 0) break;
    const fields = known ? Object.keys(current as object) : [];
    const hint =
      didYouMean(segment, fields) ??
      (fields.length ? `available here: ${fields.slice(0, 12).join(", ")}` : undefined);
    return {
      message: `names the field "${segment}" (in ${pathText}), which the data does not have`,
      ...(hint ? { hint } : {}),
    };
  }
  const hint = didYouMean(name, allFields());
  return {
    message: `names the field "${name}", which the data does not have`,
    ...(hint ? { hint } : {}),
  };
}

/** Every field name the data has, for "did you mean" when a template names one that is not. */
function fieldsOf(root: unknown): Set<string> {
  const fields = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    for (const [key, inner] of Object.entries(value)) {
      if (!Array.isArray(value)) fields.add(key);
      visit(inner);
    }
  };
  visit(root);
  return fields;
}
