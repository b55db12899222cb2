import { and, asc, eq, gte, sql } from "drizzle-orm";
import { type Db, read } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { initiatives, reportReporters, reports } from "../schema.js";

const reportTimes = preparedQuery((db) =>
  db
    .select({ at: reports.submittedAt })
    .from(reports)
    .innerJoin(reportReporters, eq(reportReporters.reportId, reports.id))
    .where(
      and(
        eq(reportReporters.userId, sql.placeholder("userId")),
        gte(reports.submittedAt, sql.placeholder("since")),
      ),
    )
    .orderBy(asc(reports.submittedAt))
    .prepare(),
);

/**
 * When a person sent their reports since `since`, oldest first, for the daily cap, as one read of
 * a batch (`timesOf` its rows). Read through the routing table, which only the bot's own checks
 * use; nothing here reaches staff.
 */
export function reportTimesRead(db: Db, userId: number, since: number) {
  return read(reportTimes(db), { userId, since });
}

export const timesOf = (rows: { at: number | null }[]): number[] => rows.map((r) => r.at ?? 0);

const initiativeTimes = preparedQuery((db) =>
  db
    .select({ at: initiatives.submittedAt })
    .from(initiatives)
    .where(
      and(
        eq(initiatives.authorId, sql.placeholder("authorId")),
        gte(initiatives.submittedAt, sql.placeholder("since")),
      ),
    )
    .orderBy(asc(initiatives.submittedAt))
    .prepare(),
);

/** When a person's initiatives were (last) submitted since `since`, oldest first, as one read of a batch. */
export function initiativeTimesRead(db: Db, authorId: number, since: number) {
  return read(initiativeTimes(db), { authorId, since });
}
