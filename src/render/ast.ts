/**
 * Rewrites of a parsed Handlebars template: helper arguments made strict, and values inserted
 * into Markdown escaped for Markdown.
 */
type HbsNode = hbs.AST.Node & Record<string, unknown>;

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

export function walk(node: HbsNode, visit: (node: HbsNode) => void): void {
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
export function makeParametersStrict(ast: hbs.AST.Program): void {
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
export function escapeForMarkdown(ast: hbs.AST.Program, isHelper: (name: string) => boolean): void {
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
