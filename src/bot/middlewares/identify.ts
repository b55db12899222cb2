import type { MiddlewareFn } from "grammy";
import { grantsOf } from "../../db/repo/staff.js";
import { findUser } from "../../db/repo/users.js";
import { NO_ROLES, rolesFor } from "../../domain/roles.js";
import { isLocale, localeFromTelegram, translator } from "../../i18n/index.js";
import type { BotContext, BotDeps } from "../context.js";

/** Who is talking and in which language: the stored choice, else Telegram's, else the default. */
export function identify(deps: BotDeps): MiddlewareFn<BotContext> {
  const { db } = deps.database;
  return async (ctx, next) => {
    const from = ctx.from;
    ctx.user = from ? await findUser(db, from.id) : undefined;
    ctx.roles = from ? rolesFor(from.id, deps.config.adminIds, await grantsOf(db, from.id)) : NO_ROLES;
    const stored = ctx.user?.locale;
    ctx.locale = isLocale(stored)
      ? stored
      : (localeFromTelegram(from?.language_code) ?? deps.config.defaultLocale);
    ctx.t = translator(ctx.locale);
    await next();
  };
}
