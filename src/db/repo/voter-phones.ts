import { eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { installationSettings, voterPhones } from "../schema.js";

const SALT_KEY = "phone_salt";

/** The installation's own salt, made on first use; of two first uses the database keeps one. */
export async function phoneSalt(db: Db): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const fresh = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  await db.insert(installationSettings).values({ key: SALT_KEY, value: fresh }).onConflictDoNothing();
  const [row] = await db.select().from(installationSettings).where(eq(installationSettings.key, SALT_KEY));
  return row!.value;
}

/** SHA-256 of salt and number (Web Crypto, the same on Node and Workers): the number itself is never kept. */
export async function hashPhone(salt: string, phone: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${salt}:${phone}`));
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
 * Links the number to this account. The unique hash refuses a number another account confirmed;
 * the account's own earlier number is replaced.
 */
export async function confirmPhone(
  db: Db,
  confirmation: { userId: number; phone: string; now: number },
): Promise<"confirmed" | "takenByAnother"> {
  const phoneHash = await hashPhone(await phoneSalt(db), confirmation.phone);
  const [owner] = await db
    .select({ userId: voterPhones.userId })
    .from(voterPhones)
    .where(eq(voterPhones.phoneHash, phoneHash));
  if (owner) return owner.userId === confirmation.userId ? "confirmed" : "takenByAnother";
  try {
    await db
      .insert(voterPhones)
      .values({ userId: confirmation.userId, phoneHash, verifiedAt: confirmation.now })
      .onConflictDoUpdate({ target: voterPhones.userId, set: { phoneHash, verifiedAt: confirmation.now } });
  } catch (error) {
    if (/UNIQUE/.test(String(error instanceof Error ? `${error.message}${error.cause}` : error)))
      return "takenByAnother";
    throw error;
  }
  return "confirmed";
}
