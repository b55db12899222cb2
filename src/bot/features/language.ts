import { Composer } from "grammy";
import { updateUser } from "../../db/repo/users.js";
import { isLocale, LOCALE_CODE, translator } from "../../i18n/index.js";
import { callbackPattern } from "../callback-data.js";
import type { BotContext, BotDeps } from "../context.js";
import { languageKeyboard } from "../keyboards/choices.js";
import { sendMainMenu } from "../keyboards/main-menu.js";
import { requireRegistered } from "./guards.js";

export function languageFeature(deps: BotDeps) {
  const feature = new Composer<BotContext>();
  const ask = async (ctx: BotContext) => {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    if (!(await requireRegistered(ctx))) return;
    await ctx.reply(ctx.t("onboarding.chooseLanguage"), {
      reply_markup: languageKeyboard("lang", "set", ctx.locale, deps.config.defaultLocale),
    });
  };
  feature.command("language", ask);
  feature.callbackQuery(callbackPattern("menu", "language"), ask);

  feature.callbackQuery(callbackPattern("lang", "set", LOCALE_CODE), async (ctx) => {
    const locale = ctx.match[1]!;
    if (!isLocale(locale)) return ctx.answerCallbackQuery(ctx.t("errors.staleButton"));
    if (!(await requireRegistered(ctx))) return;
    await updateUser(deps.database.db, ctx.from.id, { locale });
    ctx.locale = locale;
    ctx.t = translator(locale);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t("language.changed"));
    await sendMainMenu(ctx);
  });
  return feature;
}
