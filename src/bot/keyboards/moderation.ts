import { InlineKeyboard } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { REJECT_REASONS } from "../../domain/initiative-status.js";
import type { Translate } from "../../i18n/index.js";
import { Moderation } from "../callbacks.js";
import { blockButton } from "./blocking.js";

export function moderationKeyboard(t: Translate, id: number, version: number, nextOffset?: number) {
  const shown = { initiative: id, version };
  const keyboard = new InlineKeyboard()
    .text(t("moderation.approve"), Moderation.approve.pack(shown))
    .row()
    .text(t("moderation.requestChanges"), Moderation.requestChanges.pack(shown))
    .text(t("moderation.reject"), Moderation.reject.pack(shown));
  blockButton(keyboard, t, "initiative", id);
  if (nextOffset !== undefined)
    keyboard.row().text(t("moderation.next"), Moderation.queue.pack({ offset: nextOffset }));
  return keyboard;
}

export function rejectReasonsKeyboard(t: Translate, id: number, version: number) {
  const shown = { initiative: id, version };
  const keyboard = new InlineKeyboard();
  for (const reason of REJECT_REASONS)
    keyboard.text(t(`moderation.reasons.${reason}`), Moderation.reason.pack({ ...shown, reason })).row();
  return keyboard
    .text(t("moderation.writeReason"), Moderation.writeReason.pack(shown))
    .row()
    .text(t("moderation.back"), Moderation.back.pack(shown));
}

export function promptCancelKeyboard(t: Translate) {
  return new InlineKeyboard().text(t("moderation.cancelPrompt"), Moderation.cancelPrompt.pack());
}

export function queueKeyboard(t: Translate, offset = 0) {
  return new InlineKeyboard().text(t("moderation.openQueue"), Moderation.queue.pack({ offset }));
}

/** Outbox payloads store plain Bot API markup. */
export function markup(keyboard: InlineKeyboard): InlineKeyboardMarkup {
  return { inline_keyboard: keyboard.inline_keyboard };
}
