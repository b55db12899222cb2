import type { Context, MiddlewareFn } from "grammy";
import { bookkeep } from "../../db/repo/bookkeeping.js";
import type { BotContext, BotDeps } from "../context.js";
import { afterWrites, deferredWrites } from "../deferred-writes.js";
import { identify } from "./identify.js";
import type { FloodOptions } from "./rate-limit.js";

/** The conversations plugin's storage key: the chat, as the plugin's own default. */
export function conversationKey(ctx: Context): string {
  return String(ctx.chat!.id);
}

/**
 * Telegram may deliver an update twice (retries, overlapping webhooks): each id is handled once.
 * The claim goes in one round trip with what every update reads (`bookkeep`): who is talking, in
 * which language, their flood count and their conversation's state, all put on the context for
 * `limitFlood`, the features and the conversations plugin. A claim older than `staleAfterMs`
 * belonged to a process or request that was abandoned: Telegram's retry of that update is handled.
 */
export function bookkeeping(
  deps: BotDeps,
  staleAfterMs: number,
  flood: FloodOptions,
): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const { from } = ctx;
    const inPrivate = ctx.chat?.type === "private";
    const kept = await bookkeep(deps.database, {
      updateId: ctx.update.update_id,
      now: deps.now(),
      staleAfterMs,
      userId: from?.id,
      flood: from && inPrivate ? { key: deps.hashes.chat(from.id), options: flood } : undefined,
      conversationKey: inPrivate ? conversationKey(ctx) : undefined,
    });
    if (!kept.claimed) {
      deps.logger.debug("duplicate update skipped", { updateId: ctx.update.update_id });
      return;
    }
    identify(ctx, deps, kept.who);
    ctx.floodHits = kept.floodHits;
    ctx.storedConversation = kept.conversation;
    try {
      await next();
    } finally {
      const writes = deferredWrites(ctx);
      if (writes.length > 0) await deps.database.batch(writes);
      for (const then of afterWrites(ctx)) then();
    }
  };
}
