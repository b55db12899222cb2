import { FeatureComposer } from "../composer.js";
import type { BotContext } from "../context.js";
import { sendMainMenu } from "../keyboards/main-menu.js";

/** Last: whatever nobody understood gets a short help and the menu, never silence. */
export function unhandledFeature() {
  const feature = new FeatureComposer<BotContext>();
  feature.on("callback_query", (ctx) =>
    ctx.answerCallbackQuery({ text: ctx.t("errors.staleButton"), show_alert: true }),
  );
  feature.chatType("private").on("message", async (ctx) => {
    if (!ctx.user?.onboardedAt) return ctx.reply(ctx.t("errors.startFirst"));
    await sendMainMenu(ctx, ctx.t("unhandled.text"));
  });
  return feature;
}
