import { InlineKeyboard } from "grammy";
import type { Municipality } from "../../db/repo/municipalities.js";
import { municipalityDistrict, municipalityName } from "../../db/repo/municipalities.js";
import { AGE_BANDS, type AgeBand, GENDERS, type Gender } from "../../domain/profile.js";
import { escapeHtml, rowLimit, truncateLabel } from "../../domain/text.js";
import { LOCALES, type Locale, languageName, type Translate } from "../../i18n/index.js";

/**
 * Each language named in itself; the suggested one (Telegram's) is marked and comes first, the
 * default language (Kyrgyz, for most people) next, then the others by code.
 */
export function languageKeyboard(suggested: Locale, defaultLocale: Locale, data: (locale: Locale) => string) {
  const order = [...new Set([suggested, defaultLocale, ...LOCALES])];
  const keyboard = new InlineKeyboard();
  for (const locale of order) {
    const label = locale === suggested ? `✅ ${languageName(locale)}` : languageName(locale);
    keyboard.text(label, data(locale)).row();
  }
  return keyboard;
}

/**
 * Button labels: the name alone, which fits a phone's row. Names that two municipalities share
 * (the two Lenins) get a number, (1) and (2) in the order of `list`; `municipalityNote` says which
 * district each number is.
 */
function municipalityLabels(list: Municipality[], locale: Locale): Map<number, string> {
  const byName = new Map<string, Municipality[]>();
  for (const m of list) {
    const name = municipalityName(m, locale);
    byName.set(name, [...(byName.get(name) ?? []), m]);
  }
  const labels = new Map<number, string>();
  for (const [name, same] of byName)
    for (const [i, m] of same.entries()) labels.set(m.id, same.length > 1 ? `${name} (${i + 1})` : name);
  return labels;
}

/** For the HTML text above a municipality keyboard: the districts of names shown more than once, or "". */
export function municipalityNote(list: Municipality[], locale: Locale): string {
  const labels = municipalityLabels(list, locale);
  const lines = list
    .filter((m) => labels.get(m.id) !== municipalityName(m, locale))
    .map((m) => escapeHtml(`${labels.get(m.id)}: ${municipalityDistrict(m, locale)}`));
  return lines.length > 0 ? `\n\n${lines.join("\n")}` : "";
}

/** The person's current municipality comes first and ticked: most of what they do is about home. */
export function municipalityKeyboard(
  list: Municipality[],
  locale: Locale,
  data: (m: Municipality) => string,
  current: number | null = null,
) {
  const keyboard = new InlineKeyboard();
  const labels = municipalityLabels(list, locale);
  const ordered = [...list.filter((m) => m.id === current), ...list.filter((m) => m.id !== current)];
  for (const m of ordered) {
    const label = labels.get(m.id)!;
    // An operator may type a long name: a button is cut to a phone's row rather than wrapped away.
    keyboard.text(truncateLabel(m.id === current ? `✅ ${label}` : label, rowLimit(1)), data(m)).row();
  }
  return keyboard;
}

export function genderKeyboard(t: Translate, data: (gender: Gender | "skip") => string) {
  const keyboard = new InlineKeyboard();
  for (const g of GENDERS) keyboard.text(t(`profile.gender.${g}`), data(g)).row();
  return keyboard.text(t("common.skip"), data("skip"));
}

export function ageKeyboard(t: Translate, data: (band: AgeBand | "skip") => string) {
  const keyboard = new InlineKeyboard();
  // The bands two to a row; "prefer not to say", the longest label, on a row of its own.
  AGE_BANDS.forEach((band, i) => {
    if (band === "undisclosed") keyboard.row();
    keyboard.text(t(`profile.age.${band}`), data(band));
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard.row().text(t("common.skip"), data("skip"));
}

export function confirmKeyboard(yes: string, no: string, data: (answer: "yes" | "no") => string) {
  return new InlineKeyboard().text(yes, data("yes")).row().text(no, data("no"));
}
