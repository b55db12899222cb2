import type { Context, MiddlewareFn } from "grammy";
import { claimUpdate, finishUpdate } from "../../db/repo/updates.js";
import type { BotDeps } from "../context.js";

/** Telegram may deliver an update twice (retries, overlapping webhooks): handle each id once. */
export function deduplicateUpdates(deps: BotDeps): MiddlewareFn<Context> {
  const { db } = deps.database;
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    if (!(await claimUpdate(db, id, deps.now()))) {
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
