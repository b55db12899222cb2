import type { Database, Db } from "../db/database.js";
import { purgeFloodCounters } from "../db/repo/flood-counters.js";
import { purgeFinishedOutbox } from "../db/repo/outbox.js";
import { purgeProcessedUpdates } from "../db/repo/updates.js";
import { retireVoterPhoneHashes } from "../db/repo/voter-phones.js";
import type { KeyedHashes } from "../domain/keyed-hash.js";

const DAY = 24 * 60 * 60 * 1000;
/** Telegram never redelivers an update after a day; three days leave room for a long outage. */
const KEEP_UPDATE_IDS_MS = 3 * DAY;
/** Long enough for an admin to look into failed notifications. */
const KEEP_FINISHED_OUTBOX_MS = 30 * DAY;
/** Flood windows last seconds: one that started an hour ago ran out long since. */
const KEEP_FLOOD_COUNTERS_MS = 60 * 60 * 1000;

export async function purgeOldRecords(db: Db, now: number): Promise<void> {
  await purgeProcessedUpdates(db, now - KEEP_UPDATE_IDS_MS);
  await purgeFinishedOutbox(db, now - KEEP_FINISHED_OUTBOX_MS);
  await purgeFloodCounters(db, now - KEEP_FLOOD_COUNTERS_MS);
}

/** No phone number normalises to this text: its keyed hash only tells whether PHONE_HASH_KEY changed. */
const KEY_CHECK_TEXT = "key check";

/** Confirmed phones that no longer serve: made with another key, or before the key (see the repository). */
export async function retirePhoneHashes(database: Database, hashes: KeyedHashes): Promise<void> {
  await retireVoterPhoneHashes(database, hashes.phone(KEY_CHECK_TEXT));
}
