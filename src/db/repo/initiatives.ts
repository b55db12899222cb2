import { and, asc, count, desc, eq, inArray, isNull, ne, type SQL, sql } from "drizzle-orm";
import type { FormPosition, InitiativeFields } from "../../domain/initiative-form.js";
import { APPROVED_OR_LATER, type InitiativeStatus, isEditable } from "../../domain/initiative-status.js";
import { type Database, type Db, read, type Statement } from "../database.js";
import { filled, placeholders, preparedPerColumns, preparedQuery } from "../prepared.js";
import { initiativeAttachments, initiativeEvents, initiatives, municipalities, users } from "../schema.js";
import { awaitStatement, endWaitsOnStatement } from "./awaiting.js";
import { enqueueStatements, type OutboxMessage } from "./outbox.js";

export type Initiative = typeof initiatives.$inferSelect;
export type InitiativeEvent = typeof initiativeEvents.$inferSelect;
export type Attachment = typeof initiativeAttachments.$inferSelect;

const EDITABLE: InitiativeStatus[] = ["draft", "changes_requested"];

export function fieldsOf(row: Initiative): InitiativeFields {
  const { municipalityId, placeText, latitude, longitude, title, problem, solution, kind } = row;
  const { beneficiaries, beneficiaryCount, womenCount, youthCount, cost, contributionMoney } = row;
  const { contributionInKind, timelineMonths, targetDate, groupSize, groupWomen, groupYouth } = row;
  const { problemVoice, solutionVoice } = row;
  return {
    municipalityId,
    placeText,
    latitude,
    longitude,
    title,
    problem,
    solution,
    problemVoice,
    solutionVoice,
    kind,
    beneficiaries,
    beneficiaryCount,
    womenCount,
    youthCount,
    cost,
    contributionMoney,
    contributionInKind,
    timelineMonths,
    targetDate,
    groupSize,
    groupWomen,
    groupYouth,
    contactPhone: row.contactPhone,
  };
}

// The form reads its initiative on every answer, and every message asks whether a form is open.
const initiativeById = preparedQuery((db) =>
  db
    .select()
    .from(initiatives)
    .where(eq(initiatives.id, sql.placeholder("id")))
    .prepare(),
);
const draftOf = preparedQuery((db) =>
  db
    .select()
    .from(initiatives)
    .where(and(eq(initiatives.authorId, sql.placeholder("authorId")), eq(initiatives.status, "draft")))
    .prepare(),
);
const attachmentsOf = preparedQuery((db) =>
  db
    .select()
    .from(initiativeAttachments)
    .where(eq(initiativeAttachments.initiativeId, sql.placeholder("initiativeId")))
    .orderBy(asc(initiativeAttachments.id))
    .prepare(),
);

// The municipality an initiative names, by the initiative's id: read together with it.
const municipalityOfInitiative = preparedQuery((db) =>
  db
    .select()
    .from(municipalities)
    .where(
      eq(
        municipalities.id,
        sql`(select ${initiatives.municipalityId} from ${initiatives} where ${initiatives.id} = ${sql.placeholder("id")})`,
      ),
    )
    .prepare(),
);

/**
 * The initiative with its municipality and its attachments, in one round trip: what a step of the
 * form is shown and checked with.
 */
export async function findInitiativeWithContext(database: Database, id: number) {
  const [initiative, municipality, attachments] = await database.read(
    initiativeWithContextReads(database.db, id),
  );
  return { initiative: initiative[0], municipality: municipality[0], attachments };
}

/** An initiative, its municipality and its attachments as three reads of one batch. */
export function initiativeWithContextReads(db: Db, id: number) {
  return [
    read(initiativeById(db), { id }),
    read(municipalityOfInitiative(db), { id }),
    read(attachmentsOf(db), { initiativeId: id }),
  ] as const;
}

export async function findInitiative(db: Db, id: number): Promise<Initiative | undefined> {
  const [row] = await initiativeById(db).all({ id });
  return row;
}

export async function findDraft(db: Db, authorId: number): Promise<Initiative | undefined> {
  const [row] = await draftOf(db).all({ authorId });
  return row;
}

