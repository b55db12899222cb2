import { and, eq, gte, inArray, lt, ne, notInArray, type SQL, sql } from "drizzle-orm";
import {
  type InitiativeRow,
  type PersonRow,
  type ReportRow,
  type StatisticsInput,
  TAKEN_UP,
} from "../../domain/statistics.js";
import { type Database, type Db, read } from "../database.js";
import { initiatives, reportEvents, reports, roundInitiatives, rounds, users, votes } from "../schema.js";

export interface StatisticsScope {
  /** Null: every municipality (admins only). */
  municipalityId: number | null;
  from: number;
  to: number;
}

const within = (column: SQL.Aliased | Parameters<typeof gte>[0], scope: StatisticsScope) =>
  and(gte(column, scope.from), lt(column, scope.to));

const citizensQuery = (db: Db, scope: StatisticsScope) =>
  db
    .select({ gender: users.gender, ageBand: users.ageBand })
    .from(users)
    .where(
      and(
        within(users.consentAt, scope),
        scope.municipalityId === null ? undefined : eq(users.municipalityId, scope.municipalityId),
      ),
    );

const initiativesQuery = (db: Db, scope: StatisticsScope) =>
  db
    .select({
      status: initiatives.status,
      authorId: initiatives.authorId,
      authorGender: users.gender,
      authorAgeBand: users.ageBand,
    })
    .from(initiatives)
    .leftJoin(users, eq(users.id, initiatives.authorId))
    .where(
      and(
        ne(initiatives.status, "draft"),
        within(initiatives.submittedAt, scope),
        scope.municipalityId === null ? undefined : eq(initiatives.municipalityId, scope.municipalityId),
      ),
    );

const roundsInScope = (scope: StatisticsScope) =>
  scope.municipalityId === null ? undefined : eq(rounds.municipalityId, scope.municipalityId);

const votersQuery = (db: Db, scope: StatisticsScope) => {
  const voters = db
    .selectDistinct({ id: votes.voterId })
    .from(votes)
    .innerJoin(rounds, eq(rounds.id, votes.roundId))
    .where(and(within(votes.createdAt, scope), roundsInScope(scope)))
    .as("voters");
  return db
    .select({ gender: users.gender, ageBand: users.ageBand })
    .from(voters)
    .innerJoin(users, eq(users.id, voters.id));
};

/** Online votes given in the period. */
const onlineVotesQuery = (db: Db, scope: StatisticsScope) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(votes)
    .innerJoin(rounds, eq(rounds.id, votes.roundId))
    .where(and(within(votes.createdAt, scope), roundsInScope(scope)));

/** Paper votes of the rounds closed in the period. */
const paperVotesQuery = (db: Db, scope: StatisticsScope) =>
  db
    .select({ n: sql<number>`coalesce(sum(${roundInitiatives.paperVotes}), 0)` })
    .from(roundInitiatives)
    .innerJoin(rounds, eq(rounds.id, roundInitiatives.roundId))
    .where(
      and(
        eq(rounds.status, "closed"),
        eq(roundInitiatives.included, true),
        within(rounds.closedAt, scope),
        roundsInScope(scope),
      ),
    );

const firstEvent = (condition: SQL) =>
  sql<number | null>`(select min(${reportEvents.createdAt}) from ${reportEvents}
    where ${reportEvents.reportId} = ${reports.id} and ${condition})`;

const reportsQuery = (db: Db, scope: StatisticsScope) =>
  db
    .select({
      category: reports.category,
      urgency: reports.urgency,
      status: reports.status,
      submittedAt: reports.submittedAt,
      acknowledgedAt: firstEvent(inArray(reportEvents.toStatus, [...TAKEN_UP])),
      resolvedAt: firstEvent(eq(reportEvents.toStatus, "resolved")),
    })
    .from(reports)
    .where(
      and(
        notInArray(reports.status, ["draft", "spam", "abuse"]),
        within(reports.submittedAt, scope),
        scope.municipalityId === null ? undefined : eq(reports.municipalityId, scope.municipalityId),
      ),
    );

/** The reads `readStatisticsInput` makes, as one batch (`Database.read`); `statisticsInputOf` their rows. */
export function statisticsReads(db: Db, scope: StatisticsScope) {
  return [
    read(citizensQuery(db, scope).prepare()),
    read(initiativesQuery(db, scope).prepare()),
    read(votersQuery(db, scope).prepare()),
    read(onlineVotesQuery(db, scope).prepare()),
    read(paperVotesQuery(db, scope).prepare()),
    read(reportsQuery(db, scope).prepare()),
  ] as const;
}

type Rows<Q extends (db: Db, scope: StatisticsScope) => { prepare(): { all(): unknown } }> = Awaited<
  ReturnType<ReturnType<ReturnType<Q>["prepare"]>["all"]>
>;

export function statisticsInputOf(
  rows: readonly [
    Rows<typeof citizensQuery>,
    Rows<typeof initiativesQuery>,
    Rows<typeof votersQuery>,
    Rows<typeof onlineVotesQuery>,
    Rows<typeof paperVotesQuery>,
    Rows<typeof reportsQuery>,
  ],
): StatisticsInput {
  const [citizens, initiativeRows, voters, online, paper, reportRows] = rows;
  return {
    citizens: citizens as PersonRow[],
    initiatives: initiativeRows as InitiativeRow[],
    voters: voters as PersonRow[],
    votesOnline: Number(online[0]?.n ?? 0),
    votesPaper: Number(paper[0]?.n ?? 0),
    reports: reportRows.map(
      (r): ReportRow => ({
        ...r,
        submittedAt: r.submittedAt ?? 0,
        acknowledgedAt: r.acknowledgedAt === null ? null : Number(r.acknowledgedAt),
        resolvedAt: r.resolvedAt === null ? null : Number(r.resolvedAt),
      }),
    ),
  };
}

/** Everything the statistics are computed from, for one municipality (or all) and one period. */
export async function readStatisticsInput(db: Db, scope: StatisticsScope): Promise<StatisticsInput> {
  const reads = statisticsReads(db, scope);
  const rows = await Promise.all(reads.map((r) => r.query.all(r.values)));
  return statisticsInputOf(rows as never);
}

/** `readStatisticsInput` in one round trip. */
export async function readStatisticsInputAt(
  database: Database,
  scope: StatisticsScope,
): Promise<StatisticsInput> {
  return statisticsInputOf((await database.read([...statisticsReads(database.db, scope)])) as never);
}
