import i18next, { type TFunction } from "i18next";
import { escapeHtml } from "../domain/text.js";
import { BUNDLED_LOCALES } from "./bundled-locales.js";
import { discoverLocales, FALLBACK_LOCALES, type Locale, type LocaleSource } from "./locales.js";

export type Translate = TFunction;
export {
  FALLBACK_LOCALES,
  isLocale,
  LOCALE_CODE,
  LOCALES,
  type Locale,
  type LocaleSource,
  localeFromTelegram,
} from "./locales.js";

/** The locale files in use, by code. */
export let RESOURCES: LocaleSource = BUNDLED_LOCALES;

let i18n = i18next.createInstance();
const cache = new Map<Locale, Translate>();

/**
 * Makes `source` the languages the bot speaks: the bundled locales/*.json at start-up; a test may
 * pass more. Static imports and a synchronous init keep this usable on Workers, where there is no
 * file system.
 */
export function useLocales(source: LocaleSource): void {
  const locales = discoverLocales(source);
  RESOURCES = source;
  cache.clear();
  i18n = i18next.createInstance();
  i18n.init({
    resources: Object.fromEntries(locales.map((l) => [l, { translation: source[l] as object }])),
    supportedLngs: [...locales],
    fallbackLng: FALLBACK_LOCALES.filter((l) => locales.includes(l)),
    initAsync: false,
    returnNull: false,
    // Messages go out with parse_mode HTML: every interpolated value is HTML-escaped by default.
    interpolation: { escapeValue: true, escape: escapeHtml },
  });
}

useLocales(BUNDLED_LOCALES);

/** The language named in itself («Oʻzbekcha»), from its own locale file. */
export const languageName = (locale: Locale): string => translator(locale)("language.name");

export function translator(locale: Locale): Translate {
  let t = cache.get(locale);
  if (!t) {
    t = compiledTexts(locale, i18n.getFixedT(locale));
    cache.set(locale, t);
  }
  return t;
}

/** Options that make i18next choose or build the text otherwise than by filling in values. */
const I18NEXT_OPTIONS = new Set([
  "count",
  "context",
  "defaultValue",
  "lng",
  "lngs",
  "ns",
  "ordinal",
  "replace",
  "returnObjects",
  "joinArrays",
  "interpolation",
  "postProcess",
]);

/**
 * A text is the same every time for the same values; i18next works it out anew on every call,
 * which a profile of the flows showed as a tenth of the bot's processor time. Resources never
 * change after start-up, so each text is split once into its parts and filled in, its values
 * HTML-escaped as i18next escapes them. Anything else i18next does (plurals, nesting, unescaped
 * values, formats, a value not given) is left to i18next.
 */
function compiledTexts(locale: Locale, t: Translate): Translate {
  const compiled = new Map<string, readonly string[] | null>();
  const partsOf = (key: string) => {
    let parts = compiled.get(key);
    if (parts === undefined) {
      parts = templateParts(i18n.getResource(locale, "translation", key));
      compiled.set(key, parts);
    }
    return parts;
  };
  const fill = (key: unknown, ...rest: unknown[]) => {
    const values = rest[0] as Record<string, unknown> | undefined;
    const parts = typeof key === "string" && rest.length <= 1 ? partsOf(key) : null;
    const text =
      parts && (values === undefined || typeof values === "object")
        ? filledIn(parts, values ?? {})
        : undefined;
    return text ?? (t as unknown as (...args: unknown[]) => string)(key, ...rest);
  };
  return fill as unknown as Translate;
}

/** Text and value names, alternately; null for a template only i18next can fill in. */
function templateParts(template: unknown): readonly string[] | null {
  if (typeof template !== "string" || template.includes("$t(")) return null;
  const parts = template.split(/\{\{([\w]+)\}\}/);
  return parts.some((part, i) => i % 2 === 0 && part.includes("{{")) ? null : parts;
}

function filledIn(parts: readonly string[], values: Record<string, unknown>): string | undefined {
  let text = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const value = values[parts[i]!];
    if (value === undefined || value === null) return undefined;
    text += escapeHtml(String(value)) + parts[i + 1]!;
  }
  for (const option in values) if (I18NEXT_OPTIONS.has(option)) return undefined;
  return text;
}

export function hasKey(locale: Locale, key: string): boolean {
  return i18n.exists(key, { lng: locale, fallbackLng: false });
}