/** The author's one draft: created, or the existing one when a double tap got there first. */
export async function createDraft(
  db: Db,
  draft: { authorId: number; municipalityId: number | null; now: number },
): Promise<Initiative> {
  const [row] = await db
    .insert(initiatives)
    .values({ authorId: draft.authorId, municipalityId: draft.municipalityId, updatedAt: draft.now })
    .onConflictDoNothing()
    .returning();
  return row ?? (await findDraft(db, draft.authorId))!;
}

/** The author's draft as one read of a batch (`Database.read`, `Database.write`). */
export function draftRead(db: Db, authorId: number) {
  return read(draftOf(db), { authorId });
}

/**
 * A new draft as one item of `Database.write`, read back: no row when the author has a draft
 * already (one draft per author, by index), so it goes in the same round trip as reading that one.
 */
export function newDraftWrite(
  db: Db,
  draft: { authorId: number; municipalityId: number | null; now: number },
) {
  return read(newDraft(db), draft);
}

const newDraft = preparedQuery((db) =>
  db
    .insert(initiatives)
    .values({
      authorId: sql.placeholder("authorId"),
      municipalityId: sql.placeholder("municipalityId"),
      updatedAt: sql.placeholder("now"),
    })
    .onConflictDoNothing()
    .returning()
    .prepare(),
);

/** Deletes the author's draft; also a draft made with `newDraftWrite` and not used after all. */
export function deleteDraftStatement(db: Db, id: number, authorId: number) {
  return db
    .delete(initiatives)
    .where(and(eq(initiatives.id, id), eq(initiatives.authorId, authorId), eq(initiatives.status, "draft")));
}

export async function deleteDraft(db: Db, id: number, authorId: number): Promise<boolean> {
  const rows = await deleteDraftStatement(db, id, authorId).returning({ id: initiatives.id });
  return rows.length > 0;
}

export interface FormPlace {
  step: FormPosition | null;
  editingOne: boolean;
}

/**
 * Stores answers and where the form stands, only while the author may still edit: a submitted
 * initiative is never changed by an old prompt.
 */
export async function saveForm(
  db: Db,
  id: number,
  authorId: number,
  changes: Partial<InitiativeFields> & Partial<FormPlace>,
  now: number,
): Promise<Initiative | undefined> {
  const { query, values } = saveFormQuery(db, { ...changes, updatedAt: now }, { id, authorId });
  const [row] = await query.all(values);
  return row;
}

// Every answer of the form changes a column or two of its own: prepared once per set of columns.
const saveFormQuery = preparedPerColumns((db, set) =>
  db
    .update(initiatives)
    .set(set)
    .where(
      and(
        eq(initiatives.id, sql.placeholder("id")),
        eq(initiatives.authorId, sql.placeholder("authorId")),
        inArray(initiatives.status, EDITABLE),
      ),
    )
    .returning()
    .prepare(),
);

/** Puts the form at `place` and makes the author's next message answer it, replacing any other wait. */
export function openFormStatements(
  db: Db,
  initiative: Initiative,
  place: { step: FormPosition; editingOne: boolean },
  now: number,
): Statement[] {
  return [
    awaitStatement(db, initiative.authorId!, { kind: "initiative.form", subjectId: initiative.id }, now),
    filled(openForm(db), { id: initiative.id, ...place, updatedAt: now }),
  ];
}

const openForm = preparedQuery((db) =>
  db
    .update(initiatives)
    .set(placeholders("step", "editingOne", "updatedAt"))
    .where(and(eq(initiatives.id, sql.placeholder("id")), inArray(initiatives.status, EDITABLE)))
    .prepare(),
);

export async function listAttachments(db: Db, initiativeId: number): Promise<Attachment[]> {
  return attachmentsOf(db).all({ initiativeId });
}

/** Adds an attachment (the same file twice is kept once) and gives the list, in one round trip. */
export async function addAttachment(
  database: Database,
  attachment: { initiativeId: number; kind: Attachment["kind"]; fileId: string; fileUniqueId: string },
): Promise<Attachment[]> {
  const { db } = database;
  const [, attachments] = await database.read<[unknown, Attachment[]]>([
    read(addAttachmentQuery(db), attachment),
    read(attachmentsOf(db), { initiativeId: attachment.initiativeId }),
  ]);
  return attachments;
}

const addAttachmentQuery = preparedQuery((db) =>
  db
    .insert(initiativeAttachments)
    .values({
      initiativeId: sql.placeholder("initiativeId"),
      kind: sql.placeholder("kind"),
      fileId: sql.placeholder("fileId"),
      fileUniqueId: sql.placeholder("fileUniqueId"),
    })
    .onConflictDoNothing()
    .returning({ id: initiativeAttachments.id })
    .prepare(),
);

