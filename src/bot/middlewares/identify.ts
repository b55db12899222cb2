import type { MiddlewareFn } from "grammy";
import { whoIsTalking } from "../../db/repo/who.js";
import { NO_ROLES, rolesFor } from "../../domain/roles.js";
import { isLocale, localeFromTelegram, translator } from "../../i18n/index.js";
import type { BotContext, BotDeps } from "../context.js";

/**
 * Who is talking, with their roles and their wait (one query), and in which language: the stored
 * choice, else Telegram's, else the default.
 */
export function identify(deps: BotDeps): MiddlewareFn<BotContext> {
  const { db } = deps.database;
  return async (ctx, next) => {
    const from = ctx.from;
    const who = from ? await whoIsTalking(db, from.id) : undefined;
    ctx.user = who?.user;
    ctx.roles = from ? rolesFor(from.id, deps.config.adminIds, who!.grants) : NO_ROLES;
    ctx.awaiting = who?.awaiting;
    const stored = ctx.user?.locale;
    ctx.locale = isLocale(stored)
      ? stored
      : (localeFromTelegram(from?.language_code) ?? deps.config.defaultLocale);
    ctx.t = translator(ctx.locale);
    await next();
  };
}
