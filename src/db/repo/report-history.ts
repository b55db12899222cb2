import { and, asc, eq } from "drizzle-orm";
import type { ActorKind, ReportAction, ReportNote, ReportStatus } from "../../domain/report-status.js";
import type { Database, Db, Statement } from "../database.js";
import { reportEvents, reports } from "../schema.js";
import { dropPendingCardEdits, enqueueStatements, type OutboxMessage } from "./outbox.js";
import { findReport, type Report } from "./reports.js";

/** The history of reports: changes of status and notes, each with the notifications it causes. */
export type ReportEvent = typeof reportEvents.$inferSelect;

export interface ReportActor {
  kind: ActorKind;
  /** Null for the reporter and the system: the history never names the reporter. */
  id: number | null;
}

export interface ReportTransition {
  report: Report;
  action: ReportAction;
  to: ReportStatus;
  actor: ReportActor;
  comment?: string | null;
  now: number;
  /** Notifications that must exist exactly when the transition does. */
  notices?: (updated: Report) => OutboxMessage[];
}

export type ReportTransitionResult =
  | { ok: true; report: Report }
  | { ok: false; current: Report | undefined };

/**
 * Changes the status from the one `report` was read in, recording the event and queueing the
 * notifications in the same batch. The event's unique (report, version) makes the batch fail as a
 * whole when someone changed the report first: the first action wins, nothing of the second stays.
 */
export async function transitionReport(
  database: Database,
  change: ReportTransition,
): Promise<ReportTransitionResult> {
  const { db } = database;
  const { report, to, now } = change;
  const version = report.version + 1;
  const updated: Report = { ...report, status: to, version, updatedAt: now };
  const statements: Statement[] = [
    db.insert(reportEvents).values({
      reportId: report.id,
      version,
      action: change.action,
      actorKind: change.actor.kind,
      actorId: change.actor.id,
      fromStatus: report.status,
      toStatus: to,
      comment: change.comment ?? null,
      createdAt: now,
    }),
    db
      .update(reports)
      .set({ status: to, version, updatedAt: now })
      .where(
        and(
          eq(reports.id, report.id),
          eq(reports.version, report.version),
          eq(reports.status, report.status),
        ),
      ),
    dropPendingCardEdits(db, report.id, now),
    ...enqueueStatements(db, change.notices?.(updated) ?? [], now),
  ];
  try {
    await database.batch(statements);
  } catch (error) {
    if (!isLostRace(error)) throw error;
    return { ok: false, current: await findReport(db, report.id) };
  }
  return { ok: true, report: updated };
}

function isLostRace(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (/UNIQUE constraint failed: report_events/.test(e.message)) return true;
  }
  return false;
}

/** A note in the history (comment, question, answer, the reporter's confirmation) and its notices. */
export async function addReportNote(
  database: Database,
  note: {
    report: Report;
    action: ReportNote;
    actor: ReportActor;
    comment: string | null;
    now: number;
    notices?: (eventId: number) => OutboxMessage[];
  },
): Promise<ReportEvent> {
  const { db } = database;
  const [event] = await db
    .insert(reportEvents)
    .values({
      reportId: note.report.id,
      version: null,
      action: note.action,
      actorKind: note.actor.kind,
      actorId: note.actor.id,
      fromStatus: note.report.status,
      toStatus: note.report.status,
      comment: note.comment,
      createdAt: note.now,
    })
    .returning();
  const messages = note.notices?.(event!.id) ?? [];
  if (messages.length > 0) await database.batch(enqueueStatements(db, messages, note.now));
  return event!;
}

export async function findReportEvent(db: Db, id: number): Promise<ReportEvent | undefined> {
  const [row] = await db.select().from(reportEvents).where(eq(reportEvents.id, id));
  return row;
}

export async function listReportEvents(db: Db, reportId: number): Promise<ReportEvent[]> {
  return db
    .select()
    .from(reportEvents)
    .where(eq(reportEvents.reportId, reportId))
    .orderBy(asc(reportEvents.id));
}
