import { and, asc, desc, eq, inArray, isNotNull, like, lt, lte, notExists, sql } from "drizzle-orm";
import { type AnySQLiteColumn, alias } from "drizzle-orm/sqlite-core";
import type { Database, Db, Statement } from "../database.js";
import type { OutboxPayload, OutboxReportCard } from "../outbox-payload.js";
import { inactiveRecipients, outbox, users } from "../schema.js";

export type OutboxRow = typeof outbox.$inferSelect;

export interface OutboxMessage {
  chatId: number;
  payload: OutboxPayload;
  /** A second message with the same key is ignored, e.g. `report:42:officer:7`. */
  dedupeKey?: string;
  /** Quiet hours: not delivered before this time (ms since the epoch). */
  notBefore?: number;
  /** A broadcast: sent after every other due row, so it never holds back a report for an officer. */
  bulk?: boolean;
  /**
   * Addressed to the sender of a conflict report: admins' and logs' views of the row never show
   * its chat, key or text. The dedupe key of such a row must be opaque (`deps.hashes.dedupe`).
   */
  toReporter?: boolean;
  /** The `chat_messages` flow the delivered message joins, so that "clear this chat" deletes it. */
  chatLogFlow?: string;
  /** Edits this message of the chat instead; one that can no longer be edited is sent anew, once. */
  editMessageId?: number;
  /** A report's card: the message it is delivered as is recorded, so that later changes edit it. */
  reportCard?: OutboxReportCard;
}

/**
 * Rows travel as one JSON parameter per statement: D1 allows only 100 bound parameters but 2 MB
 * per value, and rendering 100,000 rows of drizzle values takes seconds. A JavaScript character is
 * at most 3 bytes of UTF-8, so this keeps each chunk under 1 MB.
 */
const MAX_CHUNK_CHARS = 300_000;

/**
 * The inserts for `messages`, to run in the same batch as the change they announce, so that the
 * change and its notifications are stored together or not at all.
 */
export function enqueueStatements(db: Db, messages: readonly OutboxMessage[], now: number): Statement[] {
  return chunkBySize(messages.map((message) => JSON.stringify(toInsertTuple(message, now)))).map((tuples) =>
    db
      .insert(outbox)
      .select(
        // Positional, in the table's column order; a new column makes this fail loudly in tests.
        sql`select null, value ->> 0, value ->> 1, value ->> 2, 'pending', value ->> 3, 0, value ->> 4, 0, null,
            value ->> 5, null, value ->> 6, value ->> 7, value ->> 8, value ->> 9 from json_each(${`[${tuples.join(",")}]`})
            where true order by key`,
      )
      .onConflictDoNothing({ target: outbox.dedupeKey }),
  );
}

/** Writes many rows in one batch: a broadcast to a whole municipality is one round trip. */
export async function enqueue(
  database: Database,
  messages: OutboxMessage | readonly OutboxMessage[],
  now: number,
) {
  const list: readonly OutboxMessage[] = Array.isArray(messages) ? messages : [messages as OutboxMessage];
  if (list.length === 0) return;
  await database.batch(enqueueStatements(database.db, list, now));
}

function toInsertTuple(message: OutboxMessage, now: number) {
  if (!message.payload.text && !message.payload.media) {
    throw new Error("An outbox message has neither text nor media");
  }
  const dueAt = Math.max(now, message.notBefore ?? now);
  const bulk = message.bulk ? 1 : 0;
  return [
    message.chatId,
    JSON.stringify(message.payload),
    message.dedupeKey ?? null,
    bulk,
    dueAt,
    now,
    message.toReporter ? 1 : 0,
    message.chatLogFlow ?? null,
    message.editMessageId ?? null,
    message.reportCard ? JSON.stringify(message.reportCard) : null,
  ];
}

