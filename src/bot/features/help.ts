import { Composer } from "grammy";
import { callbackPattern } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { sendMainMenu } from "../keyboards/main-menu.js";

export function helpFeature() {
  const feature = new Composer<BotContext>();
  const showHelp = async (ctx: BotContext) => {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    await sendMainMenu(ctx, ctx.t("help.text"));
  };
  feature.command("help", showHelp);
  feature.callbackQuery(callbackPattern("menu", "help"), showHelp);
  return feature;
}
