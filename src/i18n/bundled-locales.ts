// Written by scripts/bundle-locales.ts from locales/*.json (npm run locales): do not edit.
import locale_en from "../../locales/en.json" with { type: "json" };
import locale_ky from "../../locales/ky.json" with { type: "json" };
import locale_ru from "../../locales/ru.json" with { type: "json" };
import locale_uz from "../../locales/uz.json" with { type: "json" };

export const BUNDLED_LOCALES = { en: locale_en, ky: locale_ky, ru: locale_ru, uz: locale_uz };
