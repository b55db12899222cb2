import { Composer } from "grammy";
import { callbackPattern } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { sendMainMenu } from "../keyboards/main-menu.js";

export function menuFeature() {
  const feature = new Composer<BotContext>();
  feature.command("menu", (ctx) => sendMainMenu(ctx));
  feature.callbackQuery(callbackPattern("menu", "show"), async (ctx) => {
    await ctx.answerCallbackQuery();
    await sendMainMenu(ctx);
  });
  return feature;
}
