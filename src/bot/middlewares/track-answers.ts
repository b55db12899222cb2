import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";

/**
 * Notes when the button press was answered: Telegram takes one answer per press, so a refusal
 * that comes after an acknowledgement must be sent as a message to be seen at all.
 */
export const trackCallbackAnswers: MiddlewareFn<BotContext> = (ctx, next) => {
  ctx.callbackAnswered = false;
  if (ctx.callbackQuery) {
    ctx.api.config.use((prev, method, payload, signal) => {
      if (method === "answerCallbackQuery") ctx.callbackAnswered = true;
      return prev(method, payload, signal);
    });
  }
  return next();
};
