import { and, eq, gte, inArray, lt, ne, notInArray, type SQL, sql } from "drizzle-orm";
import {
  type InitiativeRow,
  type PersonRow,
  type ReportRow,
  type StatisticsInput,
  TAKEN_UP,
} from "../../domain/statistics.js";
import type { Db } from "../database.js";
import { initiatives, reportEvents, reports, roundInitiatives, rounds, users, votes } from "../schema.js";

export interface StatisticsScope {
  /** Null: every municipality (admins only). */
  municipalityId: number | null;
  from: number;
  to: number;
}

const within = (column: SQL.Aliased | Parameters<typeof gte>[0], scope: StatisticsScope) =>
  and(gte(column, scope.from), lt(column, scope.to));

export async function readCitizens(db: Db, scope: StatisticsScope): Promise<PersonRow[]> {
  return db
    .select({ gender: users.gender, ageBand: users.ageBand })
    .from(users)
    .where(
      and(
        within(users.consentAt, scope),
        scope.municipalityId === null ? undefined : eq(users.municipalityId, scope.municipalityId),
      ),
    );
}

export async function readInitiatives(db: Db, scope: StatisticsScope): Promise<InitiativeRow[]> {
  return db
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
}

const roundsInScope = (scope: StatisticsScope) =>
  scope.municipalityId === null ? undefined : eq(rounds.municipalityId, scope.municipalityId);

export async function readVoters(db: Db, scope: StatisticsScope): Promise<PersonRow[]> {
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
}

/** Online votes given in the period, and paper votes of the rounds closed in it. */
export async function readVoteCounts(db: Db, scope: StatisticsScope) {
  const [online] = await db
    .select({ n: sql<number>`count(*)` })
    .from(votes)
    .innerJoin(rounds, eq(rounds.id, votes.roundId))
    .where(and(within(votes.createdAt, scope), roundsInScope(scope)));
  const [paper] = await db
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
  return { online: Number(online?.n ?? 0), paper: Number(paper?.n ?? 0) };
}

const firstEvent = (condition: SQL) =>
  sql<number | null>`(select min(${reportEvents.createdAt}) from ${reportEvents}
    where ${reportEvents.reportId} = ${reports.id} and ${condition})`;

export async function readReports(db: Db, scope: StatisticsScope): Promise<ReportRow[]> {
  const rows = await db
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
  return rows.map((r) => ({
    ...r,
    submittedAt: r.submittedAt ?? 0,
    acknowledgedAt: r.acknowledgedAt === null ? null : Number(r.acknowledgedAt),
    resolvedAt: r.resolvedAt === null ? null : Number(r.resolvedAt),
  }));
}

/** Everything the statistics are computed from, for one municipality (or all) and one period. */
export async function readStatisticsInput(db: Db, scope: StatisticsScope): Promise<StatisticsInput> {
  const [citizens, initiativeRows, voters, voteCounts, reportRows] = await Promise.all([
    readCitizens(db, scope),
    readInitiatives(db, scope),
    readVoters(db, scope),
    readVoteCounts(db, scope),
    readReports(db, scope),
  ]);
  return {
    citizens,
    initiatives: initiativeRows,
    voters,
    votesOnline: voteCounts.online,
    votesPaper: voteCounts.paper,
    reports: reportRows,
  };
}
