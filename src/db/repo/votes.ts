import { and, eq, sql } from "drizzle-orm";
import type { Count, VoterProfile } from "../../domain/round-results.js";
import { type Database, type Db, read } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { initiatives, roundInitiatives, rounds, users, votes } from "../schema.js";
import { type Round, type RoundEntry, readEntries, readRound } from "./rounds.js";

export interface Ballot {
  roundId: number;
  initiativeId: number;
  voterId: number;
  limit: number;
  now: number;
}

/**
 * Gives one vote, or nothing. One statement decides: the round is open at `now`, the initiative is
 * in it, the voter has votes left and is not blocked, and the unique index refuses a second vote for the same
 * initiative. Two taps at once are serialised by the database, so the limit cannot be passed.
 */
export async function castVote(db: Db, ballot: Ballot): Promise<boolean> {
  const { roundId, initiativeId, voterId, limit, now } = ballot;
  const rows = await cast(db).all({ roundId, initiativeId, voterId, limit, now });
  return rows.length > 0;
}

/** Takes a vote back, only while the round is open. */
export async function withdrawVote(db: Db, ballot: Omit<Ballot, "limit">): Promise<boolean> {
  const { roundId, initiativeId, voterId, now } = ballot;
  const rows = await withdraw(db).all({ roundId, initiativeId, voterId, now });
  return rows.length > 0;
}

// Every vote press runs one of these two: built once, as drizzle would build them anew each time.
const cast = preparedQuery((db) => {
  const roundId = sql.placeholder("roundId");
  const initiativeId = sql.placeholder("initiativeId");
  const voterId = sql.placeholder("voterId");
  const now = sql.placeholder("now");
  return db
    .insert(votes)
    .select(
      sql`select ${roundId}, ${initiativeId}, ${voterId}, ${now}
          where (select count(*) from ${votes} where ${votes.roundId} = ${roundId} and ${votes.voterId} = ${voterId}) < ${sql.placeholder("limit")}
            and not exists (select 1 from ${users} where ${users.id} = ${voterId} and ${users.status} = 'blocked')
            and exists (select 1 from ${rounds} where ${rounds.id} = ${roundId} and ${rounds.status} = 'open'
                        and ${rounds.opensAt} <= ${now} and ${rounds.closesAt} > ${now})
            and exists (select 1 from ${roundInitiatives} where ${roundInitiatives.roundId} = ${roundId}
                        and ${roundInitiatives.initiativeId} = ${initiativeId} and ${roundInitiatives.included} = 1)`,
    )
    .onConflictDoNothing()
    .returning({ initiativeId: votes.initiativeId })
    .prepare();
});

const withdraw = preparedQuery((db) => {
  const roundId = sql.placeholder("roundId");
  const open = sql`exists (select 1 from ${rounds} where ${rounds.id} = ${roundId} and ${rounds.status} = 'open' and ${rounds.closesAt} > ${sql.placeholder("now")})`;
  return db
    .delete(votes)
    .where(
      and(
        eq(votes.roundId, roundId),
        eq(votes.initiativeId, sql.placeholder("initiativeId")),
        eq(votes.voterId, sql.placeholder("voterId")),
        open,
      ),
    )
    .returning({ initiativeId: votes.initiativeId })
    .prepare();
});

const choices = preparedQuery((db) =>
  db
    .select({ id: votes.initiativeId })
    .from(votes)
    .where(and(eq(votes.roundId, sql.placeholder("roundId")), eq(votes.voterId, sql.placeholder("voterId"))))
    .prepare(),
);

/**
 * The round, its entries and the voter's choices in one round trip: all that a ballot shows and
 * that a vote press is checked against.
 */
export async function ballotOf(database: Database, roundId: number, voterId: number) {
  const { db } = database;
  const [round, entries, chosen] = await database.read<[Round[], RoundEntry[], { id: number }[]]>([
    readRound(db, roundId),
    readEntries(db, roundId),
    read(choices(db), { roundId, voterId }),
  ]);
  return { round: round[0], entries, chosen: chosen.map((row) => row.id) };
}

export async function choicesOf(db: Db, roundId: number, voterId: number): Promise<number[]> {
  const rows = await choices(db).all({ roundId, voterId });
  return rows.map((r) => r.id);
}

/** Online votes per initiative (one GROUP BY over the covering index), with paper votes and submission time. */
export async function tallyRound(db: Db, roundId: number): Promise<Count[]> {
  const online = db
    .select({ initiativeId: votes.initiativeId, n: sql<number>`count(*)`.as("n") })
    .from(votes)
    .where(eq(votes.roundId, roundId))
    .groupBy(votes.initiativeId)
    .as("online");
  const rows = await db
    .select({
      initiativeId: roundInitiatives.initiativeId,
      online: sql<number>`coalesce(${online.n}, 0)`,
      paper: roundInitiatives.paperVotes,
      submittedAt: sql<number>`coalesce(${initiatives.submittedAt}, 0)`,
    })
    .from(roundInitiatives)
    .innerJoin(initiatives, eq(initiatives.id, roundInitiatives.initiativeId))
    .leftJoin(online, eq(online.initiativeId, roundInitiatives.initiativeId))
    .where(and(eq(roundInitiatives.roundId, roundId), eq(roundInitiatives.included, true)));
  return rows.map((r) => ({ ...r, online: Number(r.online), submittedAt: Number(r.submittedAt) }));
}

/** How many people voted, by gender and age band as they told us. */
export async function voterProfiles(db: Db, roundId: number): Promise<VoterProfile[]> {
  const voters = db
    .selectDistinct({ id: votes.voterId })
    .from(votes)
    .where(eq(votes.roundId, roundId))
    .as("voters");
  const rows = await db
    .select({ gender: users.gender, ageBand: users.ageBand, voters: sql<number>`count(*)` })
    .from(voters)
    .innerJoin(users, eq(users.id, voters.id))
    .groupBy(users.gender, users.ageBand);
  return rows.map((r) => ({ ...r, voters: Number(r.voters) }));
}

export interface VoterRecipient {
  id: number;
  locale: string;
}

/** People who voted in a round, or for one initiative of it, with their language. */
export async function votersOf(db: Db, roundId: number, initiativeId?: number): Promise<VoterRecipient[]> {
  return db
    .selectDistinct({ id: users.id, locale: users.locale })
    .from(votes)
    .innerJoin(users, eq(users.id, votes.voterId))
    .where(
      and(
        eq(votes.roundId, roundId),
        initiativeId === undefined ? undefined : eq(votes.initiativeId, initiativeId),
      ),
    );
}
