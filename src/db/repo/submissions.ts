import { and, asc, eq, gte } from "drizzle-orm";
import type { Db } from "../database.js";
import { initiatives, reportReporters, reports } from "../schema.js";

/**
 * When a person sent their reports since `since`, oldest first, for the daily cap. Read through
 * the routing table, which only the bot's own checks use; nothing here reaches staff.
 */
export async function reportTimesSince(db: Db, userId: number, since: number): Promise<number[]> {
  const rows = await db
    .select({ at: reports.submittedAt })
    .from(reports)
    .innerJoin(reportReporters, eq(reportReporters.reportId, reports.id))
    .where(and(eq(reportReporters.userId, userId), gte(reports.submittedAt, since)))
    .orderBy(asc(reports.submittedAt));
  return rows.map((r) => r.at ?? 0);
}

/** When a person's initiatives were (last) submitted since `since`, oldest first. */
export async function initiativeTimesSince(db: Db, authorId: number, since: number): Promise<number[]> {
  const rows = await db
    .select({ at: initiatives.submittedAt })
    .from(initiatives)
    .where(and(eq(initiatives.authorId, authorId), gte(initiatives.submittedAt, since)))
    .orderBy(asc(initiatives.submittedAt));
  return rows.map((r) => r.at ?? 0);
}
