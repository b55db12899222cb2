import { and, eq, exists, inArray, ne, not, sql } from "drizzle-orm";
import type { Database, Db } from "../database.js";
import { installationSettings, rounds, voterPhones } from "../schema.js";

/**
 * The salt of the hashes made before the key (`salted-sha256`): it sits in the same database, so
 * those hashes are kept only while a round that asks for phones may still rely on them.
 */
const LEGACY_SALT_KEY = "phone_salt";
/** Where the job keeps the check of the key the `hmac-sha256` hashes were made with. */
const KEY_CHECK = "phone_key_check";

/** The old construction, SHA-256 of salt and number, to recognise a number confirmed before the key. */
async function legacyHash(db: Db, phone: string): Promise<string | undefined> {
  const [salt] = await db
    .select({ value: installationSettings.value })
    .from(installationSettings)
    .where(eq(installationSettings.key, LEGACY_SALT_KEY));
  if (!salt) return undefined;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${salt.value}:${phone}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function hasConfirmedPhone(db: Db, userId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: voterPhones.userId })
    .from(voterPhones)
    .where(eq(voterPhones.userId, userId));
  return row !== undefined;
}

/**
 * Links the number to this account by its keyed hash (`keyedHash`, made with the key kept outside
 * the database). The unique hash refuses a number another account confirmed, under either scheme;
 * the account's own earlier number, or its row under the old scheme, is replaced.
 */
export async function confirmPhone(
  db: Db,
  confirmation: { userId: number; phone: string; keyedHash: string; now: number },
): Promise<"confirmed" | "takenByAnother"> {
  const { userId, keyedHash, now } = confirmation;
  const legacy = await legacyHash(db, confirmation.phone);
  const owners = await db
    .select({ userId: voterPhones.userId })
    .from(voterPhones)
    .where(inArray(voterPhones.phoneHash, legacy ? [keyedHash, legacy] : [keyedHash]));
  if (owners.some((owner) => owner.userId !== userId)) return "takenByAnother";
  const row = { phoneHash: keyedHash, scheme: "hmac-sha256" as const, verifiedAt: now };
  try {
    await db
      .insert(voterPhones)
      .values({ userId, ...row })
      .onConflictDoUpdate({ target: voterPhones.userId, set: row });
  } catch (error) {
    if (/UNIQUE/.test(String(error instanceof Error ? `${error.message}${error.cause}` : error)))
      return "takenByAnother";
    throw error;
  }
  return "confirmed";
}

/**
 * The job's clean-up of hashes that no longer serve, in one batch:
 * - hashes made with another key than `keyCheck` was (a lost or replaced key): they can no
 *   longer refuse the same number from a second account, so their voters confirm again;
 * - hashes made before the key, and their salt, once no round that asks for phones is scheduled
 *   or open: those voters confirm once more in their next such round. Each statement checks the
 *   rounds itself, so a round scheduled meanwhile keeps what it needs.
 * `keyCheck` is a keyed hash of a fixed text: it tells whether the key changed, not what it is.
 */
export async function retireVoterPhoneHashes(database: Database, keyCheck: string): Promise<void> {
  const { db } = database;
  const noPhoneRound = not(
    exists(
      db
        .select({ one: sql`1` })
        .from(rounds)
        .where(and(eq(rounds.requirePhone, true), inArray(rounds.status, ["scheduled", "open"]))),
    ),
  );
  const anotherKey = exists(
    db
      .select({ one: sql`1` })
      .from(installationSettings)
      .where(and(eq(installationSettings.key, KEY_CHECK), ne(installationSettings.value, keyCheck))),
  );
  await database.batch([
    db.delete(voterPhones).where(and(eq(voterPhones.scheme, "hmac-sha256"), anotherKey)),
    db
      .insert(installationSettings)
      .values({ key: KEY_CHECK, value: keyCheck })
      .onConflictDoUpdate({ target: installationSettings.key, set: { value: keyCheck } }),
    db.delete(voterPhones).where(and(eq(voterPhones.scheme, "salted-sha256"), noPhoneRound)),
    db.delete(installationSettings).where(and(eq(installationSettings.key, LEGACY_SALT_KEY), noPhoneRound)),
  ]);
}
