import type { Message } from "grammy/types";
import { insertMessages, takeDeletableMessages } from "../../db/repo/chat-messages.js";
import type { BotContext, BotDeps } from "../context.js";
import { deferWrite } from "../deferred-writes.js";

/** The flow name under which report messages are kept for "clear this chat". */
export const REPORT_FLOW = "report";

/** Telegram's deleteMessages takes at most 100 ids per call. */
const DELETE_BATCH = 100;

type ReplyOptions = Parameters<BotContext["reply"]>[1];

/**
 * Everything said about a report in the reporter's chat goes through here, so that someone else
 * holding the phone can be shown an empty chat later. The ids are written once, at the end of the
 * update (`deferWrite`): a message's id is known only after it is sent, after the step's own writes.
 */
export function reportChatLog(deps: BotDeps) {
  const { db } = deps.database;
  /** This update's ids not yet written, by update. */
  const pending = new WeakMap<BotContext, number[]>();

  function remember(ctx: BotContext, messageId: number) {
    const ids = pending.get(ctx);
    if (ids) return void ids.push(messageId);
    const chatId = ctx.chat!.id;
    const fresh = [messageId];
    pending.set(ctx, fresh);
    deferWrite(ctx, () =>
      fresh.length > 0
        ? insertMessages(db, { chatId, flow: REPORT_FLOW, messageIds: fresh, now: deps.now() })
        : undefined,
    );
  }

  return {
    /** The person's own message (an answer, a command) in the flow. */
    noteIncoming(ctx: BotContext) {
      if (ctx.chat && ctx.msg && !ctx.callbackQuery) remember(ctx, ctx.msg.message_id);
    },

    async say(ctx: BotContext, text: string, options?: ReplyOptions): Promise<Message.TextMessage> {
      const sent = await ctx.reply(text, options);
      remember(ctx, sent.message_id);
      return sent;
    },

    /**
     * Deletes the flow's messages Telegram still allows deleting, the bot's and the person's.
     * Returns how many ids were asked for; a refusal (already deleted by hand) is not an error.
     */
    async clear(ctx: BotContext): Promise<number> {
      const chatId = ctx.chat!.id;
      // This update's own ids (the /clear command) are not written yet: deleted with the others.
      const mine = pending.get(ctx)?.splice(0) ?? [];
      const stored = await takeDeletableMessages(db, { chatId, flow: REPORT_FLOW, now: deps.now() });
      const ids = [...stored, ...mine].sort((a, b) => a - b);
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
