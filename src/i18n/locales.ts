export const LOCALES = ["ky", "ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The bot's language for a Telegram `language_code` such as "ru" or "en-US", if it speaks it. */
export function localeFromTelegram(languageCode: string | undefined): Locale | undefined {
  const base = languageCode?.toLowerCase().split("-")[0];
  return isLocale(base) ? base : undefined;
}