export async function clearAttachments(db: Db, initiativeId: number): Promise<void> {
  await db.delete(initiativeAttachments).where(eq(initiativeAttachments.initiativeId, initiativeId));
}

/**
 * Gives the initiative its yearly number unless it has one. One statement reads the year's
 * highest number and takes the next, so two submissions at once cannot get the same one (and the
 * unique index would refuse it if they did).
 */
export async function ensureReference(db: Db, id: number, year: number): Promise<void> {
  const { query, values } = ensureReferenceWrite(db, id, year);
  await query.all(values);
}

/**
 * `ensureReference` as a write of a batch (`Database.write`), for the author sending it from its
 * summary (`submitter`, whose account is not blocked: the checks of what they send are made on the rows read in the same batch;
 * a number taken for a draft those checks then send back stays its own). With `cap`, only while
 * the author has submitted fewer than `cap.limit` initiatives since `cap.since` (the daily cap,
 * read in the same batch): a submission the cap refuses takes no number.
 */
export function ensureReferenceWrite(
  db: Db,
  id: number,
  year: number,
  sending?: { submitter: number; cap: { since: number; limit: number } },
) {
  if (!sending) return read(takeReference(db), { id, year });
  const { submitter, cap } = sending;
  return read(takeReferenceWhenSent(db), { id, year, submitter, since: cap.since, limit: cap.limit });
}

const referenceQuery = (db: Db, bySubmitter?: SQL) =>
  db
    .update(initiatives)
    .set({
      refYear: sql.placeholder("year") as never,
      refSeq: sql`(select coalesce(max(${initiatives.refSeq}), 0) + 1 from ${initiatives} where ${initiatives.refYear} = ${sql.placeholder("year")})`,
    })
    .where(and(eq(initiatives.id, sql.placeholder("id")), isNull(initiatives.refSeq), bySubmitter))
    .returning({ id: initiatives.id })
    .prepare();

const takeReference = preparedQuery((db) => referenceQuery(db));

const takeReferenceWhenSent = preparedQuery((db) => {
  const submitter = sql.placeholder("submitter");
  return referenceQuery(
    db,
    and(
      eq(initiatives.authorId, submitter),
      inArray(initiatives.status, EDITABLE),
      eq(initiatives.step, "summary"),
      sql`not exists (select 1 from ${users} where ${users.id} = ${submitter} and ${users.status} = 'blocked')`,
      sql`(select count(*) from ${initiatives} where ${initiatives.authorId} = ${submitter} and ${initiatives.submittedAt} >= ${sql.placeholder("since")}) < ${sql.placeholder("limit")}`,
    ),
  );
});

/** `findInitiative` as one read of a batch. */
export const initiativeRead = (db: Db, id: number) => read(initiativeById(db), { id });

export interface Transition {
  initiative: Initiative;
  to: InitiativeStatus;
  actorId: number | null;
  reasonCode?: string | null;
  reasonText?: string | null;
  now: number;
  /** Notifications that must exist exactly when the transition does. */
  notices?: (updated: Initiative) => OutboxMessage[];
}

export type TransitionResult =
  | { ok: true; initiative: Initiative }
  | { ok: false; current: Initiative | undefined };

/**
 * Changes the status from the one `initiative` was read in, recording the event and queueing the
 * notifications in the same batch. The event's unique (initiative, version) makes the batch fail
 * as a whole when someone else changed the status first: the first decision wins, and nothing of
 * the second is stored.
 */
