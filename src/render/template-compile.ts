import { createHash } from "node:crypto";
import Handlebars from "handlebars";
import { digestedKind, keepSerialized, readSerialized } from "../services/kept-files.js";
import { escapeForMarkdown, makeParametersStrict, walk } from "./ast.js";

type HbsNode = hbs.AST.Node & Record<string, unknown>;

/** Markdown templates escape inserted values for Markdown; HTML templates for HTML. */
export type TemplateKind = "markdown" | "html";

/** A helper or partial a template calls, and where: checked against the engine's on every use. */
export interface NameUse {
  kind: "helper" | "partial";
  name: string;
  loc: hbs.AST.SourceLocation;
}

/** A template's text parsed and rewritten for its kind, with the names it calls. */
export interface ParsedTemplate {
  ast: hbs.AST.Program;
  names: NameUse[];
}

/** Strict: a field that does not exist is an error. Markdown is escaped by the AST rewrite. */
export function compileOptions(kind: TemplateKind): CompileOptions {
  return { strict: true, noEscape: kind === "markdown" };
}

/**
 * What a compiled template depends on besides its text: its kind, the helpers there are (a
 * mustache naming a helper is not escaped as a value) and the Handlebars release.
 */
export function compileKey(kind: TemplateKind, helpers: readonly string[], text: string): string {
  return createHash("sha256")
    .update(`${Handlebars.VERSION}\0${kind}\0${[...helpers].sort().join(",")}\0${text}`)
    .digest("hex");
}

/**
 * Parses one template and rewrites it for its kind: values in Markdown escaped for Markdown,
 * helper arguments strict. Handlebars' own errors are thrown as Handlebars throws them, for the
 * caller to place in the template's file.
 */
export function compileText(
  text: string,
  kind: TemplateKind,
  helpers: readonly string[],
): ParsedTemplate {
  const ast = Handlebars.parse(text);
  const names = namesUsed(ast);
  const known = new Set(helpers);
  if (kind === "markdown") escapeForMarkdown(ast, (name) => known.has(name));
  makeParametersStrict(ast);
  return { ast, names };
}

/** Parsed templates (a project's own, narrative paragraphs that print figures) kept between runs. */
const keptParses = digestedKind("template-trees", "v8", 256);

/** What a kept parse follows from besides compileKey's parts: how this file rewrites it. */
const rewriting = "markdown values escaped by escape_markdown, parameters strict";

/**
 * compileText, its result kept in the user's cache by everything it follows from
 * (`compileKey`: the text, its kind, the helpers, the Handlebars release; and this release):
 * parsing is half of what compiling a narrative paragraph costs, and the paragraphs of a
 * year are the same from build to build. What is kept is the syntax tree, data only; the
 * template is compiled from it each run. A text that does not parse is not kept, so its error
 * is found again. `compiled`: the text's compileKey, which the caller has already worked out.
 */
export function keptCompileText(
  text: string,
  kind: TemplateKind,
  helpers: readonly string[],
  compiled = compileKey(kind, helpers, text),
): ParsedTemplate {
  const key = `${rewriting}\n${compiled}`;
  const kept = readSerialized(keptParses, key);
  if (kept) return kept.value as ParsedTemplate;
  const parsed = compileText(text, kind, helpers);
  // Kept before Handlebars compiles the tree, which marks it as it goes.
  keepSerialized(keptParses, key, parsed);
  return parsed;
}

/** The helpers (named with arguments) and partials a template calls. */
function namesUsed(ast: hbs.AST.Program): NameUse[] {
  const names: NameUse[] = [];
  walk(ast as unknown as HbsNode, (node) => {
    const type = node.type;
    if (type === "MustacheStatement" || type === "SubExpression" || type === "BlockStatement") {
      const call = node as unknown as hbs.AST.MustacheStatement;
      const hasArguments = call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0;
      if (hasArguments && call.path.type === "PathExpression") {
        const name = (call.path as hbs.AST.PathExpression).original;
        names.push({ kind: "helper", name, loc: call.loc });
      }
    }
    if (type === "PartialStatement" || type === "PartialBlockStatement") {
      const partial = node as unknown as hbs.AST.PartialStatement;
      if (partial.name.type === "PathExpression") {
        const name = (partial.name as hbs.AST.PathExpression).original;
        names.push({ kind: "partial", name, loc: partial.loc });
      }
    }
  });
  return names;
}
