import type { MiddlewareFn } from "grammy";
import { type FloodOptions, floodVerdict } from "../../domain/rate-limit.js";
import type { BotContext, BotDeps } from "../context.js";

export type { FloodOptions } from "../../domain/rate-limit.js";

export const DEFAULT_FLOOD: FloodOptions = { limit: 20, windowMs: 10_000 };

/**
 * Slows one person who floods the bot, telling them once, so that others are not delayed. The
 * count lives in the database under a keyed hash of the id (the key /forget deletes), so that it
 * holds across restarts and across Worker isolates; `bookkeeping` counts the hit with the update's
 * other reads, with the same `options`.
 */
export function limitFlood(deps: BotDeps, options: FloodOptions = DEFAULT_FLOOD): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (ctx.floodHits === undefined) return next();
    const verdict = floodVerdict(ctx.floodHits, options.limit);
    if (verdict === "allow") return next();
    deps.logger.info("flood slowed", { userId: ctx.from?.id });
    if (verdict === "warn") {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("errors.slowDown") });
      else await ctx.reply(ctx.t("errors.slowDown"));
    } else if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery();
    }
  };
}
