import { and, asc, desc, eq, inArray, lte, or, sql } from "drizzle-orm";
import type { RoundResults } from "../../domain/round-results.js";
import { type Database, type Db, read, type Statement } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { auditLog, initiativeEvents, initiatives, roundInitiatives, rounds } from "../schema.js";

export type Round = typeof rounds.$inferSelect;
export type RoundDraftChanges = Partial<
  Pick<
    Round,
    | "title"
    | "submissionDeadline"
    | "opensAt"
    | "closesAt"
    | "votesPerVoter"
    | "totalBudget"
    | "maxPerInitiative"
    | "requirePhone"
  >
>;

/** A new draft with every approved initiative of the municipality in it; staff may leave some out. */
export async function createRoundDraft(
  db: Db,
  draft: { municipalityId: number; createdBy: number; now: number },
): Promise<Round> {
  const [round] = await db
    .insert(rounds)
    .values({ municipalityId: draft.municipalityId, createdBy: draft.createdBy, createdAt: draft.now })
    .returning();
  await db.insert(roundInitiatives).select(
    sql`select ${round!.id}, ${initiatives.id}, 1, 0, null, null, null from ${initiatives}
          where ${initiatives.municipalityId} = ${draft.municipalityId} and ${initiatives.status} = 'approved'`,
  );
  return round!;
}

// Every ballot press reads the round and its entries, and /vote the municipality's open round.
const roundById = preparedQuery((db) =>
  db
    .select()
    .from(rounds)
    .where(eq(rounds.id, sql.placeholder("id")))
    .prepare(),
);

/** `findRound` as a read of its own, for `Database.read`. */
export function readRound(db: Db, id: number) {
  return read(roundById(db), { id });
}

export async function findRound(db: Db, id: number): Promise<Round | undefined> {
  const [row] = await roundById(db).all({ id });
  return row;
}

/** Changes a round only while it is still a draft: a scheduled round is what was announced. */
export async function updateRoundDraft(db: Db, id: number, changes: RoundDraftChanges) {
  const [row] = await db
    .update(rounds)
    .set(changes)
    .where(and(eq(rounds.id, id), eq(rounds.status, "draft")))
    .returning();
  return row;
}

export async function deleteRoundDraft(db: Db, id: number): Promise<void> {
  await db.delete(rounds).where(and(eq(rounds.id, id), eq(rounds.status, "draft")));
}

export interface RoundEntry {
  initiativeId: number;
  title: string | null;
  refYear: number | null;
  refSeq: number | null;
  status: string;
  authorId: number | null;
  submittedAt: number | null;
  cost: number | null;
  included: boolean;
  paperVotes: number;
  fundedAmount: number | null;
}

/** The round's initiatives, earliest submitted first (the order ties are broken in). */
/** `roundEntries` (the included ones) as a read of its own, for `Database.read`. */
export function readEntries(db: Db, roundId: number) {
  return read(includedEntries(db), { roundId });
}

export async function roundEntries(db: Db, roundId: number, onlyIncluded = true): Promise<RoundEntry[]> {
  return (onlyIncluded ? includedEntries : allEntries)(db).all({ roundId });
}

const entriesOf = (db: Db, onlyIncluded: boolean) =>
  db
    .select({
      initiativeId: roundInitiatives.initiativeId,
      title: initiatives.title,
      refYear: initiatives.refYear,
      refSeq: initiatives.refSeq,
      status: initiatives.status,
      authorId: initiatives.authorId,
      submittedAt: initiatives.submittedAt,
      cost: initiatives.cost,
      included: roundInitiatives.included,
      paperVotes: roundInitiatives.paperVotes,
      fundedAmount: roundInitiatives.fundedAmount,
    })
    .from(roundInitiatives)
    .innerJoin(initiatives, eq(initiatives.id, roundInitiatives.initiativeId))
    .where(
      and(
        eq(roundInitiatives.roundId, sql.placeholder("roundId")),
        onlyIncluded ? eq(roundInitiatives.included, true) : undefined,
      ),
    )
    .orderBy(asc(initiatives.submittedAt), asc(initiatives.id))
    .prepare();
const includedEntries = preparedQuery((db) => entriesOf(db, true));
const allEntries = preparedQuery((db) => entriesOf(db, false));

export async function setIncluded(db: Db, roundId: number, initiativeId: number, included: boolean) {
  const draft = sql`exists (select 1 from ${rounds} where ${rounds.id} = ${roundId} and ${rounds.status} = 'draft')`;
  await db
    .update(roundInitiatives)
    .set({ included })
    .where(
      and(eq(roundInitiatives.roundId, roundId), eq(roundInitiatives.initiativeId, initiativeId), draft),
    );
}

