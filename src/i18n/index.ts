import i18next, { type TFunction } from "i18next";
import en from "../../locales/en.json" with { type: "json" };
import ky from "../../locales/ky.json" with { type: "json" };
import ru from "../../locales/ru.json" with { type: "json" };
import { escapeHtml } from "../domain/text.js";
import { LOCALES, type Locale } from "./locales.js";

export type Translate = TFunction;
export { isLocale, LOCALES, type Locale, localeFromTelegram } from "./locales.js";

export const RESOURCES = { ky, ru, en } as const satisfies Record<Locale, unknown>;

const i18n = i18next.createInstance();
// Static imports and a synchronous init keep this usable on Workers, where there is no file system.
i18n.init({
  resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: RESOURCES[l] }])),
  supportedLngs: [...LOCALES],
  fallbackLng: ["ru", "en"],
  initAsync: false,
  returnNull: false,
  // Messages go out with parse_mode HTML: every interpolated value is HTML-escaped by default.
  interpolation: { escapeValue: true, escape: escapeHtml },
});

const cache = new Map<Locale, Translate>();

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
