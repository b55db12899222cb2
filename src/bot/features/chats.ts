import { Composer, InlineKeyboard } from "grammy";
import { updateUser } from "../../db/repo/users.js";
import type { BotContext, BotDeps } from "../context.js";

/**
 * Groups and channels: citizen flows are private (a report or a vote must not be seen by the
 * group), so there the bot only points people to the private chat and otherwise stays quiet.
 */
export function chatsFeature(deps: BotDeps) {
  const feature = new Composer<BotContext>();

  // A person who blocks the bot stops receiving notifications until they write again.
  feature.on("my_chat_member", async (ctx) => {
    if (ctx.chat.type !== "private" || !ctx.user) return;
    const status = ctx.myChatMember.new_chat_member.status;
    await updateUser(deps.database.db, ctx.from.id, { status: status === "kicked" ? "inactive" : "active" });
  });

  const groups = feature.chatType(["group", "supergroup"]);
  groups.command(["start", "help"], async (ctx) => {
    await ctx.reply(ctx.t("group.privateOnly"), {
      reply_markup: new InlineKeyboard().url(ctx.t("group.openPrivate"), `https://t.me/${ctx.me.username}`),
    });
  });
  // Anything else that is not private ends here, unanswered.
  feature.drop((ctx) => ctx.chat?.type === "private");
  return feature;
}