/**
 * Paper votes are entered until the round closes: what is published must not change afterwards.
 * The count and its audit row (old and new count, round, initiative, who) are one batch; the audit
 * row reads the count it replaces inside the batch, so two staff members typing at once each
 * record what they changed. False when the round closed or the initiative left it.
 */
export async function setPaperVotes(
  database: Database,
  change: { roundId: number; initiativeId: number; count: number; actorId: number; now: number },
): Promise<boolean> {
  const { db } = database;
  const { roundId, initiativeId, count } = change;
  const notClosed = sql`exists (select 1 from ${rounds} where ${rounds.id} = ${roundId} and ${rounds.status} in ('scheduled', 'open'))`;
  const entry = and(
    eq(roundInitiatives.roundId, roundId),
    eq(roundInitiatives.initiativeId, initiativeId),
    eq(roundInitiatives.included, true),
    notClosed,
  );
  const [open] = await db.select({ id: roundInitiatives.initiativeId }).from(roundInitiatives).where(entry);
  if (!open) return false;
  await database.batch([
    db.insert(auditLog).select(
      db
        .select({
          id: sql`null`.as("id"),
          actorId: sql`${change.actorId}`.as("actor_id"),
          action: sql`'round.paper_votes'`.as("action"),
          subject: sql`${`round:${roundId}`}`.as("subject"),
          details:
            sql`json_object('roundId', ${roundId}, 'initiativeId', ${initiativeId}, 'old', ${roundInitiatives.paperVotes}, 'new', ${count})`.as(
              "details",
            ),
          createdAt: sql`${change.now}`.as("created_at"),
        })
        .from(roundInitiatives)
        .where(entry),
    ),
    db.update(roundInitiatives).set({ paperVotes: count }).where(entry),
  ]);
  return true;
}

export function fundedAmountStatement(db: Db, roundId: number, initiativeId: number, amount: number | null) {
  return db
    .update(roundInitiatives)
    .set({ fundedAmount: amount })
    .where(and(eq(roundInitiatives.roundId, roundId), eq(roundInitiatives.initiativeId, initiativeId)));
}

export function reportTextStatement(
  db: Db,
  roundId: number,
  initiativeId: number,
  text: string,
  photoId: string | null,
) {
  return db
    .update(roundInitiatives)
    .set({ reportText: text, reportPhotoId: photoId })
    .where(and(eq(roundInitiatives.roundId, roundId), eq(roundInitiatives.initiativeId, initiativeId)));
}

export async function listRounds(db: Db, municipalityIds: number[] | "all", limit = 10): Promise<Round[]> {
  return db
    .select()
    .from(rounds)
    .where(
      and(
        inArray(rounds.status, ["scheduled", "open", "closed"]),
        municipalityIds === "all" ? undefined : inArray(rounds.municipalityId, municipalityIds),
      ),
    )
    .orderBy(desc(rounds.id))
    .limit(limit);
}

/** The open round of a municipality, if any (the latest when staff opened several). */
const openRoundsOf = preparedQuery((db) =>
  db
    .select()
    .from(rounds)
    .where(and(eq(rounds.municipalityId, sql.placeholder("municipalityId")), eq(rounds.status, "open")))
    .prepare(),
);

export async function openRoundOf(db: Db, municipalityId: number): Promise<Round | undefined> {
  // Newest first, sorted here: a bound LIMIT makes SQLite sort slower than the few rows cost.
  const open = await openRoundsOf(db).all({ municipalityId });
  return open.reduce<Round | undefined>(
    (newest, round) => (newest && newest.id > round.id ? newest : round),
    undefined,
  );
}

export async function lastClosedRoundOf(db: Db, municipalityId: number): Promise<Round | undefined> {
  const [row] = await db
    .select()
    .from(rounds)
    .where(and(eq(rounds.municipalityId, municipalityId), eq(rounds.status, "closed")))
    .orderBy(desc(rounds.closedAt), desc(rounds.id))
    .limit(1);
  return row;
}

export async function roundsDueToOpen(db: Db, now: number): Promise<Round[]> {
  return db
    .select()
    .from(rounds)
    .where(and(eq(rounds.status, "scheduled"), lte(rounds.opensAt, now)));
}