function chunkBySize(tuples: string[]): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let size = 0;
  for (const tuple of tuples) {
    if (chunk.length > 0 && size + tuple.length > MAX_CHUNK_CHARS) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(tuple);
    size += tuple.length + 1;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

const earlier = alias(outbox, "earlier");

/** Only the oldest open row of a chat may go, so that a chat reads its messages in order. */
function isFirstOpenRowOfItsChat(db: Db) {
  return notExists(
    db
      .select({ one: sql`1` })
      .from(earlier)
      .where(
        and(eq(earlier.chatId, outbox.chatId), lt(earlier.id, outbox.id), isNotNull(earlier.nextAttemptAt)),
      ),
  );
}

/**
 * Leases up to `limit` due rows, at most one per chat, to this dispatcher until `now + leaseMs`;
 * broadcasts only when no other row is due. Each UPDATE decides alone, so two dispatchers never
 * lease the same row; a row whose lease ran out is due again. Rows of chats known to be inactive
 * come back as `dropped` instead of `sending`.
 */
/** Whether a message for `chatId` whose dedupe key starts with `keyPrefix` still waits to go out. */
export async function hasUnsent(db: Db, chatId: number, keyPrefix: string): Promise<boolean> {
  const [row] = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.chatId, chatId),
        inArray(outbox.status, ["pending", "sending"]),
        like(outbox.dedupeKey, `${keyPrefix}%`),
      ),
    );
  return row !== undefined;
}

export async function claimDueRows(
  db: Db,
  claim: { now: number; limit: number; leaseMs: number },
): Promise<OutboxRow[]> {
  const dueOfKind = (bulk: boolean) =>
    db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.bulk, bulk), lte(outbox.nextAttemptAt, claim.now), isFirstOpenRowOfItsChat(db)))
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(claim.limit);
  // Urgent rows first and broadcasts to fill up, in one statement: on Workers each round trip
  // counts against the invocation's limit. Each kind walks the due index in order and stops.
  const due = sql`(select id from (${dueOfKind(false)}) union all select id from (${dueOfKind(true)}) limit ${claim.limit})`;
  const inactive = sql`exists (select 1 from ${inactiveRecipients} where ${inactiveRecipients.chatId} = ${outbox.chatId})`;
  const rows = await db
    .update(outbox)
    .set({
      status: sql`case when ${inactive} then 'dropped' else 'sending' end`,
      attempts: sql`${outbox.attempts} + 1`,
      nextAttemptAt: sql`case when ${inactive} then null else ${claim.now + claim.leaseMs} end`,
      finishedAt: sql`case when ${inactive} then ${claim.now} else null end`,
    })
    .where(inArray(outbox.id, due))
    .returning();
  return rows.sort((a, b) => Number(a.bulk) - Number(b.bulk) || a.id - b.id);
}

/** When the next row becomes due (a lease counts: it is when a dead dispatcher's row is retried). */
export async function nextDueAt(db: Db): Promise<number | undefined> {
  // One subquery per kind of row, so that each walks the due index in order and stops at once.
  const firstOfKind = (bulk: boolean) =>
    db
      .select({ at: outbox.nextAttemptAt })
      .from(outbox)
      .where(and(eq(outbox.bulk, bulk), isNotNull(outbox.nextAttemptAt), isFirstOpenRowOfItsChat(db)))
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(1);
  const [row] = await db.all<{ at: number | null }>(
    sql`select min(next_attempt_at) as at from (select * from (${firstOfKind(false)}) union all select * from (${firstOfKind(true)}))`,
  );
  return row?.at ?? undefined;
}

/*
 * The writes that record a delivery are statements: awaited alone they run at once, and the
 * dispatcher gathers many into one batch, one round trip for a second's worth of messages.
 */

export function markPartsSent(db: Db, id: number, sentParts: number) {
  return db.update(outbox).set({ sentParts }).where(eq(outbox.id, id));
}

export function markSent(db: Db, id: number, now: number) {
  return db
    .update(outbox)
    .set({ status: "sent", nextAttemptAt: null, finishedAt: now, lastError: null })
    .where(eq(outbox.id, id));
}

export function markFailed(db: Db, id: number, error: string, now: number) {
  return db
    .update(outbox)
    .set({ status: "failed", nextAttemptAt: null, finishedAt: now, lastError: error })
    .where(eq(outbox.id, id));
}

/** The message to edit is gone or too old: the row sends its payload as a new message instead. */
export function sendInsteadOfEdit(db: Db, id: number) {
  return db.update(outbox).set({ editMessageId: null }).where(eq(outbox.id, id));
}

/**
 * Drops the edits of a report's card still waiting to go: they show a status the report no longer
 * has, and the change that makes them stale edits the card itself. A leased edit is left to finish.
 */
