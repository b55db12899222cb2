import { InlineKeyboard } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { REJECT_REASONS } from "../../domain/initiative-status.js";
import type { Translate } from "../../i18n/index.js";
import { callbackData } from "../callback-data.js";
import { blockButton } from "./blocking.js";

/** Moderation buttons carry the version they were shown for: a decision on a changed initiative is refused. */
export const MOD = "mod";

export function moderationKeyboard(t: Translate, id: number, version: number, nextOffset?: number) {
  const keyboard = new InlineKeyboard()
    .text(t("moderation.approve"), callbackData(MOD, "ok", id, version))
    .row()
    .text(t("moderation.requestChanges"), callbackData(MOD, "chg", id, version))
    .text(t("moderation.reject"), callbackData(MOD, "rej", id, version));
  blockButton(keyboard, t, "initiative", id);
  if (nextOffset !== undefined) keyboard.row().text(t("moderation.next"), callbackData(MOD, "q", nextOffset));
  return keyboard;
}

export function rejectReasonsKeyboard(t: Translate, id: number, version: number) {
  const keyboard = new InlineKeyboard();
  for (const reason of REJECT_REASONS)
    keyboard.text(t(`moderation.reasons.${reason}`), callbackData(MOD, "rr", id, version, reason)).row();
  return keyboard
    .text(t("moderation.writeReason"), callbackData(MOD, "rw", id, version))
    .row()
    .text(t("moderation.back"), callbackData(MOD, "back", id, version));
}

export function promptCancelKeyboard(t: Translate) {
  return new InlineKeyboard().text(t("moderation.cancelPrompt"), callbackData(MOD, "pc"));
}

export function queueKeyboard(t: Translate, offset = 0) {
  return new InlineKeyboard().text(t("moderation.openQueue"), callbackData(MOD, "q", offset));
}

/** Outbox payloads store plain Bot API markup. */
export function markup(keyboard: InlineKeyboard): InlineKeyboardMarkup {
  return { inline_keyboard: keyboard.inline_keyboard };
}
