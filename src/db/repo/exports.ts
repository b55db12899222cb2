import { and, asc, eq, gte, lt, ne, notInArray } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { TAKEN_UP } from "../../domain/statistics.js";
import type { Db } from "../database.js";
import { initiatives, municipalities, reportEvents, reports, rounds } from "../schema.js";
import { entriesOfRounds } from "./round-entries.js";
import type { StatisticsScope } from "./statistics.js";

const inMunicipality = (column: SQLiteColumn, scope: StatisticsScope) =>
  scope.municipalityId === null ? undefined : eq(column, scope.municipalityId);

/** Initiatives submitted in the period: what was proposed and decided, never who proposed it. */
export async function initiativesForExport(db: Db, scope: StatisticsScope) {
  return db
    .select({
      refYear: initiatives.refYear,
      refSeq: initiatives.refSeq,
      municipality: municipalities.slug,
      status: initiatives.status,
      title: initiatives.title,
      kind: initiatives.kind,
      place: initiatives.placeText,
      problem: initiatives.problem,
      solution: initiatives.solution,
      beneficiaryCount: initiatives.beneficiaryCount,
      womenCount: initiatives.womenCount,
      youthCount: initiatives.youthCount,
      cost: initiatives.cost,
      contributionMoney: initiatives.contributionMoney,
      timelineMonths: initiatives.timelineMonths,
      groupSize: initiatives.groupSize,
      groupWomen: initiatives.groupWomen,
      groupYouth: initiatives.groupYouth,
      submittedAt: initiatives.submittedAt,
      decidedAt: initiatives.decidedAt,
    })
    .from(initiatives)
    .leftJoin(municipalities, eq(municipalities.id, initiatives.municipalityId))
    .where(
      and(
        ne(initiatives.status, "draft"),
        gte(initiatives.submittedAt, scope.from),
        lt(initiatives.submittedAt, scope.to),
        inMunicipality(initiatives.municipalityId, scope),
      ),
    )
    .orderBy(asc(initiatives.submittedAt), asc(initiatives.id));
}

/** Rounds closed in the period, with the results stored when they closed. */
export async function closedRoundsForExport(db: Db, scope: StatisticsScope) {
  const closedInPeriod = and(
    eq(rounds.status, "closed"),
    gte(rounds.closedAt, scope.from),
    lt(rounds.closedAt, scope.to),
    inMunicipality(rounds.municipalityId, scope),
  );
  const closed = await db
    .select({
      id: rounds.id,
      municipality: municipalities.slug,
      title: rounds.title,
      opensAt: rounds.opensAt,
      closesAt: rounds.closesAt,
      closedAt: rounds.closedAt,
      results: rounds.results,
    })
    .from(rounds)
    .innerJoin(municipalities, eq(municipalities.id, rounds.municipalityId))
    .where(closedInPeriod)
    .orderBy(asc(rounds.closedAt), asc(rounds.id));
  const entries = closed.length ? await entriesOfRounds(db, closedInPeriod) : [];
  return { rounds: closed, entries };
}

/**
 * Reports sent in the period, content only. Nothing here reads `report_reporters`: no user id,
 * name or username, whether or not the reporter chose to be named, and no coordinates either,
 * since a shared location is often where the reporter was standing.
 */
export async function reportsForExport(db: Db, scope: StatisticsScope) {
  const sentInPeriod = and(
    notInArray(reports.status, ["draft", "spam", "abuse"]),
    gte(reports.submittedAt, scope.from),
    lt(reports.submittedAt, scope.to),
    inMunicipality(reports.municipalityId, scope),
  );
  const rows = await db
    .select({
      id: reports.id,
      refYear: reports.refYear,
      refSeq: reports.refSeq,
      municipality: municipalities.slug,
      category: reports.category,
      urgency: reports.urgency,
      status: reports.status,
      place: reports.placeText,
      text: reports.text,
      hasVoice: reports.voiceFileId,
      hasPhoto: reports.photoFileId,
      affected: reports.affected,
      submittedAt: reports.submittedAt,
    })
    .from(reports)
    .leftJoin(municipalities, eq(municipalities.id, reports.municipalityId))
    .where(sentInPeriod)
    .orderBy(asc(reports.submittedAt), asc(reports.id));
  const history = rows.length
    ? await db
        .select({
          reportId: reportEvents.reportId,
          toStatus: reportEvents.toStatus,
          at: reportEvents.createdAt,
        })
        .from(reportEvents)
        .innerJoin(reports, eq(reports.id, reportEvents.reportId))
        .where(sentInPeriod)
        .orderBy(asc(reportEvents.createdAt), asc(reportEvents.id))
    : [];
  return rows.map(({ hasVoice, hasPhoto, ...r }) => {
    const events = history.filter((e) => e.reportId === r.id);
    return {
      ...r,
      hasVoice: hasVoice !== null,
      hasPhoto: hasPhoto !== null,
      acknowledgedAt: events.find((e) => (TAKEN_UP as readonly string[]).includes(e.toStatus))?.at ?? null,
      resolvedAt: events.find((e) => e.toStatus === "resolved")?.at ?? null,
    };
  });
}
