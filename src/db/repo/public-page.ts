import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { APPROVED_OR_LATER } from "../../domain/initiative-status.js";
import type { PublishedStatistics } from "../../domain/statistics.js";
import { type Database, type Db, read } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { initiatives, municipalities, publicSnapshots, rounds } from "../schema.js";
import type { Municipality } from "./municipalities.js";
import { entriesOfRounds, entriesQuery } from "./round-entries.js";

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
  const [row] = await snapshotQuery(db, municipalityId);
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

/** The id of the municipality whose slug is the placeholder `slug`, for the page's reads by slug. */
const slugged = sql`(select ${municipalities.id} from ${municipalities} where ${municipalities.slug} = ${sql.placeholder("slug")})`;

const initiativesQuery = (db: Db, municipality: number | typeof slugged) =>
  db
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
      and(eq(initiatives.municipalityId, municipality), inArray(initiatives.status, [...APPROVED_OR_LATER])),
    )
    .orderBy(desc(initiatives.decidedAt), desc(initiatives.id))
    .limit(100);

const roundsShown = (municipality: number | typeof slugged) =>
  and(eq(rounds.municipalityId, municipality), inArray(rounds.status, ["open", "closed"]));

const roundsQuery = (db: Db, municipality: number | typeof slugged) =>
  db
    .select({
      id: rounds.id,
      title: rounds.title,
      status: rounds.status,
      closesAt: rounds.closesAt,
      closedAt: rounds.closedAt,
      results: rounds.results,
    })
    .from(rounds)
    .where(roundsShown(municipality))
    .orderBy(desc(rounds.id))
    .limit(10);

type RoundRow = Awaited<ReturnType<typeof roundsQuery>>[number];
type EntryRow = Awaited<ReturnType<typeof entriesOfRounds>>[number];

const withEntries = (list: RoundRow[], entries: EntryRow[]) =>
  list.map((round) => ({ ...round, entries: entries.filter((e) => e.roundId === round.id) }));

/** What an initiative shows in public: its title, reference, status and cost, never its author. */
export async function publicInitiatives(db: Db, municipalityId: number) {
  return initiativesQuery(db, municipalityId);
}

/** Open and closed rounds, latest first; closed ones carry the results stored when they closed. */
export async function publicRounds(db: Db, municipalityId: number) {
  const list = await roundsQuery(db, municipalityId);
  return withEntries(list, await entriesOfRounds(db, roundsShown(municipalityId)));
}

const snapshotQuery = (db: Db, municipality: number | typeof slugged) =>
  db
    .select({
      day: publicSnapshots.day,
      statistics: publicSnapshots.statistics,
      computedAt: publicSnapshots.computedAt,
    })
    .from(publicSnapshots)
    .where(eq(publicSnapshots.municipalityId, municipality));

// A page rendered anew reads all of it by slug, in one round trip.
const pageQueries = preparedQuery((db) => ({
  rounds: roundsQuery(db, slugged).prepare(),
  entries: entriesQuery(db, roundsShown(slugged)).prepare(),
  initiatives: initiativesQuery(db, slugged).prepare(),
  snapshot: snapshotQuery(db, slugged).prepare(),
}));

/** Everything a public page shows, read by its slug in one round trip; undefined for an unknown slug. */
export async function readPublicPage(database: Database, slug: string) {
  const queries = pageQueries(database.db);
  const [pages, list, entries, initiativeRows, snapshots] = await database.read([
    read(pageBySlug(database.db), { slug }),
    read(queries.rounds, { slug }),
    read(queries.entries, { slug }),
    read(queries.initiatives, { slug }),
    read(queries.snapshot, { slug }),
  ]);
  const page = pages[0];
  if (!page) return undefined;
  const snapshot = snapshots[0];
  return {
    ...page,
    rounds: withEntries(list, entries),
    initiatives: initiativeRows,
    snapshot: snapshot ? { ...snapshot, statistics: snapshot.statistics as PublishedStatistics } : null,
  };
}

export type PublicRound = Awaited<ReturnType<typeof publicRounds>>[number];
export type PublicInitiative = Awaited<ReturnType<typeof publicInitiatives>>[number];
