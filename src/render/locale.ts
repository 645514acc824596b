import { LineCounter, parseDocument } from "yaml";
import { codeFrame } from "../core/issue.js";
import { keepValue, keptValue } from "../load/parsed-cache.js";
import { TemplateError } from "./template-errors.js";

interface LocaleSource {
  file: string;
  text: string;
  /** The locale file this one replaces: its keys stand where this one has none. */
  under?: LocaleSource;
}

/**
 * A locale file's texts by dotted key (`people.title`), read once per engine. A project's own
 * locale file replaces the built-in one key by key: a key it lacks (one a later release added)
 * comes from the built-in file, so a copy made by `report eject` keeps working.
 */
export class LocaleTexts {
  private readonly parsed = new Map<string, Map<string, string>>();

  constructor(private readonly source: (file: string) => LocaleSource | undefined) {}

  /** The file a locale's texts come from: `locales/<locale>.yaml`. */
  static fileOf(locale: string): string {
    return `locales/${locale}.yaml`;
  }

  /** The texts of a locale file, or undefined when the templates have no such file. */
  strings(file: string): Map<string, string> | undefined {
    const cached = this.parsed.get(file);
    if (cached) return cached;
    const top = this.source(file);
    if (!top) return undefined;
    const layers: LocaleSource[] = [];
    for (let layer: LocaleSource | undefined = top; layer; layer = layer.under)
      layers.unshift(layer);
    const strings = new Map<string, string>();
    const walk = (value: unknown, prefix: string) => {
      if (value && typeof value === "object" && !Array.isArray(value)) {
        for (const [key, inner] of Object.entries(value))
          walk(inner, prefix ? `${prefix}.${key}` : key);
      } else if (typeof value === "string" || typeof value === "number") {
        strings.set(prefix, String(value));
      }
    };
    for (const layer of layers) walk(parsed(layer), "");
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

/** How a locale file is read, in the key of its kept value (see load/parsed-cache.ts). */
const localeReading = "locale texts; aliases at most 100";

/**
 * A locale file's YAML; a mistake in it is an error at its file, line and column. A file that
 * read without a mistake is kept in the user's cache by its text, as records are: every build
 * reads the built-in one.
 */
function parsed(source: LocaleSource): unknown {
  const kept = keptValue(source.text, localeReading);
  if (kept) return kept.value;
  const lineCounter = new LineCounter();
  const document = parseDocument(source.text, { lineCounter, prettyErrors: false });
  const error = document.errors[0];
  if (!error) {
    const value = document.toJS({ maxAliasCount: 100 });
    keepValue(source.text, localeReading, value);
    return value;
  }
  const { line, col } = lineCounter.linePos(error.pos[0]);
  throw new TemplateError({
    severity: "error",
    file: source.file,
    line,
    column: col,
    message:
      error.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? error.message,
    frame: codeFrame(source.text, line, col),
  });
}
