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
    t = i18n.getFixedT(locale);
    cache.set(locale, t);
  }
  return t;
}

export function hasKey(locale: Locale, key: string): boolean {
  return i18n.exists(key, { lng: locale, fallbackLng: false });
}
