import type { z } from "zod";

/** Peels optional, default, nullable and pipe wrappers off a schema. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (
      def.innerType &&
      ["optional", "default", "nullable", "prefault", "readonly"].includes(def.type)
    ) {
      current = def.innerType;
    } else if (def.type === "pipe" && def.in) {
      current = def.in;
    } else {
      return current;
    }
  }
}

export function schemaAt(
  schema: z.ZodType,
  path: ReadonlyArray<string | number>,
): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    if (!current) return undefined;
    const def = unwrap(current)._zod.def as {
      type: string;
      shape?: Record<string, z.ZodType>;
      element?: z.ZodType;
      options?: z.ZodType[];
    };
    if (def.type === "object" && typeof segment === "string") current = def.shape?.[segment];
    else if (def.type === "array") current = def.element;
    else if (def.type === "union") {
      current = def.options?.find((option) => unwrap(option)._zod.def.type === "object");
      if (current) current = schemaAt(current, [segment]);
    } else return undefined;
  }
  return current;
}

/** Each object schema's fields, listed once: a large year walks thousands of records. */
const fields = new WeakMap<Record<string, z.ZodType>, Array<[string, z.ZodType]>>();

function fieldsOf(shape: Record<string, z.ZodType>): Array<[string, z.ZodType]> {
  let listed = fields.get(shape);
  if (!listed) {
    listed = Object.entries(shape);
    fields.set(shape, listed);
  }
  return listed;
}

/**
 * The value with every optional field the schema declares present, as `null` when the records
 * leave it out. Templates run in strict mode: a field the schema knows is never "missing",
 * while a misspelt one still is.
 */
export function withDeclaredFields(schema: z.ZodType, value: unknown): unknown {
  const def = unwrap(schema)._zod.def as {
    type: string;
    shape?: Record<string, z.ZodType>;
    element?: z.ZodType;
    options?: z.ZodType[];
  };
  if (def.type === "array" && def.element && Array.isArray(value)) {
    const element = def.element;
    return value.map((item) => withDeclaredFields(element, item));
  }
  if (
    def.type === "object" &&
    def.shape &&
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value)
  ) {
    const result: Record<string, unknown> = {};
    // By index: a large year walks thousands of records, and before V8 optimises this loop
    // each step of an iterator (and each [key, schema] taken apart) is an object more.
    const declared = fieldsOf(def.shape);
    for (let index = 0; index < declared.length; index++) {
      const pair = declared[index] as [string, z.ZodType];
      const field = (value as Record<string, unknown>)[pair[0]];
      result[pair[0]] = field === undefined ? null : withDeclaredFields(pair[1], field);
    }
    return result;
  }
  return value;
}
