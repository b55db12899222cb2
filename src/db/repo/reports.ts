import { and, eq, exists, isNull, lt, notExists, or, sql } from "drizzle-orm";
import type { ReportFields, ReportPosition } from "../../domain/report-form.js";
import { formatReportReference } from "../../domain/report-status.js";
import { type Database, type Db, read } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { awaiting, reportEvents, reportFlows, reportReporters, reports, users } from "../schema.js";
import { awaitStatement, endWaitsOnStatement } from "./awaiting.js";
import { enqueueStatements, type OutboxMessage } from "./outbox.js";

export type Report = typeof reports.$inferSelect;
export type ReportFlow = typeof reportFlows.$inferSelect;

export function fieldsOfReport(row: Report): ReportFields {
  const { category, urgency, municipalityId, placeText, latitude, longitude, text } = row;
  const { voiceFileId, photoFileId, affected, anonymous, exactLocation, mayContact } = row;
  return {
    category,
    urgency,
    municipalityId,
    placeText,
    latitude,
    longitude,
    text,
    voiceFileId,
    photoFileId,
    affected,
    anonymous,
    exactLocation,
    mayContact,
  };
}

export function referenceOfReport(report: Pick<Report, "refYear" | "refSeq">): string {
  return report.refYear && report.refSeq ? formatReportReference(report.refYear, report.refSeq) : "";
}

// Every step of a report draft reads the draft and moves the flow.
const reportById = preparedQuery((db) =>
  db
    .select()
    .from(reports)
    .where(eq(reports.id, sql.placeholder("id")))
    .prepare(),
);

export async function findReport(db: Db, id: number): Promise<Report | undefined> {
  const [row] = await reportById(db).all({ id });
  return row;
}

// --- the reporter's draft ---------------------------------------------------------------------

// Every step of a report reads it: the flow and its report in one query.
const draftFlowOf = preparedQuery((db) =>
  db
    .select({ flow: reportFlows, report: reports })
    .from(reportFlows)
    .innerJoin(reports, eq(reports.id, reportFlows.reportId))
    .where(and(eq(reportFlows.userId, sql.placeholder("userId")), eq(reports.status, "draft")))
    .prepare(),
);

/** The person's report draft with where it stands; undefined once it was sent (or there is none). */
export async function findDraftFlow(
  db: Db,
  userId: number,
): Promise<{ flow: ReportFlow; report: Report } | undefined> {
  const [row] = await draftFlowOf(db).all({ userId });
  return row;
}

/** A new draft for `userId`, its municipality prefilled, awaiting the answer to its first step. */
export async function startDraft(
  database: Database,
  draft: { userId: number; municipalityId: number | null; step: ReportPosition; now: number },
): Promise<{ report: Report; flow: ReportFlow }> {
  const { db } = database;
  const [report] = await db
    .insert(reports)
    .values({ municipalityId: draft.municipalityId, updatedAt: draft.now })
    .returning();
  const flow = {
    userId: draft.userId,
    reportId: report!.id,
    step: draft.step,
    updatedAt: draft.now,
  };
  await database.batch([
    db.insert(reportReporters).values({ reportId: report!.id, userId: draft.userId }),
    db.insert(reportFlows).values(flow).onConflictDoUpdate({ target: reportFlows.userId, set: flow }),
    awaitStatement(db, draft.userId, { kind: "report.form", subjectId: report!.id }, draft.now),
  ]);
  return { report: report!, flow };
}

/** Stores answers while the report is a draft: a sent report is never changed by an old prompt. */
export async function saveDraft(
  db: Db,
  reportId: number,
  changes: Partial<ReportFields> & { urgent?: boolean },
  now: number,
): Promise<Report | undefined> {
  const [row] = await db
    .update(reports)
    .set({ ...changes, updatedAt: now })
    .where(and(eq(reports.id, reportId), eq(reports.status, "draft")))
    .returning();
  return row;
}

/**
 * Stores `changes` on the draft and moves its flow to `step` (the flow only while the report is a
 * draft), in one round trip; with `awaitAnswer`, the person's next message answers that step.
 * Returns the stored draft, or undefined when the report is no longer a draft.
 */
export async function saveAndMove(
  database: Database,
  move: {
    userId: number;
    reportId: number;
    changes: Partial<ReportFields> & { urgent?: boolean };
    step: ReportPosition;
    now: number;
    awaitAnswer: boolean;
  },
): Promise<Report | undefined> {
  const { db } = database;
  const { userId, reportId, now } = move;
  const isDraft = and(eq(reports.id, reportId), eq(reports.status, "draft"));
  const writes = [
    read(
      db
        .update(reports)
        .set({ ...move.changes, updatedAt: now })
        .where(isDraft)
        .returning()
        .prepare(),
    ),
    read(
      db
        .update(reportFlows)
        .set({ step: move.step, updatedAt: now })
        .where(
          and(
            eq(reportFlows.userId, userId),
            exists(db.select({ id: reports.id }).from(reports).where(isDraft)),
          ),
        )
        .returning({ userId: reportFlows.userId })
        .prepare(),
    ),
  ];
  if (move.awaitAnswer)
    writes.push(
      read(
        awaitStatement(db, userId, { kind: "report.form", subjectId: reportId }, now)
          .returning({ userId: awaiting.userId })
          .prepare(),
      ),
    );
  const [saved] = await database.read<[Report[], ...unknown[]]>(writes as never);
  return saved[0];
}

