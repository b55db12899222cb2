import type { AGE_BANDS, GENDERS } from "../domain/profile.js";
import { type Cell, SMALL } from "../domain/suppression.js";
import { formatNumber } from "./format.js";
import type { Translate } from "./index.js";

/** Group names in statistics, shared by the message, the chart and the public page. */
export const genderLabel = (t: Translate, g: (typeof GENDERS)[number]) =>
  g === "undisclosed" ? t("stats.notStated") : t(`profile.gender.${g}`);
export const ageLabel = (t: Translate, a: (typeof AGE_BANDS)[number]) =>
  a === "undisclosed" ? t("stats.notStated") : t(`profile.age.${a}`);

/** A published count as text; `<5` is left for the caller to escape where HTML needs it. */
export const cellText = (cell: Cell) => (typeof cell === "number" ? formatNumber(cell) : cell);

export const cellHtml = (cell: Cell) => (cell === SMALL ? "&lt;5" : cellText(cell));

/** `3 d 4 h`, `5 h`, `40 min`: medians of hours to days read best rounded like this. */
export function durationText(t: Translate, ms: number | null): string {
  if (ms === null) return "—";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return t("stats.minutes", { n: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t("stats.hours", { n: hours });
  return t("stats.days", { n: Math.floor(hours / 24), h: hours % 24 });
}

export const percent = (share: number | null) => (share === null ? "" : ` (${Math.round(share * 100)}%)`);
