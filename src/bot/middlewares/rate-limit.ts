import type { MiddlewareFn } from "grammy";
import { createRateLimiter } from "../../domain/rate-limit.js";
import type { BotContext, BotDeps } from "../context.js";

export interface FloodOptions {
  limit: number;
  windowMs: number;
}

export const DEFAULT_FLOOD: FloodOptions = { limit: 20, windowMs: 10_000 };

/** Slows one person who floods the bot, telling them once, so that others are not delayed. */
export function limitFlood(deps: BotDeps, options: FloodOptions = DEFAULT_FLOOD): MiddlewareFn<BotContext> {
  const limiter = createRateLimiter(options);
  return async (ctx, next) => {
    if (!ctx.from || ctx.chat?.type !== "private") return next();
    const verdict = limiter.hit(String(ctx.from.id), deps.now());
    if (verdict === "allow") return next();
    deps.logger.info("flood slowed", { userId: ctx.from.id });
    if (verdict === "warn") {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("errors.slowDown") });
      else await ctx.reply(ctx.t("errors.slowDown"));
    } else if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery();
    }
  };
}
