import { InlineKeyboard } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Translate } from "../../i18n/index.js";
import { Reporter } from "../callbacks.js";

export function clearChatKeyboard(t: Translate) {
  return new InlineKeyboard().text(t("report.clearButton"), Reporter.clear.pack());
}

export function answerKeyboard(t: Translate, reportId: number, eventId: number) {
  return new InlineKeyboard().text(
    t("report.answerButton"),
    Reporter.answer.pack({ report: reportId, question: eventId }),
  );
}

export function resolvedKeyboard(t: Translate, reportId: number) {
  return new InlineKeyboard()
    .text(t("report.resolvedYes"), Reporter.resolved.pack({ report: reportId }))
    .row()
    .text(t("report.resolvedNo"), Reporter.unresolved.pack({ report: reportId }));
}

/** Outbox payloads store plain Bot API markup. */
export function plainMarkup(keyboard: InlineKeyboard): InlineKeyboardMarkup {
  return { inline_keyboard: keyboard.inline_keyboard };
}
