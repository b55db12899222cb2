import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Update } from "grammy/types";
import type { Db } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { intake, processedUpdates } from "../schema.js";

/**
 * Stores a batch from getUpdates in one statement, before the next getUpdates confirms it to
 * Telegram. Returns the updates that are new here: after a restart Telegram sends again the last
 * batch it was not told about, and those already stored, or already begun (claimed by the
 * duplicate check), are not handed out again.
 */
export async function storeIntake(db: Db, updates: readonly Update[], now: number): Promise<Update[]> {
  if (updates.length === 0) return [];
  const stored = await db.all<{ update_id: number }>(sql`
    insert into ${intake} (update_id, payload, received_at)
    select json_extract(value, '$.update_id'), value, ${now} from json_each(${JSON.stringify(updates)})
    where json_extract(value, '$.update_id') not in (select ${processedUpdates.updateId} from ${processedUpdates})
    on conflict do nothing
    returning update_id`);
  const fresh = new Set(stored.map((row) => row.update_id));
  return updates.filter((update) => fresh.has(update.update_id));
}

/**
 * An update leaves the intake once handled (or skipped as a duplicate), or already at its first
 * write that changes data: from then on handling it again after a crash would apply its step twice
 * (a typed answer taken as the answer to the next question).
 */
export async function forgetIntake(db: Db, updateId: number): Promise<void> {
  await forget(db).run({ updateId });
}

// Runs for every update.
const forget = preparedQuery((db) =>
  db
    .delete(intake)
    .where(eq(intake.updateId, sql.placeholder("updateId")))
    .prepare(),
);

/**
 * At start, before polling: what the last process stored and did not handle, in update_id order
 * (which is each chat's order). Each of them changed no data yet. One it was handling when it died
 * still has its claim, which would make the duplicate check skip it: only one process
 * polls a bot (Telegram refuses a second getUpdates), so that claim is dropped and the update
 * handled from its start.
 */
export async function resumeIntake(db: Db): Promise<Update[]> {
  await db
    .delete(processedUpdates)
    .where(inArray(processedUpdates.updateId, db.select({ id: intake.updateId }).from(intake)));
  const rows = await db.select({ payload: intake.payload }).from(intake).orderBy(asc(intake.updateId));
  return rows.map((row) => row.payload);
}
