import { parse as parseYaml } from "yaml";

/** A locale file's texts by dotted key (`people.title`), read once per engine. */
export class LocaleTexts {
  private readonly parsed = new Map<string, Map<string, string>>();

  constructor(
    private readonly source: (file: string) => { file: string; text: string } | undefined,
  ) {}

  /** The file a locale's texts come from: `locales/<locale>.yaml`. */
  static fileOf(locale: string): string {
    return `locales/${locale}.yaml`;
  }

  /** The texts of a locale file, or undefined when the templates have no such file. */
  strings(file: string): Map<string, string> | undefined {
    const cached = this.parsed.get(file);
    if (cached) return cached;
    const source = this.source(file);
    if (!source) return undefined;
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
    this.parsed.set(file, strings);
    return strings;
  }
}

/** `{name}` in a locale text filled from `values`; a name the call does not give is `missing`. */
export function fill(
  text: string,
  values: Record<string, unknown>,
  missing: (name: string) => never,
): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) missing(name);
    return String(values[name]);
  });
}