export function dropPendingCardEdits(db: Db, reportId: number, now: number) {
  return db
    .update(outbox)
    .set({ status: "dropped", nextAttemptAt: null, finishedAt: now })
    .where(
      and(
        eq(outbox.status, "pending"),
        isNotNull(outbox.editMessageId),
        sql`${outbox.reportCard} ->> 'reportId' = ${reportId}`,
      ),
    );
}

interface Retry {
  at: number;
  error?: string;
  /** When Telegram never took the message (told us to wait, or it was not sent at all). */
  refundAttempt: boolean;
}

/** Puts a leased row back in the queue, due at `retry.at`. */
export function retryLater(db: Db, id: number, retry: Retry) {
  return db
    .update(outbox)
    .set({
      status: "pending",
      nextAttemptAt: retry.at,
      ...(retry.error === undefined ? {} : { lastError: retry.error }),
      ...(retry.refundAttempt ? { attempts: sql`max(0, ${outbox.attempts} - 1)` } : {}),
    })
    .where(eq(outbox.id, id));
}

/**
 * Telegram said the chat is gone (blocked, kicked, deactivated): remembers it, marks a user's
 * profile inactive, and drops every open row for the chat, including the one in hand. Returns how
 * many rows were dropped.
 */
export async function deactivateRecipient(
  database: Database,
  chatId: number,
  reason: string,
  now: number,
): Promise<number> {
  const { db } = database;
  await database.batch([
    db
      .insert(inactiveRecipients)
      .values({ chatId, reason, since: now })
      .onConflictDoUpdate({ target: inactiveRecipients.chatId, set: { reason, since: now } }),
    db
      .update(users)
      .set({ status: "inactive" })
      .where(and(eq(users.id, chatId), eq(users.status, "active"))),
  ]);
  // Once the chat is listed as inactive, any row this misses is dropped when it is claimed.
  const dropped = await db
    .update(outbox)
    .set({ status: "dropped", nextAttemptAt: null, finishedAt: now, lastError: reason })
    .where(and(eq(outbox.chatId, chatId), isNotNull(outbox.nextAttemptAt)))
    .returning({ id: outbox.id });
  return dropped.length;
}

/** The person wrote to the bot again (or the bot was added back to the group): deliver again. */
export async function reactivateRecipient(database: Database, chatId: number): Promise<void> {
  const { db } = database;
  await database.batch([
    db.delete(inactiveRecipients).where(eq(inactiveRecipients.chatId, chatId)),
    db
      .update(users)
      .set({ status: "active" })
      .where(and(eq(users.id, chatId), eq(users.status, "inactive"))),
  ]);
}

/**
 * A row as admins see it. A row to a reporter comes without its chat and key (null), and without
 * its time: admins may be officers of the report, and any of these would tie the person to it.
 */
export interface OutboxFailure {
  id: number;
  toReporter: boolean;
  chatId: number | null;
  error: string | null;
  attempts: number;
  failedAt: number | null;
  dedupeKey: string | null;
}

/** Unless the row is addressed to a reporter: then null, already in the query. */
const unlessToReporter = <T>(column: AnySQLiteColumn) =>
  sql<T | null>`case when ${outbox.toReporter} then null else ${column} end`;

/** Rows Telegram refused for good or that ran out of attempts, newest first, for admins. */
export async function listRecentFailures(db: Db, limit = 20): Promise<OutboxFailure[]> {
  return db
    .select({
      id: outbox.id,
      toReporter: outbox.toReporter,
      chatId: unlessToReporter<number>(outbox.chatId),
      error: outbox.lastError,
      attempts: outbox.attempts,
      failedAt: unlessToReporter<number>(outbox.finishedAt),
      dedupeKey: unlessToReporter<string>(outbox.dedupeKey),
    })
    .from(outbox)
    .where(eq(outbox.status, "failed"))
    .orderBy(desc(outbox.finishedAt), desc(outbox.id))
    .limit(limit);
}

/** Deletes rows finished (sent, failed or dropped) before `before`; their dedupe keys free up. */
export async function purgeFinishedOutbox(db: Db, before: number): Promise<void> {
  await db
    .delete(outbox)
    .where(and(inArray(outbox.status, ["sent", "failed", "dropped"]), lt(outbox.finishedAt, before)));
}
