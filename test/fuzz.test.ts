// Property-based tests: random mutations of the 2022 records, as values and as text. The
// loader and validator never throw (every problem is an issue naming its file), and records
// that validate also render. `npm test` runs a short budget; `npm run fuzz` runs FUZZ_RUNS
// (10 000) cases of each property and prints what the cases did.
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { renderInMemory } from "../src/build/index.js";
import { ReportError } from "../src/core/errors.js";
import { workspace } from "./support.js";
import { hangGuard } from "./time-limits.js";

const runs = Number(process.env.FUZZ_RUNS ?? 60);
/**
 * The same cases every run unless FUZZ_SEED says otherwise; fast-check names the seed and the
 * path of a failing case in its message, and FUZZ_SEED=<seed> runs them again.
 */
const seed = Number(process.env.FUZZ_SEED ?? 20221231);
/** About 30 ms a case on a quiet machine: the test's time limit follows the budget. */
const timeout = hangGuard(runs * 0.03);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

/** Every path into a value, the value itself first. */
function paths(value: Json, prefix: Path = []): Path[] {
  const inner = Array.isArray(value)
    ? value.flatMap((item, index) => paths(item, [...prefix, index]))
    : value !== null && typeof value === "object"
      ? Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]))
      : [];
  return [prefix, ...inner];
}

function getAt(value: Json, at: Path): Json {
  return at.reduce<Json>((current, key) => (current as Record<string, Json>)[key] as Json, value);
}

type Mutation =
  | { kind: "replace"; value: Json }
  | { kind: "delete" }
  | { kind: "rename"; key: string }
  | { kind: "add"; key: string; value: Json }
  | { kind: "duplicate" }
  | { kind: "similar"; seed: number; text: string };

/** The value at `at` changed by `mutation`; a copy, the original is left alone. */
function mutate(root: Json, at: Path, mutation: Mutation): Json {
  const copy = structuredClone(root);
  if (at.length === 0) return mutation.kind === "replace" ? mutation.value : copy;
  const parent = getAt(copy, at.slice(0, -1)) as Record<string | number, Json>;
  const key = at[at.length - 1] as string | number;
  const current = parent[key] as Json;
  switch (mutation.kind) {
    case "replace":
      parent[key] = mutation.value;
      break;
    case "delete":
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case "rename":
      if (!Array.isArray(parent)) {
        Object.defineProperty(parent, mutation.key, {
          value: current,
          enumerable: true,
          configurable: true,
          writable: true,
        });
        if (mutation.key !== key) delete parent[key];
      }
      break;
    case "add":
      if (current !== null && typeof current === "object" && !Array.isArray(current)) {
        Object.defineProperty(current, mutation.key, {
          value: mutation.value,
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      break;
    case "duplicate":
      if (Array.isArray(parent)) parent.splice(Number(key), 0, structuredClone(current));
      break;
    case "similar":
      // A value of the same kind, so that many mutated records still validate.
      parent[key] =
        typeof current === "number"
          ? mutation.seed % 3 === 0
            ? current + (mutation.seed % 7)
            : mutation.seed
          : typeof current === "string"
            ? mutation.text.length > 0
              ? mutation.text
              : current
            : Array.isArray(current)
              ? current.slice(0, mutation.seed % (current.length + 1))
              : current;
      break;
  }
  return copy;
}

/** Keys as records have them, as a typo makes them, and as an attack would. */
const key = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "id", "amount", "titel"),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** Text pasted from elsewhere: markup, template syntax, CJK, control characters. */
const text = fc.oneof(
  fc.constantFrom(
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[link](javascript:alert(1))",
    "{{money relief.exact_total}}",
    "{{constructor.constructor}}",
    "{{#each}}",
    "}}{{",
    "政協洛江區\u3000委員會",
    "\u0000\u0007\u001b[31m",
    "|a|b|\n|-|-|",
    "# heading\n\n---",
  ),
  fc.string({ unit: "grapheme", maxLength: 30 }),
);

const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string(),
    text,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4 }),
  ),
})).value;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  json.map((value) => ({ kind: "replace" as const, value })),
  fc.constant({ kind: "delete" as const }),
  key.map((name) => ({ kind: "rename" as const, key: name })),
  fc.tuple(key, json).map(([name, value]) => ({ kind: "add" as const, key: name, value })),
  fc.constant({ kind: "duplicate" as const }),
  fc
    .tuple(fc.nat({ max: 2_000_000 }), text)
    .map(([seed, value]) => ({ kind: "similar" as const, seed, text: value })),
  fc
    .tuple(fc.nat({ max: 2_000_000 }), fc.constant(""))
    .map(([seed]) => ({ kind: "similar" as const, seed, text: "" })),
);

interface Tally {
  cases: number;
  /** Refused with one of the tool's own errors (a usage or input error), not an issue list. */
  refused: number;
  valid: number;
  rendered: number;
  invalid: number;
}

