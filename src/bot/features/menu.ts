import { Menu } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext } from "../context.js";
import { sendMainMenu } from "../keyboards/main-menu.js";

export function menuFeature() {
  const feature = new FeatureComposer<BotContext>();
  feature.command("menu", (ctx) => sendMainMenu(ctx));
  feature.callbackQuery(Menu.show.pattern, async (ctx) => {
    await ctx.answerCallbackQuery();
    await sendMainMenu(ctx);
  });
  return feature;
}
