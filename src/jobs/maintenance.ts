import type { Db } from "../db/database.js";
import { purgeProcessedUpdates } from "../db/repo/updates.js";

/** Telegram never redelivers an update after a day; three days leave room for a long outage. */
const KEEP_UPDATE_IDS_MS = 3 * 24 * 60 * 60 * 1000;

export async function purgeOldRecords(db: Db, now: number): Promise<void> {
  await purgeProcessedUpdates(db, now - KEEP_UPDATE_IDS_MS);
}
