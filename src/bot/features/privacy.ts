import { forgetUser } from "../../db/repo/users.js";
import { Forget, Menu } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { confirmKeyboard } from "../keyboards/choices.js";
import { sendMainMenu } from "../keyboards/main-menu.js";
import { privacyNotice } from "../views/privacy-notice.js";
import { requireRegistered } from "./guards.js";

export function privacyFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const showNotice = async (ctx: BotContext) => {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    await ctx.reply(privacyNotice(ctx.t, deps.config.operatorName), HTML);
  };
  feature.command("privacy", showNotice);
  feature.callbackQuery(Menu.privacy.pattern, showNotice);

  feature.command("forget", async (ctx) => {
    if (!(await requireRegistered(ctx))) return;
    await ctx.reply(ctx.t("forget.confirm"), {
      ...HTML,
      reply_markup: confirmKeyboard(ctx.t("forget.yes"), ctx.t("forget.no"), (answer) =>
        Forget.confirm.pack({ answer }),
      ),
    });
  });

  feature.callbackQuery(Forget.confirm.pattern, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (Forget.confirm.read(ctx.match).answer === "no") {
      await ctx.editMessageText(ctx.t("forget.kept"));
      return sendMainMenu(ctx);
    }
    if (!ctx.user) return ctx.editMessageText(ctx.t("forget.done"));
    await ctx.conversation.exitAll();
    await forgetUser(deps.database, ctx.from.id, deps.hashes.chat(ctx.from.id));
    deps.logger.info("personal data deleted on request");
    await ctx.editMessageText(ctx.t("forget.done"));
  });
  return feature;
}
