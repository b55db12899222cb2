import type { VersionedState, VersionedStateStorage } from "@grammyjs/conversations";
import { eq, sql } from "drizzle-orm";
import type { Db, RawQuery } from "../database.js";
import { filled, preparedQuery } from "../prepared.js";
import { conversationState } from "../schema.js";

/** A conversation's stored state as `bookkeep` read it; `value` is undefined when there is none. */
export interface StoredConversation {
  value: unknown;
}

/** The state of `key` as one statement of the update's bookkeeping (`bookkeep`). */
export function conversationStateQuery(db: Db, key: string): RawQuery {
  return filled(stateByKey(db), { key });
}

export function conversationStateFrom(rows: Record<string, unknown>[]): StoredConversation {
  const value = rows[0]?.value;
  return { value: typeof value === "string" ? JSON.parse(value) : undefined };
}

/**
 * Storage adapter for @grammyjs/conversations: one row per chat (`keyOf`), so a flow survives
 * restarts and, on Workers, moves between isolates. The state read with the update's bookkeeping
 * (`alreadyRead`, taken once) saves the read of its own.
 */
export function conversationStorage<C, T>(
  db: Db,
  now: () => number,
  keyOf: (ctx: C) => string,
  alreadyRead: (ctx: C) => StoredConversation | undefined,
): VersionedStateStorage<C, T> {
  return {
    async read(ctx) {
      const known = alreadyRead(ctx);
      if (known) return known.value as VersionedState<T> | undefined;
      const [row] = await stateByKey(db).all({ key: keyOf(ctx) });
      return row ? JSON.parse(row.value) : undefined;
    },
    async write(ctx, state) {
      await writeState(db).run({ key: keyOf(ctx), value: JSON.stringify(state), updatedAt: now() });
    },
    async delete(ctx) {
      await deleteState(db).run({ key: keyOf(ctx) });
    },
  };
}

// Every update in a private chat reads the state, and every step of a conversation writes it.
const stateByKey = preparedQuery((db) =>
  db
    .select({ value: conversationState.value })
    .from(conversationState)
    .where(eq(conversationState.key, sql.placeholder("key")))
    .prepare(),
);
const writeState = preparedQuery((db) =>
  db
    .insert(conversationState)
    .values({
      key: sql.placeholder("key"),
      value: sql.placeholder("value"),
      updatedAt: sql.placeholder("updatedAt"),
    })
    .onConflictDoUpdate({
      target: conversationState.key,
      set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` },
    })
    .prepare(),
);
const deleteState = preparedQuery((db) =>
  db
    .delete(conversationState)
    .where(eq(conversationState.key, sql.placeholder("key")))
    .prepare(),
);