export async function transition(database: Database, change: Transition): Promise<TransitionResult> {
  const { db } = database;
  const { initiative, to, now } = change;
  const version = initiative.version + 1;
  const timing =
    to === "submitted"
      ? { submittedAt: now, decidedAt: null }
      : to === "approved" || to === "rejected"
        ? { decidedAt: now }
        : {};
  const updated: Initiative = {
    ...initiative,
    ...timing,
    status: to,
    version,
    step: null,
    editingOne: false,
    updatedAt: now,
  };
  const statements: Statement[] = [
    db.insert(initiativeEvents).values({
      initiativeId: initiative.id,
      version,
      actorId: change.actorId,
      fromStatus: initiative.status,
      toStatus: to,
      reasonCode: change.reasonCode ?? null,
      reasonText: change.reasonText ?? null,
      createdAt: now,
    }),
    db
      .update(initiatives)
      .set({ ...timing, status: to, version, step: null, editingOne: false, updatedAt: now })
      .where(
        and(
          eq(initiatives.id, initiative.id),
          eq(initiatives.version, initiative.version),
          eq(initiatives.status, initiative.status),
        ),
      ),
    ...enqueueStatements(db, change.notices?.(updated) ?? [], now),
    // Out of the author's hands (submitted, decided, withdrawn): the form waits no longer.
    ...(isEditable(to) ? [] : [endWaitsOnStatement(db, "initiative.form", initiative.id)]),
  ];
  try {
    await database.batch(statements);
  } catch (error) {
    if (!isLostRace(error)) throw error;
    return { ok: false, current: await findInitiative(db, initiative.id) };
  }
  return { ok: true, initiative: updated };
}

function isLostRace(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (/UNIQUE constraint failed: initiative_events/.test(e.message)) return true;
  }
  return false;
}

export async function listEvents(db: Db, initiativeId: number): Promise<InitiativeEvent[]> {
  return db
    .select()
    .from(initiativeEvents)
    .where(eq(initiativeEvents.initiativeId, initiativeId))
    .orderBy(asc(initiativeEvents.version));
}

export interface Page<T> {
  rows: T[];
  total: number;
}

/** Everything the author sent in, newest first; an unsent draft is reached through /propose. */
export async function listByAuthor(db: Db, authorId: number, page: { limit: number; offset: number }) {
  const where = and(eq(initiatives.authorId, authorId), ne(initiatives.status, "draft"));
  return paged(db, where, [desc(initiatives.id)], page);
}

/** Waiting for a moderator, the longest waiting first. */
export async function listQueue(db: Db, page: { limit: number; offset: number }) {
  return paged(
    db,
    eq(initiatives.status, "submitted"),
    [asc(initiatives.submittedAt), asc(initiatives.id)],
    page,
  );
}

/** Initiatives of one municipality the community may see, the most recently decided first. */
export async function listPublic(db: Db, municipalityId: number, page: { limit: number; offset: number }) {
  const where = and(
    eq(initiatives.municipalityId, municipalityId),
    inArray(initiatives.status, [...APPROVED_OR_LATER]),
  );
  return paged(db, where, [desc(initiatives.decidedAt), desc(initiatives.id)], page);
}

/** Sent initiatives of some municipalities (null: all) in one status, the newest first. */
export async function listForStaff(
  db: Db,
  filter: { municipalityIds: readonly number[] | null; status: InitiativeStatus },
  page: { limit: number; offset: number },
) {
  if (filter.municipalityIds?.length === 0) return { rows: [], total: 0 };
  const where = and(
    eq(initiatives.status, filter.status),
    filter.municipalityIds ? inArray(initiatives.municipalityId, [...filter.municipalityIds]) : undefined,
  );
  return paged(db, where, [desc(initiatives.id)], page);
}

async function paged(
  db: Db,
  where: ReturnType<typeof and>,
  order: ReturnType<typeof asc>[],
  page: { limit: number; offset: number },
): Promise<Page<Initiative>> {
  const rows = await db
    .select()
    .from(initiatives)
    .where(where)
    .orderBy(...order)
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await db.select({ n: count() }).from(initiatives).where(where);
  return { rows, total: total?.n ?? 0 };
}

/**
 * For /forget, before the person's row goes: unsent drafts are deleted and the phone number is
 * taken out of what they submitted, which stays without their name.
 */
export function forgetAuthorStatements(db: Db, userId: number): Statement[] {
  const theirs = db.select({ id: initiatives.id }).from(initiatives).where(eq(initiatives.authorId, userId));
  return [
    // Their own submissions and withdrawals; a moderator's decisions keep who took them.
    db
      .update(initiativeEvents)
      .set({ actorId: null })
      .where(and(eq(initiativeEvents.actorId, userId), inArray(initiativeEvents.initiativeId, theirs))),
    db.delete(initiatives).where(and(eq(initiatives.authorId, userId), eq(initiatives.status, "draft"))),
    db.update(initiatives).set({ contactPhone: null }).where(eq(initiatives.authorId, userId)),
  ];
}
