import { createHash } from "node:crypto";
import Handlebars from "handlebars";
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
