import { BUNDLED_LOCALES } from "./bundled-locales.js";

/** A language code such as "ky" or "uz": the name of a file in locales/, nothing more. */
export type Locale = string;
/** Locale files by code, as JSON trees: the bundled ones, or another source in tests. */
export type LocaleSource = Record<string, unknown>;

/** Where a text or a municipality's name is missing in a language, these are tried in order. */
export const FALLBACK_LOCALES: readonly Locale[] = ["ru", "en"];

/** A language code in callback data patterns; the handler still checks it with `isLocale`. */
export const LOCALE_CODE = "[a-z]{2,3}";
const CODE = new RegExp(`^${LOCALE_CODE}$`);

/**
 * The languages the bot speaks, discovered from the locale files (sorted by code). Refilled in
 * place by `useLocales`, so every importer sees the same list.
 */
export const LOCALES: Locale[] = [];

/** Checks a source and makes its codes the languages; a file without `language.name` is refused. */
export function discoverLocales(source: LocaleSource): Locale[] {
  const codes = Object.keys(source).sort();
  for (const code of codes) {
    if (!CODE.test(code))
      throw new Error(`locale file "${code}": the name must be a language code like "uz"`);
    const language = (source[code] as { language?: { name?: unknown } }).language;
    if (typeof language?.name !== "string" || !language.name)
      throw new Error(`locale file "${code}" lacks language.name, the language named in itself`);
  }
  LOCALES.splice(0, LOCALES.length, ...codes);
  return LOCALES;
}

discoverLocales(BUNDLED_LOCALES);

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && LOCALES.includes(value);
}

/** The bot's language for a Telegram `language_code` such as "ru" or "en-US", if it speaks it. */
export function localeFromTelegram(languageCode: string | undefined): Locale | undefined {
  const base = languageCode?.toLowerCase().split("-")[0];
  return isLocale(base) ? base : undefined;
}
