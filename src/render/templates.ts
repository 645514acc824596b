import Handlebars from "handlebars";
import { escapeMarkdown } from "../core/escape.js";
import { didYouMean } from "../core/suggest.js";
import { Exact } from "../figure/exact.js";
import { RenderBudget } from "./budget.js";
import { conditionHelpers } from "./condition-helpers.js";
import { markFigure, markOrigin } from "./figure-trace.js";
import { figureHelpers } from "./helpers.js";
import { LocaleTexts } from "./locale.js";
import { precompiledTemplate } from "./precompiled.js";
import {
  compileKey,
  compileOptions,
  keptCompileText,
  type NameUse,
  type TemplateKind,
} from "./template-compile.js";
import { TemplateError } from "./template-errors.js";
import { type Origin, placeFailure, TemplateFailure } from "./template-failure.js";
import type { TemplateSource } from "./template-files.js";
import { viewHelpers } from "./view-helpers.js";

export { readTemplates, type TemplateSource } from "./template-files.js";
export { type Origin, TemplateError };

type TemplateFunction = (context: unknown, options?: Handlebars.RuntimeOptions) => string;

/** Prose templates kept per engine; past this many (prose edited under `serve`), start again. */
const maxProse = 2000;

/**
 * The Handlebars environment of a set of templates: helpers, partials, and the two kinds of
 * template. Markdown templates escape inserted values for Markdown; HTML templates escape them
 * for HTML. Both run in strict mode, so a field that does not exist is an error with its line,
 * never an empty string. The engine holds nothing of a render: what a render needs to place its
 * errors stays in {@link render}.
 */
export class TemplateEngine {
  private readonly handlebars = Handlebars.create();
  private readonly sources: Map<string, TemplateSource>;
  private readonly proseCache = new Map<string, TemplateFunction>();
  private readonly texts: LocaleTexts;
  /** The helpers templates call by name, for "expected one of" when one is misspelt. */
  private readonly reportHelpers: string[];
  /** Every helper there is, Handlebars' own included: what a compiled template depends on. */
  readonly helperNames: readonly string[];

  /** What the render running now has spent of its bounds. */
  private budget: RenderBudget | undefined;