/**
 * Builds the year in memory and checks what the tool promises: no exception escapes, every
 * error names a file, and records without errors render to Markdown and HTML.
 */
async function check(cwd: string, tally: Tally, narrativeChanged: boolean): Promise<void> {
  tally.cases++;
  let rendered: Awaited<ReturnType<typeof renderInMemory>>;
  try {
    rendered = await renderInMemory({ cwd, years: [2022] }, 2022);
  } catch (error) {
    // A ReportError is the tool's own, with a message for the user; anything else is a bug.
    if (error instanceof ReportError) {
      tally.refused++;
      return;
    }
    throw error;
  }
  const { errors } = rendered.result;
  for (const issue of errors) {
    expect(issue.file, issue.message).toMatch(/\.(yaml|hbs)$/);
    expect(issue.message).not.toMatch(/^\s+at /m);
  }
  if (errors.length > 0) {
    tally.invalid++;
    // Records that pass every check render: only a narrative paragraph (a template itself)
    // may fail at rendering, and then at its own file.
    if (!narrativeChanged) {
      for (const issue of errors) expect(issue.file).not.toMatch(/\.hbs$/);
    }
    return;
  }
  tally.valid++;
  expect(rendered.report?.markdown.length).toBeGreaterThan(100);
  expect(rendered.report?.html).toMatch(/^<!doctype html>/);
  tally.rendered++;
}

/** Warnings a library would print on the user's terminal: a case must not cause any. */
const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(warning.message);
process.on("warning", onWarning);
// The worker goes on to other files: the listener goes with this one.
afterAll(() => {
  process.off("warning", onWarning);
});

describe("fuzzing", async () => {
  const cwd = await workspace();
  const folder = path.join(cwd, "data/2022");
  const names = (await readdir(folder)).sort();
  const originals = new Map(
    await Promise.all(
      names.map(async (name) => [name, await readFile(path.join(folder, name), "utf8")] as const),
    ),
  );
  const values = new Map([...originals].map(([name, text]) => [name, parse(text) as Json]));
  const restore = () =>
    Promise.all([...originals].map(([name, text]) => writeFile(path.join(folder, name), text)));

  it(
    "mutated record values never throw, and those that validate render",
    async () => {
      const tally: Tally = { cases: 0, refused: 0, valid: 0, rendered: 0, invalid: 0 };
      const target = fc
        .tuple(
          fc.constantFrom(...names),
          fc.nat(),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
        )
        .map(([name, pick, changes]) => ({ name, pick, changes }));
      await fc.assert(
        fc.asyncProperty(target, async ({ name, pick, changes }) => {
          await restore();
          let value = values.get(name) as Json;
          for (const change of changes) {
            const all = paths(value);
            value = mutate(value, all[pick % all.length] ?? [], change);
          }
          await writeFile(
            path.join(folder, name),
            stringify(value, { aliasDuplicateObjects: false }),
          );
          await check(cwd, tally, name === "narrative.yaml");
        }),
        { numRuns: runs, seed },
      );
      await restore();
      if (process.env.FUZZ_RUNS) console.log("record values:", tally);
      expect(warnings).toEqual([]);
      expect(tally.cases).toBe(runs);
      // The budget is spent on both kinds of case: some mutations keep the records valid.
      expect(tally.valid).toBeGreaterThan(0);
      expect(tally.invalid).toBeGreaterThan(0);
    },
    timeout,
  );

  it(
    "mutated record text never throws",
    async () => {
      const tally: Tally = { cases: 0, refused: 0, valid: 0, rendered: 0, invalid: 0 };
      const edit = fc.record({
        at: fc.nat(),
        remove: fc.nat({ max: 8 }),
        insert: fc.oneof(
          text,
          fc.constantFrom(
            ":",
            "- ",
            "  ",
            "\t",
            "\n",
            "&a ",
            "*a",
            "!!str ",
            "? ",
            "[",
            "{",
            '"',
            "#",
            "---\n",
          ),
          fc.string({ maxLength: 6 }),
        ),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...names),
          fc.array(edit, { minLength: 1, maxLength: 4 }),
          async (name, edits) => {
            await restore();
            let source = originals.get(name) ?? "";
            for (const { at, remove, insert } of edits) {
              const start = at % (source.length + 1);
              source = source.slice(0, start) + insert + source.slice(start + remove);
            }
            await writeFile(path.join(folder, name), source);
            await check(cwd, tally, name === "narrative.yaml");
          },
        ),
        { numRuns: runs, seed },
      );
      await restore();
      if (process.env.FUZZ_RUNS) console.log("record text:", tally);
      expect(warnings).toEqual([]);
      expect(tally.cases).toBe(runs);
    },
    timeout,
  );
});
