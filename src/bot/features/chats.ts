import { InlineKeyboard } from "grammy";
import { deactivateRecipient, reactivateRecipient } from "../../db/repo/outbox.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";

/**
 * Groups and channels: citizen flows are private (a report or a vote must not be seen by the
 * group), so there the bot only points people to the private chat and otherwise stays quiet.
 */
export function chatsFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();

  // A person who blocks the bot, or a group that removes it, gets no notifications until it is back.
  feature.on("my_chat_member", async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status === "kicked" || status === "left") {
      await deactivateRecipient(deps.database, ctx.chat.id, status, deps.now());
    } else {
      await reactivateRecipient(deps.database, ctx.chat.id);
    }
  });

  const groups = feature.chatType(["group", "supergroup"]);
  groups.command(["start", "help"], async (ctx) => {
    await ctx.reply(ctx.t("group.privateOnly"), {
      reply_markup: new InlineKeyboard().url(ctx.t("group.openPrivate"), `https://t.me/${ctx.me.username}`),
    });
  });
  return feature;
}
