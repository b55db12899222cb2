import { InlineKeyboard } from "grammy";
import type { Translate } from "../../i18n/index.js";
import { Block } from "../callbacks.js";

/**
 * Blocking an account: the buttons name a report or an initiative, never the person; the server
 * finds the sender and checks the presser's role on every press, since callback data can be forged.
 */
export type BlockTarget = "report" | "initiative";

/** The card's button: it only asks, the confirmation blocks. */
export function blockButton(keyboard: InlineKeyboard, t: Translate, target: BlockTarget, id: number) {
  return target === "report"
    ? keyboard.row().text(t("blocking.reportButton"), Block.askReport.pack({ report: id }))
    : keyboard.row().text(t("blocking.initiativeButton"), Block.askInitiative.pack({ initiative: id }));
}

export function blockConfirmKeyboard(t: Translate, target: BlockTarget, id: number) {
  const yes =
    target === "report" ? Block.report.pack({ report: id }) : Block.initiative.pack({ initiative: id });
  return new InlineKeyboard().text(t("blocking.yes"), yes).text(t("blocking.no"), Block.cancel.pack());
}

export function blockedListKeyboard(t: Translate, ids: readonly number[]) {
  const keyboard = new InlineKeyboard();
  ids.forEach((id, i) => {
    keyboard.text(t("blocking.unblockButton", { n: i + 1 }), Block.unblock.pack({ block: id }));
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}
