import { InlineKeyboard } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Translate } from "../../i18n/index.js";
import { callbackData } from "../callback-data.js";

/** What the reporter does after sending: clear the chat, answer a question, say whether it is resolved. */
export const REPORTER = "rr";

export function clearChatKeyboard(t: Translate) {
  return new InlineKeyboard().text(t("report.clearButton"), callbackData(REPORTER, "clear"));
}

export function answerKeyboard(t: Translate, reportId: number, eventId: number) {
  return new InlineKeyboard().text(
    t("report.answerButton"),
    callbackData(REPORTER, "ans", reportId, eventId),
  );
}

export function resolvedKeyboard(t: Translate, reportId: number) {
  return new InlineKeyboard()
    .text(t("report.resolvedYes"), callbackData(REPORTER, "ok", reportId))
    .row()
    .text(t("report.resolvedNo"), callbackData(REPORTER, "no", reportId));
}

/** Outbox payloads store plain Bot API markup. */
export function plainMarkup(keyboard: InlineKeyboard): InlineKeyboardMarkup {
  return { inline_keyboard: keyboard.inline_keyboard };
}
