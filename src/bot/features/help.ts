import { Menu } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext } from "../context.js";
import { HTML } from "../html.js";
import { sendMainMenu } from "../keyboards/main-menu.js";

export function helpFeature() {
  const feature = new FeatureComposer<BotContext>();
  const showHelp = async (ctx: BotContext) => {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    await sendMainMenu(ctx, ctx.t("help.text"));
  };
  feature.command("help", showHelp);
  feature.callbackQuery(Menu.help.pattern, showHelp);
  // Operators need their id for ADMIN_IDS; nothing is stored to answer it.
  feature.command("myid", (ctx) => ctx.reply(ctx.t("help.yourId", { id: ctx.from!.id }), HTML));
  return feature;
}
