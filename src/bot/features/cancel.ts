import { FeatureComposer } from "../composer.js";
import type { BotContext } from "../context.js";
import { sendMainMenu } from "../keyboards/main-menu.js";

/** Flows leave on any command (see waitForButton), so /cancel only has to confirm it and show the menu. */
export function cancelFeature() {
  const feature = new FeatureComposer<BotContext>();
  feature.command("cancel", async (ctx) => {
    await ctx.conversation.exitAll();
    if (!ctx.user?.onboardedAt) return ctx.reply(ctx.t("cancel.notRegistered"));
    await sendMainMenu(ctx, ctx.t("cancel.done"));
  });
  return feature;
}
