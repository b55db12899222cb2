import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { processedUpdates } from "../schema.js";

/** An unfinished claim older than this belonged to a process that died; the update may run again. */
export const STALE_CLAIM_MS = 60_000;

/**
 * Claims an update id. Returns false when it was already handled, or is being handled right now:
 * Telegram may deliver an update twice, and a webhook retry may overlap the first delivery.
 */
export async function claimUpdate(db: Db, updateId: number, now: number): Promise<boolean> {
  const rows = await db
    .insert(processedUpdates)
    .values({ updateId, claimedAt: now })
    .onConflictDoUpdate({
      target: processedUpdates.updateId,
      set: { claimedAt: now },
      setWhere: and(
        isNull(processedUpdates.finishedAt),
        lt(processedUpdates.claimedAt, now - STALE_CLAIM_MS),
      ),
    })
    .returning({ updateId: processedUpdates.updateId });
  return rows.length > 0;
}

export async function finishUpdate(db: Db, updateId: number, now: number): Promise<void> {
  await db.update(processedUpdates).set({ finishedAt: now }).where(eq(processedUpdates.updateId, updateId));
}

export async function purgeProcessedUpdates(db: Db, olderThan: number): Promise<void> {
  await db.delete(processedUpdates).where(lt(processedUpdates.claimedAt, olderThan));
}

export async function countProcessedUpdates(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(processedUpdates);
  return row?.n ?? 0;
}
