import { lt, sql } from "drizzle-orm";
import type { Db, RawQuery } from "../database.js";
import { filled, preparedQuery } from "../prepared.js";
import { processedUpdates } from "../schema.js";

/** With long polling, an unfinished claim older than this belonged to a process that died. */
export const STALE_CLAIM_MS = 60_000;

/**
 * Claims an update id. Returns false when it was already handled, or is being handled right now:
 * Telegram may deliver an update twice, and a webhook retry may overlap the first delivery.
 */
export async function claimUpdate(
  db: Db,
  updateId: number,
  now: number,
  staleAfterMs = STALE_CLAIM_MS,
): Promise<boolean> {
  const rows = await claim(db).all({ updateId, now, staleBefore: now - staleAfterMs });
  return rows.length > 0;
}

/** The claim as one statement of the update's bookkeeping (`bookkeep`): a row back when it is ours. */
export function claimUpdateQuery(db: Db, updateId: number, now: number, staleAfterMs: number): RawQuery {
  return filled(claim(db), { updateId, now, staleBefore: now - staleAfterMs });
}

// Runs for every update. A claim is never finished (see `bookkeep`): it stands until it goes stale.
const claim = preparedQuery((db) =>
  db
    .insert(processedUpdates)
    .values({ updateId: sql.placeholder("updateId"), claimedAt: sql.placeholder("now") })
    .onConflictDoUpdate({
      target: processedUpdates.updateId,
      set: { claimedAt: sql`excluded.claimed_at` },
      setWhere: lt(processedUpdates.claimedAt, sql.placeholder("staleBefore")),
    })
    .returning({ updateId: processedUpdates.updateId })
    .prepare(),
);

export async function purgeProcessedUpdates(db: Db, olderThan: number): Promise<void> {
  await db.delete(processedUpdates).where(lt(processedUpdates.claimedAt, olderThan));
}

export async function countProcessedUpdates(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(processedUpdates);
  return row?.n ?? 0;
}
