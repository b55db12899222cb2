import {
  createConcurrentSink,
  createRunner,
  createSource,
  createUpdateFetcher,
  type UpdateSupplier,
} from "@grammyjs/runner";
import { Api, type Bot, type Context } from "grammy";
import type { Update } from "grammy/types";
import { LONG_POLL_SECONDS } from "./bot/index.js";
import type { Database } from "./db/database.js";
import { forgetIntake, resumeIntake, storeIntake } from "./db/repo/intake.js";
import { withFirstWrite } from "./db/sqlite.js";
import type { Logger } from "./logger.js";
import { ALLOWED_UPDATES } from "./server.js";

/** grammY's own bound for a request when none is configured. */
const DEFAULT_TIMEOUT_SECONDS = 500;

export interface DurablePolling {
  /** Stops fetching, then waits for the updates being handled; what is left stays stored. */
  stop(): Promise<void>;
}

/**
 * Long polling that loses no update when the process dies: the runner's fetcher (offset, retries,
 * backoff) and concurrent sink (many chats at once; the bot's own per-chat queue keeps each chat's
 * order), with the intake table in between. Telegram forgets a batch only when the next
 * getUpdates confirms its offset, which comes after the batch is stored. An update leaves the
 * intake once handled, or at its first write that changes data (in that write's transaction):
 * what is left at a start changed nothing yet and is handled first, from its start.
 */
export async function startDurablePolling<C extends Context>(
  bot: Bot<C>,
  deps: { database: Database; logger: Logger; now: () => number },
): Promise<DurablePolling> {
  const { db } = deps.database;
  // getUpdates is held open on purpose for the long poll: it gets that on top of the bot's bound
  // for a request, in an Api of its own, so that every other call keeps the shorter one.
  const longPoll = new Api(bot.token, {
    ...bot.api.options,
    timeoutSeconds: (bot.api.options?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) + LONG_POLL_SECONDS,
  });
  const fetchUpdates = createUpdateFetcher(
    { api: longPoll, handleUpdate: (update) => bot.handleUpdate(update), errorHandler: bot.errorHandler },
    { fetch: { timeout: LONG_POLL_SECONDS, allowed_updates: [...ALLOWED_UPDATES] } },
  );
  let left = await resumeIntake(db);
  if (left.length > 0)
    deps.logger.info("handling updates stored before the last stop", { count: left.length });

  const supplier: UpdateSupplier<Update> = {
    async supply(batchSize, signal) {
      if (left.length > 0) {
        const first = left;
        left = [];
        return first;
      }
      return storeIntake(db, await fetchUpdates(batchSize, signal), deps.now());
    },
  };

  const handling = new Set<Promise<void>>();
  const handle = async (update: Update) => {
    try {
      // On better-sqlite3 the delete runs at the call, inside the first write's transaction.
      const leave = () => void forgetIntake(db, update.update_id);
      await withFirstWrite(leave, () => bot.handleUpdate(update));
      await forgetIntake(db, update.update_id);
    } catch (error) {
      // Only the duplicate check's own writes fail outside the bot's error boundary.
      deps.logger.error("update failed; it stays stored for the next start", {
        updateId: update.update_id,
        error,
      });
    }
  };
  const consumer = {
    consume(update: Update) {
      const task = handle(update);
      handling.add(task);
      void task.finally(() => handling.delete(task));
      return task;
    },
  };
  // `handle` never rejects; the sink wants a handler all the same.
  const sink = createConcurrentSink(consumer, async () => {});
  const runner = createRunner(createSource(supplier), sink);
  runner.start();
  return {
    async stop() {
      await runner.stop();
      await Promise.all(handling);
    },
  };
}
