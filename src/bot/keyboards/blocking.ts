import { InlineKeyboard } from "grammy";
import type { Translate } from "../../i18n/index.js";
import { callbackData } from "../callback-data.js";

/**
 * Blocking an account: the buttons name a report or an initiative, never the person; the server
 * finds the sender and checks the presser's role on every press, since callback data can be forged.
 */
export const BLOCK = "blk";

export type BlockTarget = "report" | "initiative";
const TARGET_CODE: Record<BlockTarget, string> = { report: "r", initiative: "i" };

/** The card's button: it only asks, the confirmation blocks. */
export function blockButton(keyboard: InlineKeyboard, t: Translate, target: BlockTarget, id: number) {
  const label = t(target === "report" ? "blocking.reportButton" : "blocking.initiativeButton");
  return keyboard.row().text(label, callbackData(BLOCK, TARGET_CODE[target], id));
}

export function blockConfirmKeyboard(t: Translate, target: BlockTarget, id: number) {
  return new InlineKeyboard()
    .text(t("blocking.yes"), callbackData(BLOCK, `${TARGET_CODE[target]}y`, id))
    .text(t("blocking.no"), callbackData(BLOCK, "no"));
}

export function blockedListKeyboard(t: Translate, ids: readonly number[]) {
  const keyboard = new InlineKeyboard();
  ids.forEach((id, i) => {
    keyboard.text(t("blocking.unblockButton", { n: i + 1 }), callbackData(BLOCK, "u", id));
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}

export const blockedListData = () => callbackData(BLOCK, "list");
