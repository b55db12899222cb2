import { and, eq, exists, getTableColumns, isNull, lt, notExists, or, sql } from "drizzle-orm";
import type { ReportFields, ReportPosition } from "../../domain/report-form.js";
import { formatReportReference } from "../../domain/report-status.js";
import { type Database, type Db, read, type Statement } from "../database.js";
import { filled, placeholders, preparedPerColumns, preparedQuery } from "../prepared.js";
import { reportEvents, reportFlows, reportReporters, reports, users } from "../schema.js";
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

// Every step of a report reads it: the flow and its report in one query. The flow's time is named
// apart: a D1 batch gives rows by column name, where the report's `updated_at` would take its
// place and move each later column of the report by one.
const draftFlowOf = preparedQuery((db) =>
  db
    .select({
      flow: {
        ...getTableColumns(reportFlows),
        updatedAt: sql<number>`${reportFlows.updatedAt}`.as("flow_updated_at"),
      },
      report: reports,
    })
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

/** The person's report draft with where it stands (see `findDraftFlow`), as one read of a batch. */
export function draftFlowRead(db: Db, userId: number) {
  return read(draftFlowOf(db), { userId });
}

/**
 * A new draft's row, its municipality prefilled: a write with its id back, to go with the reads of
 * /report (`Database.write`); `startDraftStatements` make it the person's draft.
 */
export function newDraftWrite(db: Db, municipalityId: number | null, now: number) {
  return read(newDraft(db), { municipalityId, now });
}

const newDraft = preparedQuery((db) =>
  db
    .insert(reports)
    .values({ municipalityId: sql.placeholder("municipalityId"), updatedAt: sql.placeholder("now") })
    .returning()
    .prepare(),
);

/** `report` becomes `userId`'s draft, awaiting the answer to `step`. */
export function startDraftStatements(
  db: Db,
  report: Report,
  userId: number,
  step: ReportPosition,
  now: number,
): { flow: ReportFlow; statements: Statement[] } {
  const flow = { userId, reportId: report.id, step, updatedAt: now };
  return {
    flow,
    statements: [
      filled(addReporter(db), { reportId: report.id, userId }),
      filled(upsertFlow(db), flow),
      awaitStatement(db, userId, { kind: "report.form", subjectId: report.id }, now),
    ],
  };
}

const addReporter = preparedQuery((db) =>
  db.insert(reportReporters).values(placeholders("reportId", "userId")).prepare(),
);

const upsertFlow = preparedQuery((db) => {
  const flow = placeholders("userId", "reportId", "step", "updatedAt");
  return db
    .insert(reportFlows)
    .values(flow)
    .onConflictDoUpdate({ target: reportFlows.userId, set: flow })
    .prepare();
});

/** Stores answers while the report is a draft: a sent report is never changed by an old prompt. */
export function saveDraftStatement(
  db: Db,
  reportId: number,
  changes: Partial<ReportFields> & { urgent?: boolean },
  now: number,
): Statement {
  const { query, values } = updateDraft(db, { ...changes, updatedAt: now }, { id: reportId });
  return filled(query, values);
}

// Each step of the form changes a column or two of its own: prepared once per set of columns.
const updateDraft = preparedPerColumns((db, set) =>
  db
    .update(reports)
    .set(set)
    .where(and(eq(reports.id, sql.placeholder("id")), eq(reports.status, "draft")))
    .prepare(),
);

/**
 * Stores `changes` on the draft and moves its flow to `step` (both only while the report is a
 * draft); with `awaitAnswer`, the person's next message answers that step. Statements for the
 * step's one batch; the caller knows the draft as changed, having read it in the same update.
 */
export function saveAndMoveStatements(
  db: Db,
  move: {
    userId: number;
    reportId: number;
    changes: Partial<ReportFields> & { urgent?: boolean };
    step: ReportPosition;
    now: number;
    awaitAnswer: boolean;
  },
): Statement[] {
  const { userId, reportId, now } = move;
  return [
    saveDraftStatement(db, reportId, move.changes, now),
    filled(moveDraftFlow(db), { userId, reportId, step: move.step, updatedAt: now }),
    ...(move.awaitAnswer
      ? [awaitStatement(db, userId, { kind: "report.form", subjectId: reportId }, now)]
      : []),
  ];
}

const moveDraftFlow = preparedQuery((db) =>
  db
    .update(reportFlows)
    .set(placeholders("step", "updatedAt"))
    .where(
      and(
        eq(reportFlows.userId, sql.placeholder("userId")),
        exists(
          db
            .select({ id: reports.id })
            .from(reports)
            .where(and(eq(reports.id, sql.placeholder("reportId")), eq(reports.status, "draft"))),
        ),
      ),
    )
    .prepare(),
);

/** The draft as `saveDraftStatement` leaves it. */
export function savedDraft(
  report: Report,
  changes: Partial<ReportFields> & { urgent?: boolean },
  now: number,
) {
  return { ...report, ...changes, updatedAt: now };
}

/**
 * The draft moves to `step`. With `awaitAnswer`, the person's next message answers it, whatever
 * they were asked before (the caller knows whether that is so already).
 */
export function moveFlowStatements(
  db: Db,
  flow: Pick<ReportFlow, "userId" | "reportId">,
  step: ReportPosition,
  now: number,
  awaitAnswer: boolean,
): Statement[] {
  const move = filled(moveFlow(db), { userId: flow.userId, step, updatedAt: now });
  if (!awaitAnswer) return [move];
  return [move, awaitStatement(db, flow.userId, { kind: "report.form", subjectId: flow.reportId }, now)];
}

const moveFlow = preparedQuery((db) =>
  db
    .update(reportFlows)
    .set(placeholders("step", "updatedAt"))
    .where(eq(reportFlows.userId, sql.placeholder("userId")))
    .prepare(),
);

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
  await discardDraftStatement(db, reportId);
}

