import type { Api } from "grammy";
import type { Database } from "../db/database.js";
import { claimDueRows, nextDueAt, type OutboxRow, releaseRows } from "../db/repo/outbox.js";
import type { Logger } from "../logger.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./backoff.js";
import { type Clock, systemClock } from "./clock.js";
import { type DeliveryContext, deliverRow, rowLogFields } from "./deliver-row.js";
import {
  createRateState,
  DEFAULT_LIMITS,
  earliestSendAt,
  forgetRecoveredChats,
  type RateState,
  recordSend,
  type TelegramLimits,
} from "./rate-limits.js";
import { type DispatchReport, emptyReport } from "./report.js";

export interface DispatcherDeps {
  database: Database;
  /** A plain grammY Api, without auto-retry: the dispatcher handles 429s itself. */
  api: Api;
  clock?: Clock;
  logger?: Logger;
  /** Pacing memory; pass the same one to consecutive runs of one process. */
  rateState?: RateState;
}

export interface DispatchOptions {
  /** Stop leasing rows after this long; a Workers cron leaves itself some slack. */
  budgetMs?: number;
  limits?: Partial<TelegramLimits>;
  retry?: Partial<RetryPolicy>;
  /** How long a leased row stays with this dispatcher before another may take it over. */
  leaseMs?: number;
  /** How often to look for newly due rows while sending. */
  pollMs?: number;
  /** Stops early: rows not yet sent go back to the queue, sends in progress finish. */
  signal?: AbortSignal;
}

export const DEFAULT_BUDGET_MS = 25_000;
export const DEFAULT_LEASE_MS = 120_000;
export const DEFAULT_POLL_MS = 250;
/** Rows are leased about a second's worth at a time. */
const LOOKAHEAD_MS = 1_000;

/**
 * Sends what is due, within Telegram's limits, until nothing is due before the budget ends. It is
 * a plain function, so a Workers cron can call it; on Node `startDispatcherLoop` calls it again
 * and again.
 */
export async function dispatchOnce(
  deps: DispatcherDeps,
  options: DispatchOptions = {},
): Promise<DispatchReport> {
  const clock = deps.clock ?? systemClock;
  const { database } = deps;
  const { signal } = options;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const deadline = clock.now() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const leaseSize = Math.max(1, Math.ceil((limits.messagesPerSecond * LOOKAHEAD_MS) / 1000));
  const context: DeliveryContext = {
    database,
    api: deps.api,
    clock,
    limits,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    rates: deps.rateState ?? createRateState(),
    report: emptyReport(),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(signal ? { signal } : {}),
  };
  const waiting: OutboxRow[] = [];
  const sending = new Set<Promise<void>>();
  let nextClaimAt = clock.now();

  const turnOf = (row: OutboxRow) => earliestSendAt(context.rates, row.chatId, limits);

  const startRowsWhoseTurnCame = () => {
    for (;;) {
      const now = clock.now();
      const next = earliest(waiting, turnOf);
      if (next === undefined || turnOf(next) > now) return;
      waiting.splice(waiting.indexOf(next), 1);
      recordSend(context.rates, next.chatId, limits, now);
      const delivery = deliverRow(next, context).catch((error: unknown) =>
        deps.logger?.error("outbox: could not record a delivery; the row is retried after its lease", {
          ...rowLogFields(next),
          error,
        }),
      );
      sending.add(delivery);
      void delivery.finally(() => sending.delete(delivery));
    }
  };

  const releaseRowsBeyond = async (horizon: number) => {
    const late = waiting.filter((row) => turnOf(row) > horizon);
    if (late.length === 0) return;
    for (const row of late) waiting.splice(waiting.indexOf(row), 1);
    await releaseRows(
      database,
      late.map((row) => ({ id: row.id, at: Math.max(clock.now(), turnOf(row)) })),
    );
  };

  while (!signal?.aborted && clock.now() < deadline) {
    const now = clock.now();
    if (waiting.length <= leaseSize / 2 && now >= nextClaimAt) {
      forgetRecoveredChats(context.rates, now);
      const wanted = leaseSize - waiting.length;
      const claimed = await claimDueRows(database.db, { now, limit: wanted, leaseMs });
      for (const row of claimed) {
        if (row.status === "dropped") context.report.dropped += 1;
        else waiting.push(row);
      }
      nextClaimAt = claimed.length < wanted ? now + pollMs : now;
    }
    startRowsWhoseTurnCame();
    // A leased row keeps its place while it waits for its chat's turn (a group's next message is
    // three seconds away); one that would wait past half its lease goes back to the queue.
    await releaseRowsBeyond(Math.min(clock.now() + leaseMs / 2, deadline));

    // Compared with the time of the claim, not the clock after it: a slow query (D1 is remote) would
    // otherwise never look idle and spin until the deadline.
    if (waiting.length === 0 && sending.size === 0 && nextClaimAt > now) {
      const due = await nextDueAt(database.db);
      if (due === undefined || due >= deadline) break;
      await clock.sleep(due - clock.now(), signal);
      nextClaimAt = clock.now();
      continue;
    }
    const nextRow = earliest(waiting, turnOf);
    const wakeAt = Math.min(
      deadline,
      nextRow ? turnOf(nextRow) : Number.POSITIVE_INFINITY,
      waiting.length <= leaseSize / 2 ? nextClaimAt : Number.POSITIVE_INFINITY,
    );
    await clock.sleep(wakeAt - clock.now(), signal);
    // Woken before time: new rows were enqueued.
    if (clock.now() < wakeAt) nextClaimAt = clock.now();
  }

  await releaseRowsBeyond(Number.NEGATIVE_INFINITY);
  await Promise.all(sending);
  context.report.nextDueAt = await nextDueAt(database.db);
  return context.report;
}

function earliest(rows: readonly OutboxRow[], turnOf: (row: OutboxRow) => number): OutboxRow | undefined {
  let best: OutboxRow | undefined;
  for (const row of rows) if (best === undefined || turnOf(row) < turnOf(best)) best = row;
  return best;
}
