import { Composer } from "grammy";
import { Menu } from "../callbacks.js";
import type { BotContext } from "../context.js";
import { sendMainMenu } from "../keyboards/main-menu.js";

export function menuFeature() {
  const feature = new Composer<BotContext>();
  feature.command("menu", (ctx) => sendMainMenu(ctx));
  feature.callbackQuery(Menu.show.pattern, async (ctx) => {
    await ctx.answerCallbackQuery();
    await sendMainMenu(ctx);
  });
  return feature;
}
