import type { Message } from "grammy/types";
import { recordMessages, takeDeletableMessages } from "../../db/repo/chat-messages.js";
import type { BotContext, BotDeps } from "../context.js";

/** The flow name under which report messages are kept for "clear this chat". */
export const REPORT_FLOW = "report";

/** Telegram's deleteMessages takes at most 100 ids per call. */
const DELETE_BATCH = 100;

type ReplyOptions = Parameters<BotContext["reply"]>[1];

/**
 * Everything said about a report in the reporter's chat goes through here, so that someone else
 * holding the phone can be shown an empty chat later.
 */
export function reportChatLog(deps: BotDeps) {
  const { db } = deps.database;

  async function remember(chatId: number, messageIds: number[]) {
    await recordMessages(db, { chatId, flow: REPORT_FLOW, messageIds, now: deps.now() });
  }

  return {
    /** The person's own message (an answer, a command) in the flow. */
    async noteIncoming(ctx: BotContext) {
      if (ctx.chat && ctx.msg && !ctx.callbackQuery) await remember(ctx.chat.id, [ctx.msg.message_id]);
    },

    async say(ctx: BotContext, text: string, options?: ReplyOptions): Promise<Message.TextMessage> {
      const sent = await ctx.reply(text, options);
      await remember(sent.chat.id, [sent.message_id]);
      return sent;
    },

    async remember(chatId: number, messageIds: number[]) {
      await remember(chatId, messageIds);
    },

    /**
     * Deletes the flow's messages Telegram still allows deleting, the bot's and the person's.
     * Returns how many ids were asked for; a refusal (already deleted by hand) is not an error.
     */
    async clear(ctx: BotContext): Promise<number> {
      const chatId = ctx.chat!.id;
      const ids = await takeDeletableMessages(db, { chatId, flow: REPORT_FLOW, now: deps.now() });
      for (let i = 0; i < ids.length; i += DELETE_BATCH) {
        try {
          await ctx.api.deleteMessages(chatId, ids.slice(i, i + DELETE_BATCH));
        } catch (error) {
          deps.logger.warn("could not delete report messages", { count: ids.length, error });
        }
      }
      return ids.length;
    },
  };
}

export type ReportChatLog = ReturnType<typeof reportChatLog>;
