import { lt, sql } from "drizzle-orm";
import type { FloodOptions } from "../../domain/rate-limit.js";
import type { Db, RawQuery } from "../database.js";
import { filled, preparedQuery } from "../prepared.js";
import { floodCounters } from "../schema.js";

/**
 * Counts one update of the person whose keyed hash is `key` and returns how many they sent in the
 * current window, this one included. One statement, so that two isolates or processes handling
 * the same person's updates at once cannot both read an old count: a window that ran out starts
 * anew with this hit.
 */
export async function countFloodHit(
  db: Db,
  key: string,
  options: FloodOptions,
  now: number,
): Promise<number> {
  const [row] = await hit(db).all({ key, now, windowMs: options.windowMs, limit: options.limit });
  return row!.hits;
}

/** `countFloodHit` as one statement of the update's bookkeeping (`bookkeep`): its row holds `hits`. */
export function floodHitQuery(db: Db, key: string, options: FloodOptions, now: number): RawQuery {
  return filled(hit(db), { key, now, windowMs: options.windowMs, limit: options.limit });
}

/** Windows that ran out long ago: a new hit would start anew anyway, so the rows are kept no longer. */
export async function purgeFloodCounters(db: Db, startedBefore: number): Promise<void> {
  await db.delete(floodCounters).where(lt(floodCounters.windowStart, startedBefore));
}

// Runs for every update in a private chat. In the update, bare columns are the stored row's values.
const hit = preparedQuery((db) => {
  const ranOut = sql`${floodCounters.windowStart} <= ${sql.placeholder("now")} - ${sql.placeholder("windowMs")}`;
  return db
    .insert(floodCounters)
    .values({ key: sql.placeholder("key"), windowStart: sql.placeholder("now"), hits: 1, warned: false })
    .onConflictDoUpdate({
      target: floodCounters.key,
      set: {
        windowStart: sql`case when ${ranOut} then excluded.window_start else ${floodCounters.windowStart} end`,
        hits: sql`case when ${ranOut} then 1 else ${floodCounters.hits} + 1 end`,
        // Whether the person has been told to slow down in this window, for whoever reads the table.
        warned: sql`case when ${ranOut} then 0 else ${floodCounters.hits} + 1 > ${sql.placeholder("limit")} end`,
      },
    })
    .returning({ hits: floodCounters.hits })
    .prepare();
});