  constructor(sources: Map<string, TemplateSource>) {
    this.sources = sources;
    this.texts = new LocaleTexts((file) => this.sources.get(file));
    const safe = this.handlebars.SafeString;
    const helpers = {
      ...figureHelpers,
      ...conditionHelpers,
      ...viewHelpers({
        texts: this.texts,
        fileOf: (name) => this.sources.get(name)?.file,
        SafeString: safe,
      }),
    };
    this.reportHelpers = Object.keys(helpers);
    for (const [name, helper] of Object.entries(helpers)) {
      // What a figure helper prints is marked with its call when `report figures` traces.
      const delegate = tracedHelpers.has(name)
        ? (...args: unknown[]) => {
            const printed = helper(...args);
            if (typeof printed !== "string") return printed;
            const options = args[args.length - 1] as { loc?: hbs.AST.SourceLocation };
            return markFigure(name, options, args.slice(0, -1), printed);
          }
        : helper;
      this.handlebars.registerHelper(name, delegate as Handlebars.HelperDelegate);
    }
    this.handlebars.registerHelper("escape_markdown", (value: unknown, options: unknown) => {
      if (value instanceof safe) return value.toString();
      const text = escapeMarkdown(value == null ? "" : String(value));
      // A number printed as the view holds it ({{year}}) is a figure too.
      return typeof value === "number" || value instanceof Exact
        ? markFigure("value", options as { loc?: hbs.AST.SourceLocation }, [value], text)
        : text;
    });
    this.handlebars.registerHelper("prose", (...args: unknown[]) => {
      const [paragraph, options] = args as [Required<Origin>, Handlebars.HelperOptions];
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
    this.boundLoops();
    this.helperNames = Object.keys(this.handlebars.helpers);
    for (const source of sources.values()) {
      if (source.name.endsWith(".md.hbs") && source.name !== "report.md.hbs") {
        const name = source.name.slice(0, -".md.hbs".length);
        const partial = this.placed(new Map(), undefined, () => this.compile(source, "markdown"));
        this.handlebars.registerPartial(name, ((context, runOptions) => {
          const text = partial(context, runOptions);
          this.budget?.spend(text.length, undefined, `the partial ${name}`);
          return text;
        }) as TemplateFunction);
      }
    }
  }

  /**
   * Each step of an {{#each}} is counted against the bounds of the render running it (see
   * budget.ts), so that a loop within loops stops at its line instead of taking the machine.
   */
  private boundLoops(): void {
    const each = this.handlebars.helpers.each as Handlebars.HelperDelegate;
    const budget = () => this.budget;
    this.handlebars.registerHelper(
      "each",
      function (this: unknown, list: unknown, options: Handlebars.HelperOptions) {
        const spending = budget();
        if (!spending) return each.call(this, list, options);
        const step = options.fn;
        const fn = ((context: unknown, runOptions?: Handlebars.RuntimeOptions) => {
          const text = step(context, runOptions);
          spending.spend(text.length, options, "this {{#each}}");
          return text;
        }) as Handlebars.TemplateDelegate;
        return each.call(this, list, { ...options, fn });
      },
    );
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
    const kind = name.endsWith(".html.hbs") ? "html" : "markdown";
    // Handlebars renders synchronously: one render at a time has the engine's budget.
    const outer = this.budget;
    this.budget ??= new RenderBudget();
    try {
      return this.placed(fileTexts, context, () => this.compile(source, kind)(context));
    } finally {
      if (!outer) this.budget = undefined;
    }
  }

  /** Runs `work`, turning a template's failure into an error placed in its file. */
  private placed<T>(fileTexts: ReadonlyMap<string, string>, root: unknown, work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof TemplateFailure)) throw error;
      const templateTexts = new Map([...this.sources.values()].map((s) => [s.file, s.text]));
      throw placeFailure(error, { root, fileTexts, templateTexts });
    }
  }

  private compileProse(paragraph: Required<Origin>): TemplateFunction {
    // Most prose names no figure: it needs no template compiled (compiling is the costly part).
    if (!paragraph.text.includes("{{")) return () => paragraph.text;
    // By its text alone: the same paragraph in many places (or years) is compiled once, and
    // each use still names its own place when it fails.
    let run = this.proseCache.get(paragraph.text);
    if (!run) {
      if (this.proseCache.size >= maxProse) this.proseCache.clear();
      run = this.compiled(paragraph, "markdown");
      this.proseCache.set(paragraph.text, run);
    }
    return placedAt(paragraph, run);
  }

  /** Checks and compiles one template, failing with its place; see `compiled`. */
  private compile(origin: Origin, kind: TemplateKind): TemplateFunction {
    return placedAt(origin, this.compiled(origin, kind));
  }

  /**
   * Checks and compiles one template: a built-in one comes compiled with the package, any other
   * is compiled here. Either way the helpers and partials it calls are checked against the ones
   * there are now, so a misspelt or deleted one fails with its line.
   */
  private compiled(origin: Origin, kind: TemplateKind): TemplateFunction {
    const key = compileKey(kind, this.helperNames, origin.text);
    const built = precompiledTemplate(key);
    try {
      if (built) {
        this.checkNames(origin, built.names);
        return this.handlebars.template(built.template);
      }
      const { ast, names } = keptCompileText(origin.text, kind, this.helperNames, key);
      this.checkNames(origin, names);
      return this.handlebars.compile(ast, compileOptions(kind));
    } catch (error) {
      if (error instanceof TemplateFailure) throw error;
      throw new TemplateFailure(origin, error);
    }
  }

  /** Helpers and partials are known before rendering: a misspelt one fails with its line. */
  private checkNames(origin: Origin, names: readonly NameUse[]): void {
    for (const { kind, name, loc } of names) {
      if (kind === "helper" && !(name in this.handlebars.helpers)) {
        throw new TemplateFailure(origin, {
          message: `unknown helper "${name}"; expected one of ${this.reportHelpers.join(", ")}`,
          loc,
          hint: didYouMean(name, this.helperNames),
        });
      }
      if (
        kind === "partial" &&
        !this.sources.has(`${name}.md.hbs`) &&
        !(name in this.handlebars.partials)
      ) {
        const available = [...this.sources.keys()]
          .filter((key) => key.endsWith(".md.hbs"))
          .map((key) => key.slice(0, -".md.hbs".length));
        throw new TemplateFailure(origin, {
          message: `unknown partial "${name}"; expected one of ${available.join(", ")}`,
          loc,
          hint: didYouMean(name, available),
        });
      }
    }
  }
}

/** The helpers whose output is a figure, which `report figures` lists with its source. */
const tracedHelpers = new Set([
  "money",
  "count",
  "percent",
  "share",
  "date",
  "month",
  "year_of",
  "period",
  "people",
  "items",
  "figure",
  "change",
  "plain",
]);

/** A compiled template whose failures name `origin`, the place its text came from. */
function placedAt(origin: Origin, run: TemplateFunction): TemplateFunction {
  // The line is read only when a trace asks for it: a narrative paragraph's is found lazily.
  const place = {
    file: origin.file,
    get line() {
      return origin.line ?? 1;
    },
    text: origin.text,
  };
  return (context, runOptions) => {
    try {
      return markOrigin(place, () => run(context, runOptions));
    } catch (error) {
      if (error instanceof TemplateFailure || error instanceof TemplateError) throw error;
      throw new TemplateFailure(origin, error, context);
    }
  };
}
