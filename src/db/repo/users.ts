import { eq, sql } from "drizzle-orm";
import type { Locale } from "../../i18n/locales.js";
import type { Database, Db } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { conversationState, staff, users } from "../schema.js";
import { auditStatement } from "./audit.js";
import { forgetAuthorStatements } from "./initiatives.js";
import { forgetReporterStatements } from "./reports.js";

export type User = typeof users.$inferSelect;

const userById = preparedQuery((db) =>
  db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare(),
);

export async function findUser(db: Db, id: number): Promise<User | undefined> {
  const [row] = await userById(db).all({ id });
  return row;
}

/** Called only at the moment of consent: before it, nothing about the person is stored. */
export async function createUserWithConsent(db: Db, id: number, locale: Locale, now: number): Promise<User> {
  const [row] = await db
    .insert(users)
    .values({ id, locale, consentAt: now })
    .onConflictDoUpdate({ target: users.id, set: { locale, status: "active" } })
    .returning();
  return row!;
}

export async function updateUser(
  db: Db,
  id: number,
  changes: Partial<Pick<User, "locale" | "municipalityId" | "gender" | "ageBand" | "onboardedAt" | "status">>,
) {
  const [row] = await db.update(users).set(changes).where(eq(users.id, id)).returning();
  return row;
}

/**
 * Deletes a person's data: profile, staff grants (cascade) and unfinished flows. Content they
 * submitted references users with ON DELETE SET NULL, so it stays and becomes anonymous.
 */
export async function forgetUser(database: Database, id: number): Promise<void> {
  const { db } = database;
  await database.batch([
    ...forgetAuthorStatements(db, id),
    ...forgetReporterStatements(db, id),
    db.delete(conversationState).where(eq(conversationState.key, String(id))),
    db.delete(staff).where(eq(staff.userId, id)),
    db.delete(users).where(eq(users.id, id)),
    auditStatement(db, { actorId: null, action: "user.forgotten", subject: null }),
  ]);
}
