import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../database.js";
import { users } from "../schema.js";
import type { Recipient } from "./recipients.js";

/** Registered people of a municipality who still receive messages, with their language. */
export async function activeCitizensOf(db: Db, municipalityId: number): Promise<Recipient[]> {
  return db
    .select({ id: users.id, locale: users.locale })
    .from(users)
    .where(
      and(eq(users.municipalityId, municipalityId), eq(users.status, "active"), isNotNull(users.onboardedAt)),
    );
}
