import type { VersionedStateStorage } from "@grammyjs/conversations";
import { eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { conversationState } from "../schema.js";

/**
 * Storage adapter for @grammyjs/conversations: one row per chat, so a flow survives restarts
 * and, on Workers, moves between isolates.
 */
export function conversationStorage<T>(db: Db, now: () => number): VersionedStateStorage<string, T> {
  return {
    async read(key) {
      const [row] = await db.select().from(conversationState).where(eq(conversationState.key, key));
      return row ? JSON.parse(row.value) : undefined;
    },
    async write(key, state) {
      const value = JSON.stringify(state);
      await db
        .insert(conversationState)
        .values({ key, value, updatedAt: now() })
        .onConflictDoUpdate({ target: conversationState.key, set: { value, updatedAt: now() } });
    },
    async delete(key) {
      await db.delete(conversationState).where(eq(conversationState.key, key));
    },
  };
}
