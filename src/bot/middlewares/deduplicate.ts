import type { Context, MiddlewareFn } from "grammy";
import { claimUpdate, finishUpdate } from "../../db/repo/updates.js";
import type { BotDeps } from "../context.js";

/**
 * Telegram may deliver an update twice (retries, overlapping webhooks): handle each id once. A
 * claim left unfinished for `staleAfterMs` belonged to a process or request that was abandoned:
 * Telegram's retry of that update is handled.
 */
export function deduplicateUpdates(deps: BotDeps, staleAfterMs: number): MiddlewareFn<Context> {
  const { db } = deps.database;
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    if (!(await claimUpdate(db, id, deps.now(), staleAfterMs))) {
      deps.logger.debug("duplicate update skipped", { updateId: id });
      return;
    }
    try {
      await next();
    } finally {
      await finishUpdate(db, id, deps.now());
    }
  };
}
