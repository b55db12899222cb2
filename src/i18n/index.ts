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
    t = rememberPlainTexts(i18n.getFixedT(locale));
    cache.set(locale, t);
  }
  return t;
}

/**
 * A text without values is the same every time; i18next works it out anew on every call, which
 * a profile of the flows showed as a tenth of the bot's processor time. Resources never change
 * after start-up, so each is worked out once.
 */
function rememberPlainTexts(t: Translate): Translate {
  const plain = new Map<string, string>();
  const remembering = (key: unknown, ...rest: unknown[]) => {
    if (rest.length > 0 || typeof key !== "string")
      return (t as unknown as (...args: unknown[]) => string)(key, ...rest);
    let text = plain.get(key);
    if (text === undefined) {
      text = t(key);
      plain.set(key, text);
    }
    return text;
  };
  return remembering as unknown as Translate;
}

export function hasKey(locale: Locale, key: string): boolean {
  return i18n.exists(key, { lng: locale, fallbackLng: false });
}
