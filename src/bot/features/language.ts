import { updateUser } from "../../db/repo/users.js";
import { isLocale, translator } from "../../i18n/index.js";
import { Language, Menu } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { languageKeyboard } from "../keyboards/choices.js";
import { sendMainMenu } from "../keyboards/main-menu.js";
import { requireRegistered } from "./guards.js";

export function languageFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const ask = async (ctx: BotContext) => {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    if (!(await requireRegistered(ctx))) return;
    await ctx.reply(ctx.t("onboarding.chooseLanguage"), {
      reply_markup: languageKeyboard(ctx.locale, deps.config.defaultLocale, (locale) =>
        Language.set.pack({ locale }),
      ),
    });
  };
  feature.command("language", ask);
  feature.callbackQuery(Menu.language.pattern, ask);

  feature.callbackQuery(Language.set.pattern, async (ctx) => {
    const { locale } = Language.set.read(ctx.match);
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
