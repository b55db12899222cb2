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

/** The state of `key`, for an update whose bookkeeping did not read it. */
export async function readConversationState(db: Db, key: string): Promise<StoredConversation> {
  return conversationStateFrom(await stateByKey(db).all({ key }));
}

/** Stores `state` (the plugin's, made JSON here) as `key`'s, as one statement of a batch. */
export function saveConversationStatement(db: Db, key: string, state: unknown, now: number): RawQuery {
  return filled(writeState(db), { key, value: JSON.stringify(state), updatedAt: now });
}

export function deleteConversationStatement(db: Db, key: string): RawQuery {
  return filled(deleteState(db), { key });
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
