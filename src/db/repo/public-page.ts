import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { APPROVED_OR_LATER } from "../../domain/initiative-status.js";
import type { PublishedStatistics } from "../../domain/statistics.js";
import type { Db } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { initiatives, municipalities, publicSnapshots, rounds } from "../schema.js";
import type { Municipality } from "./municipalities.js";
import { entriesOfRounds } from "./round-entries.js";

export interface PublicSnapshot {
  /** The last Bishkek day (`YYYY-MM-DD`) the counts include. */
  day: string;
  statistics: PublishedStatistics;
  computedAt: number;
}

const pageBySlug = preparedQuery((db) =>
  db
    .select({ municipality: municipalities, snapshotAt: publicSnapshots.computedAt })
    .from(municipalities)
    .leftJoin(publicSnapshots, eq(publicSnapshots.municipalityId, municipalities.id))
    .where(eq(municipalities.slug, sql.placeholder("slug")))
    .prepare(),
);

/**
 * What every request of a public page reads, in one query: the municipality and when its
 * published counts were computed (null: none yet), which tells whether a rendered page is current.
 */
export async function findPublicPage(
  db: Db,
  slug: string,
): Promise<{ municipality: Municipality; snapshotAt: number | null } | undefined> {
  const [row] = await pageBySlug(db).all({ slug });
  return row;
}

/** The published counts themselves, read only when the page is rendered anew. */
export async function findSnapshot(db: Db, municipalityId: number): Promise<PublicSnapshot | undefined> {
  const [row] = await db
    .select({
      day: publicSnapshots.day,
      statistics: publicSnapshots.statistics,
      computedAt: publicSnapshots.computedAt,
    })
    .from(publicSnapshots)
    .where(eq(publicSnapshots.municipalityId, municipalityId));
  return row && { ...row, statistics: row.statistics as PublishedStatistics };
}

/** Active municipalities with the day their published counts are as of (null: none yet). */
export async function snapshotDays(db: Db) {
  return db
    .select({ id: municipalities.id, day: publicSnapshots.day })
    .from(municipalities)
    .leftJoin(publicSnapshots, eq(publicSnapshots.municipalityId, municipalities.id))
    .where(eq(municipalities.active, true));
}

export function storeSnapshotStatement(db: Db, municipalityId: number, snapshot: PublicSnapshot) {
  return db
    .insert(publicSnapshots)
    .values({ municipalityId, ...snapshot })
    .onConflictDoUpdate({ target: publicSnapshots.municipalityId, set: snapshot });
}

/** What an initiative shows in public: its title, reference, status and cost, never its author. */
export async function publicInitiatives(db: Db, municipalityId: number) {
  return db
    .select({
      id: initiatives.id,
      title: initiatives.title,
      refYear: initiatives.refYear,
      refSeq: initiatives.refSeq,
      status: initiatives.status,
      cost: initiatives.cost,
    })
    .from(initiatives)
    .where(
      and(
        eq(initiatives.municipalityId, municipalityId),
        inArray(initiatives.status, [...APPROVED_OR_LATER]),
      ),
    )
    .orderBy(desc(initiatives.decidedAt), desc(initiatives.id))
    .limit(100);
}

/** Open and closed rounds, latest first; closed ones carry the results stored when they closed. */
export async function publicRounds(db: Db, municipalityId: number) {
  const list = await db
    .select({
      id: rounds.id,
      title: rounds.title,
      status: rounds.status,
      closesAt: rounds.closesAt,
      closedAt: rounds.closedAt,
      results: rounds.results,
    })
    .from(rounds)
    .where(and(eq(rounds.municipalityId, municipalityId), inArray(rounds.status, ["open", "closed"])))
    .orderBy(desc(rounds.id))
    .limit(10);
  const entries = await entriesOfRounds(
    db,
    and(eq(rounds.municipalityId, municipalityId), inArray(rounds.status, ["open", "closed"])),
  );
  return list.map((round) => ({ ...round, entries: entries.filter((e) => e.roundId === round.id) }));
}

export type PublicRound = Awaited<ReturnType<typeof publicRounds>>[number];
export type PublicInitiative = Awaited<ReturnType<typeof publicInitiatives>>[number];
