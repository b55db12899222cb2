import type { WhoIsTalking } from "../../db/repo/who.js";
import { NO_ROLES, rolesFor } from "../../domain/roles.js";
import { isLocale, localeFromTelegram, translator } from "../../i18n/index.js";
import type { BotContext, BotDeps } from "../context.js";

/**
 * Who is talking, with their roles and their wait (read by `bookkeeping`), and in which language:
 * the stored choice, else Telegram's, else the default.
 */
export function identify(ctx: BotContext, deps: BotDeps, who: WhoIsTalking | undefined): void {
  const from = ctx.from;
  ctx.user = who?.user;
  ctx.roles = from ? rolesFor(from.id, deps.config.adminIds, who?.grants ?? []) : NO_ROLES;
  ctx.awaiting = who?.awaiting;
  const stored = ctx.user?.locale;
  ctx.locale = isLocale(stored)
    ? stored
    : (localeFromTelegram(from?.language_code) ?? deps.config.defaultLocale);
  ctx.t = translator(ctx.locale);
}