export function discardDraftStatement(db: Db, reportId: number): Statement {
  return db.delete(reports).where(and(eq(reports.id, reportId), eq(reports.status, "draft")));
}

/** The reporter's name, kept only when they chose to be named; null values wipe it. */
export function setReporterIdentityStatement(
  db: Db,
  reportId: number,
  identity: { name: string | null; username: string | null },
): Statement {
  return db.update(reportReporters).set(identity).where(eq(reportReporters.reportId, reportId));
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
  const { query, values } = submitDraftWrite(db, reportId, year, now);
  const rows = (await query.all(values)) as Report[];
  return rows[0];
}

/** `submitDraft` as a write of a batch with its row back (`Database.write`): none when it was sent already. */
export function submitDraftWrite(db: Db, reportId: number, year: number, now: number) {
  return read(submittedDraft(db), { reportId, year, now });
}

const submittedDraft = preparedQuery((db) => {
  const year = sql.placeholder("year");
  const now = sql.placeholder("now");
  return db
    .update(reports)
    .set({
      status: "new",
      version: 1,
      refYear: year as never,
      refSeq: sql`(select coalesce(max(${reports.refSeq}), 0) + 1 from ${reports} where ${reports.refYear} = ${year})`,
      submittedAt: now as never,
      updatedAt: now as never,
    })
    .where(and(eq(reports.id, sql.placeholder("reportId")), eq(reports.status, "draft")))
    .returning()
    .prepare();
});

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
  await database.batch(routeReportStatements(database.db, report, messages, now));
}

/** `routeReport`'s batch, for a step that sends it with its other writes. */
export function routeReportStatements(
  db: Db,
  report: Report,
  messages: readonly OutboxMessage[],
  now: number,
): Statement[] {
  const reportId = report.id;
  return [
    filled(submitEvent(db), { reportId, submittedAt: report.submittedAt ?? now }),
    filled(closeFlows(db), { reportId }),
    endWaitsOnStatement(db, "report.form", reportId),
    ...enqueueStatements(db, messages, now),
    filled(markRouted(db), { reportId, routedAt: now }),
  ];
}

const submitEvent = preparedQuery((db) =>
  db
    .insert(reportEvents)
    .values({
      reportId: sql.placeholder("reportId"),
      version: 1,
      action: "submit",
      actorKind: "reporter",
      actorId: null,
      fromStatus: "draft",
      toStatus: "new",
      createdAt: sql.placeholder("submittedAt"),
    })
    .onConflictDoNothing()
    .prepare(),
);

const closeFlows = preparedQuery((db) =>
  db
    .delete(reportFlows)
    .where(eq(reportFlows.reportId, sql.placeholder("reportId")))
    .prepare(),
);

const markRouted = preparedQuery((db) =>
  db
    .update(reports)
    .set(placeholders("routedAt"))
    .where(and(eq(reports.id, sql.placeholder("reportId")), isNull(reports.routedAt)))
    .prepare(),
);

// --- the reporter -----------------------------------------------------------------------------

export interface Reporter {
  userId: number;
  locale: string;
  name: string | null;
  username: string | null;
}

const reporterQuery = preparedQuery((db) =>
  db
    .select({
      userId: users.id,
      locale: users.locale,
      name: reportReporters.name,
      username: reportReporters.username,
    })
    .from(reportReporters)
    .innerJoin(users, eq(users.id, reportReporters.userId))
    .where(eq(reportReporters.reportId, sql.placeholder("reportId")))
    .prepare(),
);

/** The reporter, for the bot's own use (notifying them); never put into a staff message unless named. */
export async function reporterOf(db: Db, reportId: number): Promise<Reporter | undefined> {
  const [row] = await reporterQuery(db).all({ reportId });
  return row;
}

/** `reporterOf` as one read of a batch (its rows: none or one). */
export const reporterRead = (db: Db, reportId: number) => read(reporterQuery(db), { reportId });

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
