import { and, eq, exists, inArray, ne, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Locale } from "../../i18n/locales.js";
import { type Database, type Db, type RawQuery, read } from "../database.js";
import { filled, placeholders, preparedPerColumns, preparedQuery } from "../prepared.js";
import {
  awaiting,
  blockedAccounts,
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
import { activeOf, type Municipality, municipalitiesRead } from "./municipalities.js";
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
  const [row] = await consentStatement(db, id, locale, now, blocked ? "blocked" : "active");
  return row!;
}

/**
 * The consent and what the next question needs, in one round trip: the user (blocked when the
 * block list holds `accountHash`, the keyed hash of their id) and the active municipalities.
 */
export async function recordConsent(
  database: Database,
  consent: { id: number; locale: Locale; now: number; accountHash: string },
): Promise<{ user: User; places: Municipality[] }> {
  const { db } = database;
  const [[user], all] = await database.write([read(consentQuery(db), consent), municipalitiesRead(db)]);
  return { user: user!, places: activeOf(all) };
}

const consentQuery = preparedQuery((db) => {
  const listed = db
    .select({ id: blockedAccounts.id })
    .from(blockedAccounts)
    .where(eq(blockedAccounts.accountHash, sql.placeholder("accountHash")));
  const status = sql<User["status"]>`case when ${exists(listed)} then 'blocked' else 'active' end`;
  return consentStatement(
    db,
    sql.placeholder("id"),
    sql.placeholder("locale"),
    sql.placeholder("now"),
    status,
  ).prepare();
});

function consentStatement(
  db: Db,
  id: number | Placeholder,
  locale: Locale | Placeholder,
  now: number | Placeholder,
  status: User["status"] | SQL,
) {
  return db
    .insert(users)
    .values({ id, locale, consentAt: now, status })
    .onConflictDoUpdate({
      target: users.id,
      set: { locale: sql`excluded.locale`, status: sql`excluded.status` },
    })
    .returning();
}

/** `updateUser` as one statement of a batch. */
export function updateUserStatement(db: Db, id: number, changes: Parameters<typeof updateUser>[2]): RawQuery {
  const { query, values } = updateUserQuery(db, changes, { id });
  return filled(query, values);
}

export async function updateUser(
  db: Db,
  id: number,
  changes: Partial<Pick<User, "locale" | "gender" | "ageBand" | "onboardedAt" | "status">>,
) {
  const { query, values } = updateUserQuery(db, changes, { id });
  const [row] = await query.all(values);
  return row;
}

// Each question of the profile changes a column or two of its own: prepared once per set of columns.
const updateUserQuery = preparedPerColumns((db, set) =>
  db
    .update(users)
    .set(set)
    .where(eq(users.id, sql.placeholder("id")))
    .returning()
    .prepare(),
);

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
  const [, taken] = await database.write([
    read(moveUser(db), { userId, municipalityId }),
    read(withdrawVotesElsewhere(db), { userId, municipalityId }),
  ]);
  return taken.length;
}

/** `moveToMunicipality` as statements of a batch, for a step that needs no count of withdrawn votes. */
export function moveToMunicipalityStatements(db: Db, userId: number, municipalityId: number): RawQuery[] {
  return [
    filled(moveUser(db), { userId, municipalityId }),
    filled(withdrawVotesElsewhere(db), { userId, municipalityId }),
  ];
}

const moveUser = preparedQuery((db) =>
  db
    .update(users)
    .set(placeholders("municipalityId"))
    .where(eq(users.id, sql.placeholder("userId")))
    .returning({ id: users.id })
    .prepare(),
);

const withdrawVotesElsewhere = preparedQuery((db) => {
  const openElsewhere = db
    .select({ id: rounds.id })
    .from(rounds)
    .where(and(eq(rounds.status, "open"), ne(rounds.municipalityId, sql.placeholder("municipalityId"))));
  return db
    .delete(votes)
    .where(and(eq(votes.voterId, sql.placeholder("userId")), inArray(votes.roundId, openElsewhere)))
    .returning({ roundId: votes.roundId })
    .prepare();
});

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