/**
 * The draft moves to `step`. With `awaitAnswer`, the person's next message answers it, whatever
 * they were asked before (the caller knows whether that is so already).
 */
export async function moveFlow(
  database: Database,
  flow: Pick<ReportFlow, "userId" | "reportId">,
  step: ReportPosition,
  now: number,
  awaitAnswer: boolean,
): Promise<void> {
  const { db } = database;
  const move = db
    .update(reportFlows)
    .set({ step, updatedAt: now })
    .where(eq(reportFlows.userId, flow.userId));
  if (!awaitAnswer) return void (await move);
  await database.batch([
    move,
    awaitStatement(db, flow.userId, { kind: "report.form", subjectId: flow.reportId }, now),
  ]);
}

/**
 * Deletes drafts nobody is coming back to: untouched since `staleBefore`, or left without their
 * flow (the person asked to be forgotten) since `orphanBefore`. A draft can hold what someone
 * did not dare to send; it is not kept longer than needed.
 */
export async function purgeAbandonedDrafts(db: Db, cutoff: { staleBefore: number; orphanBefore: number }) {
  const withoutFlow = notExists(
    db.select({ one: sql`1` }).from(reportFlows).where(eq(reportFlows.reportId, reports.id)),
  );
  const rows = await db
    .delete(reports)
    .where(
      and(
        eq(reports.status, "draft"),
        or(
          lt(reports.updatedAt, cutoff.staleBefore),
          and(withoutFlow, lt(reports.updatedAt, cutoff.orphanBefore)),
        ),
      ),
    )
    .returning({ id: reports.id });
  return rows.length;
}

/** Deletes the draft (its flow and reporter rows go with it). */
export async function discardDraft(db: Db, reportId: number): Promise<void> {
  await db.delete(reports).where(and(eq(reports.id, reportId), eq(reports.status, "draft")));
}

/** The reporter's name, kept only when they chose to be named; null values wipe it. */
export async function setReporterIdentity(
  db: Db,
  reportId: number,
  identity: { name: string | null; username: string | null },
): Promise<void> {
  await db.update(reportReporters).set(identity).where(eq(reportReporters.reportId, reportId));
}

/**
 * Sends the draft: one conditional statement gives it the year's next number and status `new`,
 * so a double tap sends it once and two reporters at once cannot get the same number (the unique
 * index would refuse it if they did).
 */
export async function submitDraft(
  db: Db,
  reportId: number,
  year: number,
  now: number,
): Promise<Report | undefined> {
  const next = sql`(select coalesce(max(${reports.refSeq}), 0) + 1 from ${reports} where ${reports.refYear} = ${year})`;
  const [row] = await db
    .update(reports)
    .set({ status: "new", version: 1, refYear: year, refSeq: next, submittedAt: now, updatedAt: now })
    .where(and(eq(reports.id, reportId), eq(reports.status, "draft")))
    .returning();
  return row;
}

/**
 * Everything that follows a sending, in one batch: the first event, the draft's flow closed, the
 * officers' notifications and the mark that they were queued. Safe to run twice (the job does it
 * for a report a crash left unrouted): the event and outbox rows are keyed.
 */
export async function routeReport(
  database: Database,
  report: Report,
  messages: readonly OutboxMessage[],
  now: number,
): Promise<void> {
  const { db } = database;
  await database.batch([
    db
      .insert(reportEvents)
      .values({
        reportId: report.id,
        version: 1,
        action: "submit",
        actorKind: "reporter",
        actorId: null,
        fromStatus: "draft",
        toStatus: "new",
        createdAt: report.submittedAt ?? now,
      })
      .onConflictDoNothing(),
    db.delete(reportFlows).where(eq(reportFlows.reportId, report.id)),
    endWaitsOnStatement(db, "report.form", report.id),
    ...enqueueStatements(db, messages, now),
    db
      .update(reports)
      .set({ routedAt: now })
      .where(and(eq(reports.id, report.id), isNull(reports.routedAt))),
  ]);
}

// --- the reporter -----------------------------------------------------------------------------

export interface Reporter {
  userId: number;
  locale: string;
  name: string | null;
  username: string | null;
}

/** The reporter, for the bot's own use (notifying them); never put into a staff message unless named. */
export async function reporterOf(db: Db, reportId: number): Promise<Reporter | undefined> {
  const [row] = await db
    .select({
      userId: users.id,
      locale: users.locale,
      name: reportReporters.name,
      username: reportReporters.username,
    })
    .from(reportReporters)
    .innerJoin(users, eq(users.id, reportReporters.userId))
    .where(eq(reportReporters.reportId, reportId));
  return row;
}

export async function isReporterOf(db: Db, reportId: number, userId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: reportReporters.reportId })
    .from(reportReporters)
    .where(and(eq(reportReporters.reportId, reportId), eq(reportReporters.userId, userId)));
  return row !== undefined;
}

/** For /forget: a named reporter's name goes too; the report stays, with nobody behind it. */
export function forgetReporterStatements(db: Db, userId: number) {
  return [
    db.update(reportReporters).set({ name: null, username: null }).where(eq(reportReporters.userId, userId)),
  ];
}
