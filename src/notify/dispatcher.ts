import type { Api } from "grammy";
import type { Database } from "../db/database.js";
import { claimDueRows, nextDueAt, type OutboxRow, retryLater } from "../db/repo/outbox.js";
import type { Logger } from "../logger.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./backoff.js";
import { type Clock, systemClock } from "./clock.js";
import { type DeliveryContext, deliverRow, rowLogFields } from "./deliver-row.js";
import { deliveryParts } from "./payload.js";
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
import type { SubrequestBudget } from "./subrequests.js";

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
  /**
   * On Workers: the invocation's subrequests, metered by the caller. The run stops leasing and
   * sending while it can still record what it did, so it never goes past `limit`.
   */
  subrequests?: SubrequestBudget;
}

export const DEFAULT_BUDGET_MS = 25_000;
export const DEFAULT_LEASE_MS = 120_000;
export const DEFAULT_POLL_MS = 250;
/** Rows are leased about a second's worth at a time. */
const LOOKAHEAD_MS = 1_000;

/*
 * Round trips, as counted against a subrequest budget: leasing rows after writing what was done;
 * at the end, writing what was done and asking when the next is due.
 */
const CLAIM_COST = 1 + 1;
const FINISH_COST = 1 + 1;
/** What a send may need besides its own Bot API calls: telling that its recipient is gone. */
const FAILURE_COST = 2;
/** On a subrequest budget, up to this many seconds' worth of rows are leased at once. */
const BUDGETED_LEASES = 4;
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
    writes: [],
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(signal ? { signal } : {}),
  };
  const waiting: OutboxRow[] = [];
  const sending = new Set<Promise<void>>();
  let nextClaimAt = clock.now();

  const turnOf = (row: OutboxRow) => earliestSendAt(context.rates, row.chatId, limits);

  // Each leased row holds back what its sending would cost at most, until it is done.
  const { subrequests } = options;
  let reserved = 0;
  let outOfSubrequests = false;
  const spare = () =>
    subrequests ? subrequests.limit - subrequests.used - reserved - FINISH_COST : Number.POSITIVE_INFINITY;
  // An edit may be followed by the send that replaces it.
  const costOf = (row: OutboxRow) =>
    2 * deliveryParts(row.payload).length - 1 + (row.editMessageId === null ? 0 : 1);

  const flush = async () => {
    if (context.writes.length === 0) return;
    const writes = context.writes.splice(0);
    try {
      await database.batch(writes);
    } catch (error) {
      deps.logger?.error("outbox: could not record deliveries; their rows are retried after their lease", {
        rows: writes.length,
        error,
      });
    }
  };

  const release = (rows: readonly OutboxRow[], at: (row: OutboxRow) => number) => {
    for (const row of rows) {
      waiting.splice(waiting.indexOf(row), 1);
      reserved -= costOf(row);
      context.writes.push(retryLater(database.db, row.id, { at: at(row), refundAttempt: true }));
    }
  };

  /** Starts the rows whose turn came; returns a wait when the budget must first get some back. */
  const startRowsWhoseTurnCame = (): Promise<unknown> | undefined => {
    for (;;) {
      const now = clock.now();
      const next = earliest(waiting, turnOf);
      if (next === undefined || turnOf(next) > now) return undefined;
      if (spare() < FAILURE_COST) {
        // The sends in flight may give back what they held for a failure; when none is left,
        // nothing more fits into this run.
        if (sending.size > 0) return Promise.race(sending);
        outOfSubrequests = true;
        release([...waiting], () => now);
        return;
      }
      waiting.splice(waiting.indexOf(next), 1);
      reserved += FAILURE_COST;
      recordSend(context.rates, next.chatId, limits, now);
      const delivery = deliverRow(next, context)
        .catch((error: unknown) =>
          deps.logger?.error("outbox: could not record a delivery; the row is retried after its lease", {
            ...rowLogFields(next),
            error,
          }),
        )
        .finally(() => {
          reserved -= costOf(next) + FAILURE_COST;
        });
      sending.add(delivery);
      void delivery.finally(() => sending.delete(delivery));
    }
  };

  const releaseRowsBeyond = (horizon: number) =>
    release(
      waiting.filter((row) => turnOf(row) > horizon),
      (row) => Math.max(clock.now(), turnOf(row)),
    );

  while (!signal?.aborted && clock.now() < deadline) {
    const now = clock.now();
    if (waiting.length <= leaseSize / 2 && now >= nextClaimAt) {
      // Every row costs at least its one Bot API call, and one send at a time may fail. On a
      // budget, the rows it affords are leased at once (a few seconds' worth): each lease costs.
      const affordable = spare() - CLAIM_COST - FAILURE_COST;
      const wanted = subrequests
        ? Math.min(BUDGETED_LEASES * leaseSize - waiting.length, affordable)
        : leaseSize - waiting.length;
      if (wanted < 1) outOfSubrequests = true;
      else {
        await flush();
        forgetRecoveredChats(context.rates, now);
        const claimed = await claimDueRows(database.db, { now, limit: wanted, leaseMs });
        for (const row of claimed) {
          if (row.status === "dropped") context.report.dropped += 1;
          else {
            waiting.push(row);
            reserved += costOf(row);
          }
        }
        nextClaimAt = claimed.length < wanted ? now + pollMs : now;
      }
    }
    const budgetFreed = startRowsWhoseTurnCame();
    if (budgetFreed) {
      await budgetFreed;
      continue;
    }
    // A leased row keeps its place while it waits for its chat's turn (a group's next message is
    // three seconds away); one that would wait past half its lease goes back to the queue.
    releaseRowsBeyond(Math.min(clock.now() + leaseMs / 2, deadline));

    if (outOfSubrequests && waiting.length === 0) break;
    // Compared with the time of the claim, not the clock after it: a slow query (D1 is remote) would
    // otherwise never look idle and spin until the deadline.
    if (waiting.length === 0 && sending.size === 0 && nextClaimAt > now) {
      // Asking when the next row is due, then leasing it.
      if (spare() < 2 * CLAIM_COST + 1) break;
      await flush();
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

  releaseRowsBeyond(Number.NEGATIVE_INFINITY);
  await Promise.all(sending);
  await flush();
  context.report.nextDueAt = await nextDueAt(database.db);
  if (outOfSubrequests) context.report.outOfSubrequests = true;
  return context.report;
}

function earliest(rows: readonly OutboxRow[], turnOf: (row: OutboxRow) => number): OutboxRow | undefined {
  let best: OutboxRow | undefined;
  for (const row of rows) if (best === undefined || turnOf(row) < turnOf(best)) best = row;
  return best;
}
