import type { VersionedStateStorage } from "@grammyjs/conversations";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { conversationState } from "../schema.js";

/**
 * Storage adapter for @grammyjs/conversations: one row per chat, so a flow survives restarts
 * and, on Workers, moves between isolates.
 */
export function conversationStorage<T>(db: Db, now: () => number): VersionedStateStorage<string, T> {
  return {
    async read(key) {
      const [row] = await stateByKey(db).all({ key });
      return row ? JSON.parse(row.value) : undefined;
    },
    async write(key, state) {
      await writeState(db).run({ key, value: JSON.stringify(state), updatedAt: now() });
    },
    async delete(key) {
      await deleteState(db).run({ key });
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
