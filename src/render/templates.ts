import Handlebars from "handlebars";
import { escapeMarkdown } from "../core/escape.js";
import { codeFrame } from "../core/issue.js";
import { didYouMean } from "../core/suggest.js";
import { recordFileOfView } from "../model/view.js";
import { escapeForMarkdown, makeParametersStrict, walk } from "./ast.js";
import { figureHelpers } from "./helpers.js";
import { LocaleTexts } from "./locale.js";
import { compiledCache } from "./template-cache.js";
import { describeError, TemplateError } from "./template-errors.js";
import type { TemplateSource } from "./template-files.js";

export { readTemplates, type TemplateSource } from "./template-files.js";
export { TemplateError };

import { viewHelpers } from "./view-helpers.js";

type HbsNode = hbs.AST.Node & Record<string, unknown>;
type TemplateFunction = (context: unknown, options?: Handlebars.RuntimeOptions) => string;

/** Where a narrative paragraph or template starts inside its file. */
export interface Origin {
  file: string;
  text: string;
  line?: number;
  column?: number;
}

/**
 * The Handlebars environment of one build: helpers, partials, and the two kinds of template.
 * Markdown templates escape inserted values for Markdown; HTML templates escape them for HTML.
 * Both run in strict mode, so a field that does not exist is an error with its line, never an
 * empty string.
 */
export class TemplateEngine {
  private readonly handlebars = Handlebars.create();
  private readonly sources: Map<string, TemplateSource>;
  private readonly proseCache = new Map<string, TemplateFunction>();
  /** Per render: every field name of the data, for suggestions, and the files prose came from. */
  private knownFields: Set<string> | undefined;
  private fileTexts: ReadonlyMap<string, string> = new Map();
  private root: unknown;

  private readonly texts: LocaleTexts;
  /** The helpers templates call by name, for "expected one of" when one is misspelt. */
  private readonly helperNames: string[];

  constructor(sources: Map<string, TemplateSource>) {
    this.sources = sources;
    this.texts = new LocaleTexts((file) => this.sources.get(file));
    compiledCache.engineSource ||= Function.prototype.toString.call(TemplateEngine);
    const safe = this.handlebars.SafeString;
    const helpers = {
      ...figureHelpers,
      ...viewHelpers({
        texts: this.texts,
        fileOf: (name) => this.sources.get(name)?.file,
        SafeString: safe,
      }),
    };
    this.helperNames = Object.keys(helpers);
    for (const [name, helper] of Object.entries(helpers))
      this.handlebars.registerHelper(name, helper as Handlebars.HelperDelegate);
    this.handlebars.registerHelper("escape_markdown", (value: unknown) =>
      value instanceof safe ? value.toString() : escapeMarkdown(value == null ? "" : String(value)),
    );
    this.handlebars.registerHelper("prose", (...args: unknown[]) => {
      const [paragraph, options] = args as [
        { text: string; file: string; line: number; column: number },
        Handlebars.HelperOptions,
      ];
      const render = this.compileProse(paragraph);
      return new safe(render(options.data.root, { data: options.data }));
    });
    // A section is laid out by sections/<id>.md.hbs when there is one, else by the generic
    // partial, which also lays out its subsections.
    this.handlebars.registerHelper("section_partial", (id: unknown) =>
      this.sources.has(`sections/${String(id)}.md.hbs`)
        ? `sections/${String(id)}`
        : "partials/section",
    );
    for (const source of sources.values()) {
      if (source.name.endsWith(".md.hbs") && source.name !== "report.md.hbs") {
        this.handlebars.registerPartial(
          source.name.slice(0, -".md.hbs".length),
          this.compile(source, "markdown"),
        );
      }
    }
  }

  /** The words of a locale, for what the view adds outside the templates (chart labels). */
  words(locale: string): (key: string) => string {
    const file = LocaleTexts.fileOf(locale);
    const shown = this.sources.get(file)?.file ?? `templates/${file}`;
    const strings = this.texts.strings(file);
    if (!strings) {
      throw new TemplateError({
        severity: "error",
        file: shown,
        message: "there are no texts for this report's language: the locale file is missing",
      });
    }
    return (key) => {
      const text = strings.get(key);
      if (text === undefined) {
        throw new TemplateError({
          severity: "error",
          file: shown,
          message: `no text "${key}" in this locale file; the report needs it`,
        });
      }
      return text;
    };
  }

  text(name: string): string {
    const source = this.sources.get(name);
    if (!source) throw new Error(`template ${name} is missing`);
    return source.text;
  }

  /**
   * Renders a top-level template. `fileTexts` gives the text of the record files, so that an
   * error in narrative prose is shown in a code frame of its own file.
   */
  render(
    name: string,
    context: object,
    fileTexts: ReadonlyMap<string, string> = new Map(),
  ): string {
    const source = this.sources.get(name);
    if (!source) throw new Error(`template ${name} is missing`);
    this.knownFields = undefined;
    this.fileTexts = fileTexts;
    this.root = context;
    const kind = name.endsWith(".html.hbs") ? "html" : "markdown";
    return this.compile(source, kind)(context);
  }

  private compileProse(paragraph: {
    text: string;
    file: string;
    line: number;
    column: number;
  }): TemplateFunction {
    // Most prose names no figure: it needs no template compiled (compiling is the costly part).
    if (!paragraph.text.includes("{{")) return () => paragraph.text;
    // Two years can hold different prose at the same place of the same file name.
    const key = `${paragraph.file}:${paragraph.line}:${paragraph.column}:${paragraph.text}`;
    let compiled = this.proseCache.get(key);
    if (!compiled) {
      compiled = this.compile(paragraph, "markdown");
      this.proseCache.set(key, compiled);
    }
    return compiled;
  }

