import type { User } from "../../db/repo/users.js";
import type { BotContext } from "../context.js";

/** Replies in the right way for a message or a button press. */
export async function refuse(ctx: BotContext, text: string) {
  if (ctx.callbackQuery && !ctx.callbackAnswered) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
}

/** Features that keep data about a person need their consent first. */
export async function requireRegistered(ctx: BotContext): Promise<User | undefined> {
  if (ctx.user) return ctx.user;
  await refuse(ctx, ctx.t("errors.startFirst"));
  return undefined;
}

/** Checked on the server for every staff command and button: callback data can be forged. */
export async function requireAdmin(ctx: BotContext): Promise<boolean> {
  if (ctx.roles.admin) return true;
  await refuse(ctx, ctx.t("errors.notAllowed"));
  return false;
}

/** Private chats, and the configured moderators' group, where moderation cards carry buttons. */
export function inPrivateOrModeratorsGroup(moderationChatId: number | undefined) {
  return (ctx: BotContext) =>
    ctx.chat?.type === "private" || (moderationChatId !== undefined && ctx.chat?.id === moderationChatId);
}
