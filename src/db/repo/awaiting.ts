import { and, eq, inArray } from "drizzle-orm";
import type { AwaitingKind } from "../../domain/awaiting.js";
import type { Db } from "../database.js";
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
export function awaitStatement(db: Db, userId: number, wait: Wait, now: number) {
  const row = {
    userId,
    kind: wait.kind,
    subjectId: wait.subjectId,
    step: wait.step ?? null,
    detailId: wait.detailId ?? null,
    updatedAt: now,
  };
  return db.insert(awaiting).values(row).onConflictDoUpdate({ target: awaiting.userId, set: row });
}

export async function setAwaiting(db: Db, userId: number, wait: Wait, now: number): Promise<void> {
  await awaitStatement(db, userId, wait, now);
}

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
export function endWaitsOnStatement(db: Db, kind: AwaitingKind, subjectId: number) {
  return db.delete(awaiting).where(and(eq(awaiting.kind, kind), eq(awaiting.subjectId, subjectId)));
}
