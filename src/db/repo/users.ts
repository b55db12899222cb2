import { and, count, eq, inArray, ne, sql } from "drizzle-orm";
import type { Locale } from "../../i18n/locales.js";
import type { Database, Db } from "../database.js";
import { preparedQuery } from "../prepared.js";
import {
  awaiting,
  chatMessages,
  conversationState,
  floodCounters,
  inactiveRecipients,
  invites,
  outbox,
  reportCards,
  rounds,
  staff,
  users,
  votes,
} from "../schema.js";
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

/**
 * Called only at the moment of consent: before it, nothing about the person is stored. `blocked`:
 * staff blocked this account earlier (the block list holds its keyed hash), also across /forget.
 */
export async function createUserWithConsent(
  db: Db,
  id: number,
  locale: Locale,
  now: number,
  blocked = false,
): Promise<User> {
  const status = blocked ? "blocked" : "active";
  const [row] = await db
    .insert(users)
    .values({ id, locale, consentAt: now, status })
    .onConflictDoUpdate({ target: users.id, set: { locale, status } })
    .returning();
  return row!;
}

export async function updateUser(
  db: Db,
  id: number,
  changes: Partial<Pick<User, "locale" | "gender" | "ageBand" | "onboardedAt" | "status">>,
) {
  const [row] = await db.update(users).set(changes).where(eq(users.id, id)).returning();
  return row;
}

/**
 * Moves a person to another municipality, taking back their votes in open rounds elsewhere in the
 * same step: each person votes only where they live, and moving must not let one person vote in
 * two municipalities' rounds. Votes of closed rounds stay, as counted. Returns how many were taken
 * back.
 */
export async function moveToMunicipality(
  database: Database,
  userId: number,
  municipalityId: number,
): Promise<number> {
  const { db } = database;
  const openElsewhere = db
    .select({ id: rounds.id })
    .from(rounds)
    .where(and(eq(rounds.status, "open"), ne(rounds.municipalityId, municipalityId)));
  const theirsElsewhere = and(eq(votes.voterId, userId), inArray(votes.roundId, openElsewhere));
  const [held] = await db.select({ n: count() }).from(votes).where(theirsElsewhere);
  await database.batch([
    db.update(users).set({ municipalityId }).where(eq(users.id, userId)),
    db.delete(votes).where(theirsElsewhere),
  ]);
  return held?.n ?? 0;
}

/**
 * Deletes every row that holds the person's Telegram id, in one batch: profile, staff grants,
 * votes and phone (cascade), unfinished flows and prompts, notices not yet sent to them, the chat
 * log, the delivery bookkeeping and their flood counter (`floodKey`, the keyed hash it is kept
 * under). Content they submitted stays without their id (ON DELETE SET NULL, and their own events
 * on it). What they did as staff (decisions, grants they gave, the audit log) keeps who did it.
 * test/bot/forget-everything.test.ts lists every column that can hold an id.
 */
export async function forgetUser(database: Database, id: number, floodKey: string): Promise<void> {
  const { db } = database;
  await database.batch([
    ...forgetAuthorStatements(db, id),
    ...forgetReporterStatements(db, id),
    db.delete(conversationState).where(eq(conversationState.key, String(id))),
    db.delete(awaiting).where(eq(awaiting.userId, id)),
    db.delete(outbox).where(eq(outbox.chatId, id)),
    db.delete(chatMessages).where(eq(chatMessages.chatId, id)),
    db.delete(reportCards).where(eq(reportCards.chatId, id)),
    db.delete(inactiveRecipients).where(eq(inactiveRecipients.chatId, id)),
    db.delete(floodCounters).where(eq(floodCounters.key, floodKey)),
    db.update(invites).set({ usedBy: null }).where(eq(invites.usedBy, id)),
    db.delete(staff).where(eq(staff.userId, id)),
    db.delete(users).where(eq(users.id, id)),
    auditStatement(db, { actorId: null, action: "user.forgotten", subject: null }),
  ]);
}
