import type { VersionedStateStorage } from "@grammyjs/conversations";
import {
  deleteConversationStatement,
  readConversationState,
  saveConversationStatement,
} from "../../db/repo/conversations.js";
import type { BotContext, BotDeps } from "../context.js";
import { deferWrite } from "../deferred-writes.js";
import { conversationKey } from "../middlewares/bookkeeping.js";

/**
 * Storage for @grammyjs/conversations: one row per chat, so a flow survives restarts and, on
 * Workers, moves between isolates. The state comes with the update's bookkeeping and goes back
 * with the update's other writes, in its one batch at the end (`deferWrite`): a step of a
 * conversation costs no round trip of its own. The context holds the state as the update left it,
 * so a later read in the same update sees what was written.
 */
export function conversationStorage(deps: BotDeps): VersionedStateStorage<BotContext, never> {
  const { db } = deps.database;
  return {
    async read(ctx) {
      ctx.storedConversation ??= await readConversationState(db, conversationKey(ctx));
      return ctx.storedConversation.value as never;
    },
    write(ctx, state) {
      ctx.storedConversation = { value: state };
      const statement = saveConversationStatement(db, conversationKey(ctx), state, deps.now());
      deferWrite(ctx, () => statement);
    },
    delete(ctx) {
      ctx.storedConversation = { value: undefined };
      deferWrite(ctx, () => deleteConversationStatement(db, conversationKey(ctx)));
    },
  };
}
