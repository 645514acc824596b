import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import Handlebars from "handlebars";
import { parse as parseYaml } from "yaml";
import { escapeMarkdown } from "../core/escape.js";
import { codeFrame, type Issue } from "../core/issue.js";
import { packageRoot } from "../core/paths.js";
import { didYouMean } from "../core/suggest.js";
import { formatPercent } from "../format/figures.js";
import { recordFileOfView } from "../model/view.js";
import { figureHelpers, HelperError } from "./helpers.js";

type HbsNode = hbs.AST.Node & Record<string, unknown>;
type TemplateFunction = (context: unknown, options?: Handlebars.RuntimeOptions) => string;

/** A template file: `name` is its path inside the templates folder, `file` as shown to users. */
export interface TemplateSource {
  name: string;
  file: string;
  text: string;
}

/** A mistake in a template (or in narrative prose, which is a template too), with its place. */
export class TemplateError extends Error {
  readonly issue: Issue;
  constructor(issue: Issue, options?: { cause?: unknown }) {
    super(`${issue.file}:${issue.line ?? 1}:${issue.column ?? 1} ${issue.message}`, options);
    this.name = "TemplateError";
    this.issue = issue;
  }
}

/** Where a narrative paragraph or template starts inside its file. */
export interface Origin {
  file: string;
  text: string;
  line?: number;
  column?: number;
}

const templateExtensions = [".md.hbs", ".html.hbs", ".css", ".yaml"];

/** The locale file of the report being rendered: `locales/<view.locale>.yaml`. */
function localeFile(options: Handlebars.HelperOptions): string {
  return `locales/${String((options.data.root as { locale?: unknown }).locale ?? "zh-Hant")}.yaml`;
}

/**
 * Compiled templates kept beside the bundles (dist/template-cache/), like the code caches: the
 * package's own folder, never a shared one, since the files are run. The key covers the
 * template's text, its kind, the helpers, the Handlebars release and the code that rewrites
 * templates, so a change to any of them compiles afresh. Where the folder cannot be written the
 * templates are simply compiled each time.
 */
const compiledCache = {
  dir: path.join(packageRoot, "dist", "template-cache"),
  salt: "",
  key(kind: string, helpers: string[], text: string): string {
    this.salt ||= [
      Handlebars.VERSION,
      escapeForMarkdown.toString(),
      makeParametersStrict.toString(),
      Function.prototype.toString.call(TemplateEngine),
    ].join("\0");
    return createHash("sha256")
      .update(`${this.salt}\0${kind}\0${[...helpers].sort().join(",")}\0${text}`)
      .digest("hex");
  },
  read(key: string): string | undefined {
    try {
      return readFileSync(path.join(this.dir, `${key}.js`), "utf8");
    } catch {
      return undefined;
    }
  },
  write(key: string, spec: string): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      // Edited prose leaves old entries behind: past a few thousand, start again.
      if (readdirSync(this.dir).length > 2000) {
        rmSync(this.dir, { recursive: true, force: true });
        mkdirSync(this.dir, { recursive: true });
      }
      const file = path.join(this.dir, `${key}.js`);
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, spec);
      renameSync(temporary, file);
    } catch {
      // A read-only install: no cache.
    }
  },
};

/**
 * Reads the built-in templates, then the user's folder on top: a file there replaces the
 * built-in of the same name, so an editor can copy one partial and change it alone.
 */
