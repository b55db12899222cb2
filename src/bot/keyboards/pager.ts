import type { InlineKeyboard } from "grammy";
import type { Translate } from "../../i18n/index.js";
import { newRow } from "../forms/stepped.js";

/** Previous / next page buttons, `data(page)`, only where there is somewhere to go. */
export function pager(
  keyboard: InlineKeyboard,
  t: Translate,
  data: (page: number) => string,
  page: number,
  total: number,
  size: number,
) {
  const last = Math.max(0, Math.ceil(total / size) - 1);
  if (page === 0 && last === 0) return keyboard;
  newRow(keyboard);
  if (page > 0) keyboard.text(t("my.previous"), data(page - 1));
  if (page < last) keyboard.text(t("my.nextPage"), data(page + 1));
  return keyboard;
}

/** "Page 2 of 3", or nothing when everything fits on one page. */
export function pageLine(t: Translate, page: number, total: number, size: number): string | undefined {
  const pages = Math.ceil(total / size);
  return pages > 1 ? t("my.page", { page: page + 1, pages }) : undefined;
}