  /** Parses, checks and compiles one template; its errors name `origin`'s file and line. */
  private compile(origin: Origin, kind: "markdown" | "html"): TemplateFunction {
    const options = { strict: true, noEscape: kind === "markdown" };
    // A template compiled before, with the same text and helpers, is taken from the cache as
    // the JavaScript Handlebars made of it: parsing and code generation are most of the cost.
    const key = compiledCache.key(
      kind,
      Object.keys(this.handlebars.helpers),
      [
        ...[...this.sources.keys()].filter((name) => name.endsWith(".md.hbs")),
        ...Object.keys(this.handlebars.partials),
      ],
      origin.text,
    );
    const cached = compiledCache.read(key);
    let compiled: TemplateFunction | undefined;
    if (cached) {
      try {
        compiled = this.handlebars.template(new Function(`return ${cached}`)());
      } catch {
        compiled = undefined;
      }
    }
    if (!compiled) {
      let ast: hbs.AST.Program;
      try {
        ast = Handlebars.parse(origin.text);
      } catch (error) {
        throw this.error(origin, error);
      }
      this.checkNames(origin, ast);
      if (kind === "markdown") escapeForMarkdown(ast, (name) => name in this.handlebars.helpers);
      makeParametersStrict(ast);
      let spec: string;
      try {
        spec = Handlebars.precompile(ast, options) as unknown as string;
        compiled = this.handlebars.template(new Function(`return ${spec}`)());
      } catch (error) {
        throw this.error(origin, error);
      }
      compiledCache.write(key, spec);
    }
    const run = compiled;
    return (context, runOptions) => {
      try {
        return run(context, runOptions);
      } catch (error) {
        if (error instanceof TemplateError) throw error;
        throw this.error(origin, error, context);
      }
    };
  }

  /** Helpers and partials are known before rendering: a misspelt one fails with its line. */
  private checkNames(origin: Origin, ast: hbs.AST.Program): void {
    walk(ast as unknown as HbsNode, (node) => {
      const type = node.type;
      if (type === "MustacheStatement" || type === "SubExpression" || type === "BlockStatement") {
        const call = node as unknown as hbs.AST.MustacheStatement;
        const hasArguments = call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0;
        const name =
          call.path.type === "PathExpression"
            ? (call.path as hbs.AST.PathExpression).original
            : undefined;
        if (hasArguments && name !== undefined && !(name in this.handlebars.helpers)) {
          const hint = didYouMean(name, Object.keys(this.handlebars.helpers));
          throw this.error(origin, {
            message: `unknown helper "${name}"; expected one of ${this.helperNames.join(", ")}`,
            loc: call.loc,
            hint,
          });
        }
      }
      if (type === "PartialStatement" || type === "PartialBlockStatement") {
        const partial = node as unknown as hbs.AST.PartialStatement;
        if (partial.name.type === "PathExpression") {
          const name = (partial.name as hbs.AST.PathExpression).original;
          if (!this.sources.has(`${name}.md.hbs`) && !(name in this.handlebars.partials)) {
            const available = [...this.sources.keys()]
              .filter((key) => key.endsWith(".md.hbs"))
              .map((key) => key.slice(0, -7));
            throw this.error(origin, {
              message: `unknown partial "${name}"; expected one of ${available.join(", ")}`,
              loc: partial.loc,
              hint: didYouMean(name, available),
            });
          }
        }
      }
    });
  }

  private error(origin: Origin, cause: unknown, context?: unknown): TemplateError {
    const {
      line: innerLine,
      column: innerColumn,
      message,
      hint,
    } = describeError(cause, (name, innerLine, innerColumn) =>
      this.explainMissing(origin, name, innerLine, innerColumn, context),
    );
    const line = (origin.line ?? 1) + innerLine - 1;
    // Prose in a block scalar is indented by as much as its first line starts in.
    const column = (origin.column ?? 1) + innerColumn - 1;
    const fileText = this.fileText(origin);
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
      { cause },
    );
  }

  /**
   * Handlebars names only the last part of a path it could not follow
   * (`relief.programmes.catarct.amount` fails as "amount"); reading the path at the error's
   * position and following it through the data finds the part that is really missing.
   */
  private explainMissing(
    origin: Origin,
    name: string,
    line: number,
    column: number,
    context: unknown,
  ): { message: string; hint?: string } {
    const lineText = origin.text.split("\n")[line - 1] ?? "";
    const pathText = /^[\w./@-]+/.exec(lineText.slice(column - 1))?.[0] ?? name;
    const segments = pathText.split(/[./]/).filter((segment) => segment && segment !== "this");
    let current: unknown = context;
    if (segments[0] === "@root") {
      segments.shift();
      current = this.root;
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
    const hint = didYouMean(name, this.fieldsOf(this.root));
    return {
      message: `names the field "${name}", which the data does not have`,
      ...(hint ? { hint } : {}),
    };
  }

  private fileText(origin: Origin): string {
    const recordText = this.fileTexts.get(origin.file);
    if (recordText !== undefined) return recordText;
    for (const source of this.sources.values()) if (source.file === origin.file) return source.text;
    return origin.line && origin.line > 1
      ? "\n".repeat(origin.line - 1) + origin.text
      : origin.text;
  }

  /** Every field name the data has, for "did you mean" when a template names one that is not. */
  private fieldsOf(context: unknown): Set<string> {
    if (this.knownFields) return this.knownFields;
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
    visit(context);
    this.knownFields = fields;
    return fields;
  }
}
