import type { MiddlewareFn } from "grammy";
import type { BotContext, BotDeps } from "../context.js";

/**
 * Notes when the button press was answered: Telegram takes one answer per press, so a refusal
 * that comes after an acknowledgement must be sent as a message to be seen at all.
 *
 * Answering is best effort: Telegram refuses answers that come late ("query is too old": under
 * load, after a retry or a restart), and by then the step's change is stored. A failed answer is
 * logged and the step goes on to its own reply; an alert (a refusal) is sent to a private chat as a
 * message instead, so that it is still read.
 */
export function trackCallbackAnswers(deps: BotDeps): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    ctx.callbackAnswered = false;
    if (!ctx.callbackQuery) return next();
    ctx.api.config.use(async (prev, method, payload, signal) => {
      if (method !== "answerCallbackQuery") return prev(method, payload, signal);
      ctx.callbackAnswered = true;
      let failure: unknown;
      try {
        const response = await prev(method, payload, signal);
        if (response.ok) return response;
        failure = response.description;
      } catch (error) {
        failure = error;
      }
      deps.logger.warn("button answer failed; the step goes on", {
        updateId: ctx.update.update_id,
        error: failure,
      });
      const { text, show_alert } = payload as { text?: string; show_alert?: boolean };
      if (text && show_alert && ctx.chat?.type === "private") await ctx.api.sendMessage(ctx.chat.id, text);
      return { ok: true, result: true } as Awaited<ReturnType<typeof prev>>;
    });
    return next();
  };
}