export async function roundsDueToClose(db: Db, now: number): Promise<Round[]> {
  return db
    .select()
    .from(rounds)
    .where(and(eq(rounds.status, "open"), lte(rounds.closesAt, now)));
}

/**
 * Moves initiatives of a round from one status to the next, each with its history event, as two
 * statements for a batch. Both read the status, so an initiative already moved is left alone.
 */
/** Opens a scheduled round; nothing when another run opened it first. */
export function openRoundStatement(db: Db, roundId: number, reached: number, now: number) {
  return db
    .update(rounds)
    .set({ status: "open", openedAt: now, reached })
    .where(and(eq(rounds.id, roundId), eq(rounds.status, "scheduled")));
}

/** Closes an open round with its results; nothing when another run closed it first. */
export function closeRoundStatement(db: Db, roundId: number, results: RoundResults, now: number) {
  return db
    .update(rounds)
    .set({ status: "closed", closedAt: now, results })
    .where(and(eq(rounds.id, roundId), eq(rounds.status, "open")));
}

export function stageStatements(
  db: Db,
  move: {
    roundId: number;
    initiativeIds?: number[];
    from: string;
    to: string;
    actorId: number | null;
    now: number;
  },
): Statement[] {
  const inRound = move.initiativeIds
    ? sql`${initiatives.id} in (select value from json_each(${JSON.stringify(move.initiativeIds)}))`
    : sql`${initiatives.id} in (select ${roundInitiatives.initiativeId} from ${roundInitiatives}
          where ${roundInitiatives.roundId} = ${move.roundId} and ${roundInitiatives.included} = 1)`;
  return [
    db.insert(initiativeEvents).select(
      sql`select null, ${initiatives.id}, ${initiatives.version} + 1, ${move.actorId}, ${initiatives.status},
                 ${move.to}, ${`round:${move.roundId}`}, null, ${move.now}
          from ${initiatives} where ${inRound} and ${initiatives.status} = ${move.from}`,
    ),
    db
      .update(initiatives)
      .set({ status: move.to as never, version: sql`${initiatives.version} + 1`, updatedAt: move.now })
      .where(and(inRound, eq(initiatives.status, move.from as never))),
  ];
}

/**
 * Confirms a draft: initiatives left out, or no longer approved, leave it; the others become
 * `in_round` with their history event; the round is `scheduled`. All or nothing, and only once.
 */
export async function scheduleRound(database: Database, round: Round, actorId: number, now: number) {
  const { db } = database;
  const stillDraft = sql`exists (select 1 from ${rounds} where ${rounds.id} = ${round.id} and ${rounds.status} = 'draft')`;
  const notApproved = sql`${roundInitiatives.initiativeId} not in (select ${initiatives.id} from ${initiatives} where ${initiatives.status} = 'approved')`;
  await database.batch([
    db
      .delete(roundInitiatives)
      .where(
        and(
          eq(roundInitiatives.roundId, round.id),
          stillDraft,
          or(eq(roundInitiatives.included, false), notApproved),
        ),
      ),
    ...stageStatements(db, { roundId: round.id, from: "approved", to: "in_round", actorId, now }),
    db
      .update(rounds)
      .set({ status: "scheduled" })
      .where(and(eq(rounds.id, round.id), eq(rounds.status, "draft"))),
  ]);
}

/** Staff close early: from now on no vote is accepted, before the results are counted. */
export async function endVotingNow(db: Db, roundId: number, now: number): Promise<Round | undefined> {
  const [row] = await db
    .update(rounds)
    .set({ closesAt: now })
    .where(and(eq(rounds.id, roundId), eq(rounds.status, "open")))
    .returning();
  return row;
}

/** When the next round opens or closes, by the times stored: what the round clock waits for. */
export async function nextRoundChangeAt(db: Db): Promise<number | undefined> {
  const [row] = await db
    .select({
      at: sql<
        number | null
      >`min(case when ${rounds.status} = 'scheduled' then ${rounds.opensAt} else ${rounds.closesAt} end)`,
    })
    .from(rounds)
    .where(inArray(rounds.status, ["scheduled", "open"]));
  return row?.at ?? undefined;
}

/** The municipality's round that opens next, if one is scheduled. */
export async function nextScheduledRoundOf(db: Db, municipalityId: number): Promise<Round | undefined> {
  const [row] = await db
    .select()
    .from(rounds)
    .where(and(eq(rounds.municipalityId, municipalityId), eq(rounds.status, "scheduled")))
    .orderBy(asc(rounds.opensAt), asc(rounds.id))
    .limit(1);
  return row;
}
