import type { FigureSource } from "./sources.js";

/** A source in one line: `data/2022/relief.yaml:15 programmes[0].amount`. */
export function describeSource(source: FigureSource): string {
  switch (source.type) {
    case "record":
      return `${source.file}:${source.line} ${source.field}`;
    case "derived":
      return `derived: ${source.derivation}${
        source.inputs?.length
          ? `, from ${source.inputs.map((input) => `${input.file}:${input.line} ${input.field}`).join(", ")}`
          : source.file
            ? ` (${source.file})`
            : ""
      }`;
    case "typed":
      return `typed in ${source.file}${source.line !== undefined ? `:${source.line}` : ""}`;
  }
}