export async function readTemplates(
  folders: Array<{ dir: string; display: string }>,
): Promise<Map<string, TemplateSource>> {
  const sources = new Map<string, TemplateSource>();
  for (const { dir, display } of folders) {
    for (const name of await listFiles(dir)) {
      if (!templateExtensions.some((extension) => name.endsWith(extension))) continue;
      const text = await readFile(path.join(dir, name), "utf8");
      sources.set(name, { name, file: path.join(display, name), text });
    }
  }
  return sources;
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) names.push(...(await listFiles(dir, name)));
    else names.push(name);
  }
  return names.sort();
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

  constructor(sources: Map<string, TemplateSource>) {
    this.sources = sources;
    for (const [name, helper] of Object.entries(figureHelpers))
      this.handlebars.registerHelper(name, helper);
    const safe = this.handlebars.SafeString;
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
    this.handlebars.registerHelper("t", (...args: unknown[]) => {
      const options = args[args.length - 1] as Handlebars.HelperOptions;
      // A key may come in parts, the last one from the data: {{t "charts.activities." kind}}.
      const parts = args.slice(0, -1);
      const key = parts.every((part) => typeof part === "string") ? parts.join("") : parts[0];
      const file = localeFile(options);
      const strings = this.localeStrings(file, options);
      const text = typeof key === "string" ? strings.get(key) : undefined;
      if (text === undefined) {
        throw new HelperError(
          `t expects a key of ${this.sources.get(file)?.file ?? file}, found ${JSON.stringify(key)}`,
          options,
        );
      }
      return text.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (!(name in options.hash)) {
          throw new HelperError(
            `the text "${key}" needs ${name}=…, which the call does not give`,
            options,
          );
        }
        return String(options.hash[name]);
      });
    });
    this.handlebars.registerHelper("change", (...args: unknown[]) => {
      const options = args[args.length - 1] as Handlebars.HelperOptions;
      const value = args[0] as { direction?: unknown; percent?: unknown } | null | undefined;
      if (!value || typeof value !== "object" || typeof value.direction !== "string") {
        throw new HelperError(
          "change expects a comparison with last year, such as comparison.proposals.received",
          options,
        );
      }
      const strings = this.localeStrings(localeFile(options), options);
      const percent =
        typeof value.percent === "number" ? formatPercent(Math.abs(value.percent)) : undefined;
      const key =
        value.direction === "same"
          ? "change.same"
          : percent === undefined
            ? "change.from_zero"
            : `change.${value.direction}`;
      return (strings.get(key) ?? key).replace("{percent}", percent ?? "");
    });
    this.handlebars.registerHelper("chart", (...args: unknown[]) => {
      const options = args[args.length - 1] as Handlebars.HelperOptions;
      const name = args[0];
      const charts =
        (options.data.root as { charts?: Record<string, { title: string }> }).charts ?? {};
      const chart = typeof name === "string" ? charts[name] : undefined;
      if (!chart) {
        throw new HelperError(
          `chart expects one of ${
            Object.keys(charts)
              .map((key) => `"${key}"`)
              .join(", ") || "no charts"
          }, found ${JSON.stringify(name)}`,
          options,
        );
      }
      // A Markdown image: report.md links the SVG file; the HTML puts the chart itself there.
      return new safe(`![${escapeMarkdown(chart.title)}](charts/${String(name)}.svg)`);
    });
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

  private readonly locales = new Map<string, Map<string, string>>();

  /** The words of a locale, for what code adds outside the templates (chart labels). */
  words(locale: string): (key: string) => string {
    const file = `locales/${locale}.yaml`;
    const strings = this.localeStrings(file, undefined);
    return (key) => {
      const text = strings.get(key);
      if (text === undefined) {
        throw new TemplateError({
          severity: "error",
          file: this.sources.get(file)?.file ?? file,
          message: `no text "${key}" in this locale file; the charts need it`,
        });
      }
      return text;
    };
  }

  /** The texts of a locale file, by dotted key (`people.title`). */
  private localeStrings(
    file: string,
    options: Handlebars.HelperOptions | undefined,
  ): Map<string, string> {
    const cached = this.locales.get(file);
    if (cached) return cached;
    const source = this.sources.get(file);
    if (!source) {
      const message = `there are no texts for this report's language: templates/${file} is missing`;
      if (!options)
        throw new TemplateError({ severity: "error", file: `templates/${file}`, message });
      throw new HelperError(message, options);
    }
    const strings = new Map<string, string>();
    const walk = (value: unknown, prefix: string) => {
      if (value && typeof value === "object" && !Array.isArray(value)) {
        for (const [key, inner] of Object.entries(value))
          walk(inner, prefix ? `${prefix}.${key}` : key);
      } else if (typeof value === "string" || typeof value === "number") {
        strings.set(prefix, String(value));
      }
    };
    walk(parseYaml(source.text), "");
    this.locales.set(file, strings);
    return strings;
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
    const key = compiledCache.key(kind, Object.keys(this.handlebars.helpers), origin.text);
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
            message: `unknown helper "${name}"; expected one of ${Object.keys(figureHelpers).join(", ")}`,
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

/** Reads line, column and a plain message out of whatever Handlebars or a helper threw. */
function describeError(
  cause: unknown,
  explainMissing: (
    name: string,
    line: number,
    column: number,
  ) => { message: string; hint?: string },
): { line: number; column: number; message: string; hint?: string } {
  const error = cause as {
    message?: string;
    lineNumber?: number;
    column?: number;
    loc?: hbs.AST.SourceLocation;
    hint?: string;
  };
  if (cause instanceof HelperError || error.loc) {
    const loc = (cause instanceof HelperError ? cause.loc : error.loc) as
      | hbs.AST.SourceLocation
      | undefined;
    return {
      line: loc?.start.line ?? 1,
      column: (loc?.start.column ?? 0) + 1,
      message: error.message ?? String(cause),
      ...(error.hint ? { hint: error.hint } : {}),
    };
  }
  const raw = error.message ?? String(cause);
  const missing = /^"(.+)" not defined in .*? - \d+:\d+$/s.exec(raw);
  if (missing?.[1]) {
    const line = error.lineNumber ?? 1;
    const column = (error.column ?? 0) + 1;
    return { line, column, ...explainMissing(missing[1], line, column) };
  }
  const parse = /^Parse error on line (\d+):\n(.*)\n(-*)\^\n(.*)$/s.exec(raw);
  if (parse) {
    return {
      line: Number(parse[1]),
      column: (parse[3]?.length ?? 0) + 1,
      message: `cannot parse the template: unexpected ${describeToken(/got '([^']+)'/.exec(parse[4] ?? "")?.[1])}`,
    };
  }
  const located = /^(.*) - (\d+):(\d+)$/s.exec(raw);
  if (located) {
    return { line: Number(located[2]), column: Number(located[3]) + 1, message: located[1] ?? raw };
  }
  return { line: error.lineNumber ?? 1, column: (error.column ?? 0) + 1, message: raw };
}

function describeToken(token: string | undefined): string {
  if (token === "EOF") return "end of template (a block or mustache is not closed)";
  if (token === "INVALID") return "characters (a mustache is not closed with }})";
  return token ? token.toLowerCase().replace(/_/g, " ") : "input";
}

/** The keys under which a Handlebars AST node holds other nodes. */
const childKeys = [
  "body",
  "program",
  "inverse",
  "path",
  "params",
  "hash",
  "pairs",
  "value",
  "name",
];

function walk(node: HbsNode, visit: (node: HbsNode) => void): void {
  visit(node);
  for (const key of childKeys) {
    const value = node[key];
    if (value === null || typeof value !== "object") continue;
    if (Array.isArray(value)) for (const item of value) walk(item as HbsNode, visit);
    else walk(value as HbsNode, visit);
  }
}

/**
 * Handlebars' strict mode checks the field a mustache names but not the arguments given to a
 * helper: `{{money relief.programmes.catarct.amount}}` would pass `undefined`. Marking every
 * argument path strict makes a misspelt one an error at its own line and column.
 */
function makeParametersStrict(ast: hbs.AST.Program): void {
  const strict = (expression: hbs.AST.Expression): void => {
    const path = expression as hbs.AST.PathExpression & { strict?: boolean };
    if (path.type === "PathExpression") path.strict = true;
  };
  walk(ast as unknown as HbsNode, (node) => {
    if (
      node.type === "MustacheStatement" ||
      node.type === "SubExpression" ||
      node.type === "BlockStatement"
    ) {
      const call = node as unknown as hbs.AST.MustacheStatement;
      for (const parameter of call.params) strict(parameter);
      for (const pair of call.hash?.pairs ?? []) strict(pair.value);
    }
  });
}

/**
 * Rewrites every `{{value}}` of a Markdown template into `{{{escape_markdown value}}}`.
 * Handlebars' own escaping is for HTML and global to the library; this keeps the escaping
 * right for Markdown and local to this engine.
 */
function escapeForMarkdown(ast: hbs.AST.Program, isHelper: (name: string) => boolean): void {
  walk(ast as unknown as HbsNode, (node) => {
    if (node.type !== "MustacheStatement") return;
    const mustache = node as unknown as hbs.AST.MustacheStatement & { escaped: boolean };
    if (!mustache.escaped) return;
    const path = mustache.path as hbs.AST.PathExpression;
    const callsHelper =
      mustache.params.length > 0 ||
      (mustache.hash?.pairs.length ?? 0) > 0 ||
      (path.type === "PathExpression" && isHelper(path.original));
    const inner: hbs.AST.Expression = callsHelper
      ? ({
          type: "SubExpression",
          path: mustache.path,
          params: mustache.params,
          hash: mustache.hash,
          loc: mustache.loc,
        } as hbs.AST.SubExpression)
      : mustache.path;
    mustache.path = {
      type: "PathExpression",
      data: false,
      depth: 0,
      parts: ["escape_markdown"],
      original: "escape_markdown",
      loc: mustache.loc,
    } as hbs.AST.PathExpression;
    mustache.params = [inner];
    mustache.hash = undefined as unknown as hbs.AST.Hash;
    mustache.escaped = false;
  });
}
