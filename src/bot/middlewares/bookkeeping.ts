import type { Context, MiddlewareFn } from "grammy";
import { bookkeep } from "../../db/repo/bookkeeping.js";
import type { BotContext, BotDeps } from "../context.js";
import { afterWrites, deferredWrites } from "../deferred-writes.js";
import type { Prefetches } from "../prefetch.js";
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
 * `limitFlood`, the features and the conversations plugin, and the reads of the step the update
 * announces, kept for its handler (`prefetch`). A claim older than `staleAfterMs`
 * belonged to a process or request that was abandoned: Telegram's retry of that update is handled.
 */
export function bookkeeping(
  deps: BotDeps,
  staleAfterMs: number,
  flood: FloodOptions,
  /** Where the features registered their steps' reads; none in a bench's bare echo. */
  prefetch?: Prefetches,
): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const { from } = ctx;
    const inPrivate = ctx.chat?.type === "private";
    const step = prefetch?.readsOf(ctx);
    const kept = await bookkeep(deps.database, {
      updateId: ctx.update.update_id,
      now: deps.now(),
      staleAfterMs,
      userId: from?.id,
      flood: from && inPrivate ? { key: deps.hashes.chat(from.id), options: flood } : undefined,
      conversationKey: inPrivate ? conversationKey(ctx) : undefined,
      reads: step?.reads,
    });
    if (!kept.claimed) {
      deps.logger.debug("duplicate update skipped", { updateId: ctx.update.update_id });
      return;
    }
    identify(ctx, deps, kept.who);
    ctx.floodHits = kept.floodHits;
    ctx.storedConversation = kept.conversation;
    step?.keep(kept.read);
    try {
      await next();
    } finally {
      const writes = deferredWrites(ctx);
      if (writes.length > 0) await deps.database.batch(writes);
      for (const then of afterWrites(ctx)) then();
    }
  };
}
