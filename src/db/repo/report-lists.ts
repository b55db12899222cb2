import { and, asc, desc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { ReportCategory, Urgency } from "../../domain/report-form.js";
import { type EscalationDelays, type ListedStatus, OPEN_STATUSES } from "../../domain/report-status.js";
import type { Db } from "../database.js";
import { reportReporters, reports } from "../schema.js";
import type { Report } from "./reports.js";

// Reports as officers, moderators, reporters and the escalation job look for them.

export interface ReportFilter {
  /** Null: every municipality (moderators and admins). */
  municipalityIds: readonly number[] | null;
  /** `open`: every status still waiting for the officers. */
  status: ListedStatus | "open";
  category: ReportCategory | null;
  /** Left out: any urgency (the bot's list has no such filter; the Mini App has). */
  urgency?: Urgency | null;
  limit: number;
  offset: number;
}

/** Urgent reports first, then the longest waiting; spam and abuse never appear. */
export async function listReportsForStaff(
  db: Db,
  filter: ReportFilter,
): Promise<{ rows: Report[]; total: number }> {
  if (filter.municipalityIds?.length === 0) return { rows: [], total: 0 };
  const where = and(
    filter.status === "open"
      ? inArray(reports.status, [...OPEN_STATUSES])
      : eq(reports.status, filter.status),
    filter.municipalityIds ? inArray(reports.municipalityId, [...filter.municipalityIds]) : undefined,
    filter.category ? eq(reports.category, filter.category) : undefined,
    filter.urgency ? eq(reports.urgency, filter.urgency) : undefined,
  );
  const rows = await db
    .select()
    .from(reports)
    .where(where)
    .orderBy(desc(reports.urgent), asc(reports.submittedAt), asc(reports.id))
    .limit(filter.limit)
    .offset(filter.offset);
  const [total] = await db.select({ n: sql<number>`count(*)` }).from(reports).where(where);
  return { rows, total: total?.n ?? 0 };
}

/** Reports still `new` after their delay: urgent ones after `urgentMs`, the rest after `otherMs`. */
export async function listOverdue(db: Db, now: number, delays: EscalationDelays): Promise<Report[]> {
  return db
    .select()
    .from(reports)
    .where(
      and(
        eq(reports.status, "new"),
        or(
          and(eq(reports.urgent, true), lte(reports.submittedAt, now - delays.urgentMs)),
          and(eq(reports.urgent, false), lte(reports.submittedAt, now - delays.otherMs)),
        ),
      ),
    )
    .orderBy(desc(reports.urgent), asc(reports.submittedAt));
}

/** Sent reports whose notifications were never queued (the process stopped in between). */
export async function listUnrouted(db: Db, submittedBefore: number): Promise<Report[]> {
  return db
    .select()
    .from(reports)
    .where(and(isNull(reports.routedAt), lte(reports.submittedAt, submittedBefore)))
    .orderBy(asc(reports.id));
}

/** A person's sent reports, newest first; spam and abuse show as they were before. */
export async function listReportsOfReporter(db: Db, userId: number, limit = 20): Promise<Report[]> {
  const rows = await db
    .select({ report: reports })
    .from(reports)
    .innerJoin(reportReporters, eq(reportReporters.reportId, reports.id))
    .where(and(eq(reportReporters.userId, userId), sql`${reports.status} <> 'draft'`))
    .orderBy(desc(reports.id))
    .limit(limit);
  return rows.map((r) => r.report);
}
