import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isMap, isScalar, isSeq, parseDocument, type Scalar, visit } from "yaml";
import { InputError } from "../core/errors.js";
import { encodeText, type LegacyEncoding } from "../load/decode.js";
import { dateFieldNames } from "../schema/common.js";
import { withSchemaComment } from "../schema/json-schema.js";
import { readTextFile } from "./text-files.js";

export interface CarryOver {
  /** The folder of the year the records are taken from. */
  source: string;
  /** The new year's folder; it must not exist. */
  target: string;
  from: number;
  to: number;
  /** Where the project's JSON Schemas are, for the comment at the top of each file. */
  schemasDir: string;
  /**
   * `todo`: every figure, date and year-bearing text is marked `# TODO` for the secretariat to
   * replace, and each part of the prose is marked as a draft. `sample`: only moved to the new year.
   */
  mode: "todo" | "sample";
  /** Changes each file's text before it is carried over (a new project's names, its script). */
  transform?: (name: string, text: string) => string;
  /** The project's encoding of record files that are not UTF-8. */
  encoding?: LegacyEncoding | undefined;
  /** How a file is shown to the user. */
  display?: (file: string) => string;
}

const datePattern = /^(\d{4})(-\d{2}(-\d{2})?)?$/;

/**
 * Writes a new year's records from an earlier year's: the same files and structure, comments
 * kept, dates moved to the new year. The files are written to a temporary folder that is renamed
 * into place, so a failure leaves no half-made year behind.
 */
export async function carryOverYear(options: CarryOver): Promise<string[]> {
  const names = (await readdir(options.source)).filter((name) => name.endsWith(".yaml")).sort();
  const staging = `${options.target}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    for (const name of names) {
      const source = path.join(options.source, name);
      const read = await readTextFile(source, options.encoding);
      if ("problem" in read) {
        throw new InputError(`cannot carry ${name} over`, [
          { severity: "error", file: options.display?.(source) ?? source, message: read.problem },
        ]);
      }
      const text = options.transform ? options.transform(name, read.text) : read.text;
      const lines = carryOverFile(name, text, options);
      const carried = read.newline === "\r\n" ? lines.replace(/\r?\n/g, "\r\n") : lines;
      const final = path.join(options.target, name);
      // The new year's file is stored as the old one was: encoding, byte order mark, line ends.
      await writeFile(
        path.join(staging, name),
        encodeText(withSchemaComment(carried, final, options.schemasDir, read.newline), read),
      );
    }
    await mkdir(path.dirname(options.target), { recursive: true });
    await rename(staging, options.target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return names.map((name) => path.join(options.target, name));
}

/** One file carried over: see {@link CarryOver}. */
export function carryOverFile(
  name: string,
  text: string,
  options: Pick<CarryOver, "from" | "to" | "mode">,
): string {
  const document = parseDocument(text, { version: "1.2" });
  const { from, to, mode } = options;
  // A value inside a flow mapping ({ count: 60, unit: 名 }) marks the whole mapping, which stays
  // on one line.
  const todo = (node: Scalar, what: string, parent: unknown) => {
    if (mode !== "todo") return;
    const target = isMap(parent) && parent.flow ? parent : node;
    target.comment ??= ` TODO: ${what} from ${from}; replace with ${to}'s`;
  };
  const shift = to - from;
  // The year and the ones beside it (a financial year 2023–24, last year named as context) move
  // with it; a two-digit end of a financial year (2023–24) too.
  const yearToken = new RegExp(
    `(?<!\\d)(${from - 1}|${from}|${from + 1})(?:([–-])(\\d\\d))?(?!\\d)`,
    "g",
  );
  // A year of the ROC calendar (113年 is 2024) moves too, where a year is written before 年.
  const roc = from - 1911;
  const rocToken = new RegExp(`(?<!\\d)(${roc - 1}|${roc}|${roc + 1})(?=年)`, "g");
  const moveYears = (text: string) =>
    text
      .replace(yearToken, (_, year: string, dash?: string, end?: string) => {
        const moved = Number(year) + shift;
        return dash && end
          ? `${moved}${dash}${String((Number(end) + shift) % 100).padStart(2, "0")}`
          : String(moved);
      })
      .replace(rocToken, (year) => String(Number(year) + shift));

  visit(document, {
    Pair(_, pair, ancestors) {
      const parent = ancestors[ancestors.length - 1];
      if (!isScalar(pair.key) || !isScalar(pair.value)) return;
      const key = String(pair.key.value);
      const value = pair.value;
      if (name === "report.yaml" && key === "year") {
        value.value = to;
        return;
      }
      if (dateFieldNames.has(key) && typeof value.value === "number") {
        // A bare year written as a number (date: 2024) is a date too.
        value.value += shift;
        todo(value, "date moved", parent);
      } else if (typeof value.value === "number") todo(value, "figure", parent);
      else if (typeof value.value === "string") {
        const date = datePattern.exec(value.value);
        if (date) {
          // Every date moves by as many years as the report does.
          value.value = `${Number(date[1]) + shift}${date[2] ?? ""}`;
          todo(value, "date moved", parent);
        } else if (
          (yearToken.test(value.value) || rocToken.test(value.value)) &&
          name !== "narrative.yaml"
        ) {
          value.value = moveYears(value.value);
          todo(value, "text naming the year", parent);
        }
        yearToken.lastIndex = 0;
        rocToken.lastIndex = 0;
      }
    },
  });

  if (mode === "todo" && name === "narrative.yaml" && isMap(document.contents)) {
    for (const pair of document.contents.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (key === "sections" && isSeq(pair.value)) {
        for (const section of pair.value.items) {
          if (isMap(section)) {
            section.commentBefore = ` TODO: draft from ${from}; rewrite this section for ${to}`;
          }
        }
      } else if ((key === "intro" || key === "closing") && isSeq(pair.value)) {
        pair.key.commentBefore = joinComment(
          pair.key.commentBefore,
          ` TODO: draft from ${from}; rewrite the ${key === "intro" ? "introduction" : "closing"} for ${to}`,
        );
      }
    }
  }
  return document.toString({ lineWidth: 0 });
}

function joinComment(existing: string | null | undefined, added: string): string {
  return existing ? `${existing}\n${added}` : added;
}
