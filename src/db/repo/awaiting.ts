import { and, eq, inArray, sql } from "drizzle-orm";
import type { AwaitingKind } from "../../domain/awaiting.js";
import type { Db, RawQuery } from "../database.js";
import { filled, preparedQuery } from "../prepared.js";
import { awaiting } from "../schema.js";

/** What a person's next private message is for: one row per person at most. */
export type Awaiting = typeof awaiting.$inferSelect;

export interface Wait {
  kind: AwaitingKind;
  subjectId: number;
  step?: string | null;
  detailId?: number | null;
}

/** The person's next message is for `wait`; whatever they were asked before is forgotten. */
export function awaitStatement(db: Db, userId: number, wait: Wait, now: number): RawQuery {
  return filled(upsertWait(db), waitValues(userId, wait, now));
}

export async function setAwaiting(db: Db, userId: number, wait: Wait, now: number): Promise<void> {
  await upsertWait(db).run(waitValues(userId, wait, now));
}

const waitValues = (userId: number, wait: Wait, now: number) => ({
  userId,
  kind: wait.kind,
  subjectId: wait.subjectId,
  step: wait.step ?? null,
  detailId: wait.detailId ?? null,
  updatedAt: now,
});

// Written by most steps of every form: built once.
const upsertWait = preparedQuery((db) => {
  const row = {
    userId: sql.placeholder("userId"),
    kind: sql.placeholder("kind"),
    subjectId: sql.placeholder("subjectId"),
    step: sql.placeholder("step"),
    detailId: sql.placeholder("detailId"),
    updatedAt: sql.placeholder("updatedAt"),
  };
  return db
    .insert(awaiting)
    .values(row)
    .onConflictDoUpdate({
      target: awaiting.userId,
      set: {
        kind: sql`excluded.kind`,
        subjectId: sql`excluded.subject_id`,
        step: sql`excluded.step`,
        detailId: sql`excluded.detail_id`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .prepare();
});

type Kinds = AwaitingKind | readonly AwaitingKind[];

/**
 * The person's wait ends. With `kind`, only a wait of that kind (or kinds): a handler ending its
 * own wait never ends one another feature set since.
 */
export function clearAwaitingStatement(db: Db, userId: number, kind?: Kinds) {
  const mine = eq(awaiting.userId, userId);
  if (kind === undefined) return db.delete(awaiting).where(mine);
  return db
    .delete(awaiting)
    .where(and(mine, inArray(awaiting.kind, typeof kind === "string" ? [kind] : kind)));
}

export async function clearAwaiting(db: Db, userId: number, kind?: Kinds): Promise<void> {
  await clearAwaitingStatement(db, userId, kind);
}

/** Whoever waits for `kind` about `subjectId` waits no longer: the draft was sent or decided. */
export function endWaitsOnStatement(db: Db, kind: AwaitingKind, subjectId: number): RawQuery {
  return filled(deleteWaitsOn(db), { kind, subjectId });
}

const deleteWaitsOn = preparedQuery((db) =>
  db
    .delete(awaiting)
    .where(
      and(eq(awaiting.kind, sql.placeholder("kind")), eq(awaiting.subjectId, sql.placeholder("subjectId"))),
    )
    .prepare(),
);
