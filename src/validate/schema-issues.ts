import type { z } from "zod";
import { describeValue } from "../core/describe.js";
import { formatPath, type Issue, type IssuePath } from "../core/issue.js";
import { didYouMean } from "../core/suggest.js";
import { issueAt, offsetOf, type YamlFile } from "../load/yaml-file.js";
import { expectation } from "../schema/common.js";
import { schemaAt, unwrap } from "../schema/walk.js";

type ZodIssue = z.core.$ZodIssue;

const typeNames: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "a text",
  object: "a mapping",
  array: "a list",
  boolean: "true or false",
};

/** Turns zod's findings for one file into issues that point at the file's lines. */
export function schemaIssues(
  file: YamlFile,
  schema: z.ZodType,
  value: unknown,
  issues: ZodIssue[],
): Issue[] {
  return issues.flatMap((issue) => convert(file, schema, value, issue, []));
}

function convert(
  file: YamlFile,
  schema: z.ZodType,
  root: unknown,
  issue: ZodIssue,
  prefix: IssuePath,
): Issue[] {
  const path = [...prefix, ...(issue.path as IssuePath)];
  const found = valueAt(root, path);
  const at = (
    message: string,
    options: { key?: boolean; hint?: string; path?: IssuePath } = {},
  ): Issue => {
    const issuePath = options.path ?? path;
    return issueAt(
      file,
      offsetOf(file, issuePath, { key: options.key ?? false }),
      "error",
      message,
      {
        path: formatPath(issuePath),
        ...(options.hint ? { hint: options.hint } : {}),
      },
    );
  };

  switch (issue.code) {
    case "unrecognized_keys": {
      const known = keysAt(schema, path);
      return issue.keys.map((key) =>
        at(`unknown key "${key}"; expected one of ${known.map((name) => `"${name}"`).join(", ")}`, {
          key: true,
          path: [...path, key],
          ...withHint(didYouMean(key, known)),
        }),
      );
    }
    case "invalid_type": {
      const expected =
        describeExpected(schema, path) ?? typeNames[issue.expected] ?? issue.expected;
      if (found === undefined) {
        const key = path[path.length - 1];
        return [at(`missing key "${String(key)}": expected ${expected}`)];
      }
      return [at(`expected ${expected}, found ${describeValue(found)}`)];
    }
    case "invalid_union": {
      // Report the branch that got furthest: for `{ about: …, wording: 很多 }` that is the
      // mapping branch, whose own finding is more useful than "not a number".
      const deeper = issue.errors.find((branch) =>
        branch.some((inner) => inner.path.length > 0 || inner.code !== "invalid_type"),
      );
      if (deeper) return deeper.flatMap((inner) => convert(file, schema, root, inner, path));
      const expected = describeExpected(schema, path) ?? "another kind of value";
      return [at(`expected ${expected}, found ${describeValue(found)}`)];
    }
    case "invalid_value":
      return [
        at(
          `expected one of ${issue.values.map((option) => JSON.stringify(option)).join(", ")}, found ${describeValue(found)}`,
          withHint(
            typeof found === "string" ? didYouMean(found, issue.values.map(String)) : undefined,
          ),
        ),
      ];
    case "custom": {
      const hint = (issue.params as { hint?: unknown } | undefined)?.hint;
      return [
        at(
          `expected ${issue.message}, found ${describeValue(found)}`,
          withHint(typeof hint === "string" ? hint : undefined),
        ),
      ];
    }
    case "too_small":
    case "too_big":
    case "invalid_format":
      return [at(`expected ${issue.message}, found ${describeValue(found)}`)];
    default:
      return [at(`${issue.message}, found ${describeValue(found)}`)];
  }
}

function withHint(hint: string | undefined): { hint?: string } {
  return hint === undefined ? {} : { hint };
}

function valueAt(root: unknown, path: IssuePath): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    if (!Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

function keysAt(schema: z.ZodType, path: IssuePath): string[] {
  const found = schemaAt(schema, path);
  if (!found) return [];
  let def = unwrap(found)._zod.def as { type: string; shape?: object; options?: z.ZodType[] };
  if (def.type === "union") {
    const objectOption = def.options?.find((option) => unwrap(option)._zod.def.type === "object");
    if (objectOption) def = unwrap(objectOption)._zod.def as typeof def;
  }
  return def.shape ? Object.keys(def.shape) : [];
}

function describeExpected(schema: z.ZodType, path: IssuePath): string | undefined {
  const found = schemaAt(schema, path);
  if (!found) return undefined;
  return expectation.get(found)?.expected ?? expectation.get(unwrap(found))?.expected;
}
