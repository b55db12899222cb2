import { InlineKeyboard } from "grammy";
import type { Municipality } from "../../db/repo/municipalities.js";
import { municipalityLabel } from "../../db/repo/municipalities.js";
import { AGE_BANDS, GENDERS } from "../../domain/profile.js";
import { LOCALES, type Locale, type Translate } from "../../i18n/index.js";
import { callbackData } from "../callback-data.js";

const LANGUAGE_NAMES: Record<Locale, string> = { ky: "Кыргызча", ru: "Русский", en: "English" };

/** Each language named in itself; the suggested one (Telegram's) is marked and comes first. */
export function languageKeyboard(feature: string, action: string, suggested: Locale, ...args: string[]) {
  const order = [suggested, ...LOCALES.filter((l) => l !== suggested)];
  const keyboard = new InlineKeyboard();
  for (const locale of order) {
    const label = locale === suggested ? `✅ ${LANGUAGE_NAMES[locale]}` : LANGUAGE_NAMES[locale];
    keyboard.text(label, callbackData(feature, action, locale, ...args)).row();
  }
  return keyboard;
}

/** The person's current municipality comes first and ticked: most of what they do is about home. */
export function municipalityKeyboard(
  list: Municipality[],
  locale: Locale,
  data: (m: Municipality) => string,
  current: number | null = null,
) {
  const keyboard = new InlineKeyboard();
  const ordered = [...list.filter((m) => m.id === current), ...list.filter((m) => m.id !== current)];
  for (const m of ordered) {
    const label = municipalityLabel(m, locale);
    keyboard.text(m.id === current ? `✅ ${label}` : label, data(m)).row();
  }
  return keyboard;
}

export function genderKeyboard(t: Translate, feature: string) {
  const keyboard = new InlineKeyboard();
  for (const g of GENDERS) keyboard.text(t(`profile.gender.${g}`), callbackData(feature, "gender", g)).row();
  return keyboard.text(t("common.skip"), callbackData(feature, "gender", "skip"));
}

export function ageKeyboard(t: Translate, feature: string) {
  const keyboard = new InlineKeyboard();
  AGE_BANDS.forEach((band, i) => {
    keyboard.text(t(`profile.age.${band}`), callbackData(feature, "age", band));
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard.row().text(t("common.skip"), callbackData(feature, "age", "skip"));
}

export function confirmKeyboard(feature: string, action: string, yes: string, no: string) {
  return new InlineKeyboard()
    .text(yes, callbackData(feature, action, "yes"))
    .row()
    .text(no, callbackData(feature, action, "no"));
}
