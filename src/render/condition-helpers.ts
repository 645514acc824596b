import { Exact } from "../figure/exact.js";
import { split } from "./helpers.js";

type Helper = (...args: unknown[]) => unknown;

function isNumber(value: unknown): value is number | Exact {
  return typeof value === "number" || value instanceof Exact;
}

/** The helpers templates test with: `{{#if (any …)}}`, `(known …)`, `(eq …)`. */
export const conditionHelpers: Record<string, Helper> = {
  /** {{#if (any a b)}}: whether any value is there (not null, false, 0 or an empty list). */
  any(...args) {
    const { values } = split(args);
    return values.some((value) => (Array.isArray(value) ? value.length > 0 : Boolean(value)));
  },
  /** {{#if (known a b)}}: whether any value is recorded (not null), 0 included. */
  known(...args) {
    const { values } = split(args);
    return values.some((value) => value !== null && value !== undefined);
  },
  /** {{#if (eq a b)}} */
  eq(...args) {
    const { values } = split(args);
    const [a, b] = values;
    // A worked-out share is an exact number: equal to a recorded one of the same value.
    if ((a instanceof Exact || b instanceof Exact) && isNumber(a) && isNumber(b))
      return Exact.of(a).compare(b) === 0;
    return a === b;
  },
};
