import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../database.js";
import { chatMessages } from "../schema.js";

/** Telegram lets a bot delete a message only while it is younger than 48 hours. */
export const DELETABLE_FOR_MS = 48 * 60 * 60 * 1000;

/** The insert for at least one message, to run in a batch (the update's deferred writes, the outbox's deliveries). */
export function insertMessages(
  db: Db,
  entry: { chatId: number; flow: string; messageIds: readonly number[]; now: number },
) {
  return db
    .insert(chatMessages)
    .values(
      entry.messageIds.map((messageId) => ({
        chatId: entry.chatId,
        flow: entry.flow,
        messageId,
        sentAt: entry.now,
      })),
    )
    .onConflictDoNothing();
}

/**
 * Takes the flow's messages of a chat that can still be deleted, and forgets all of them: older
 * ones cannot be deleted any more, and nothing is kept once the chat is cleared. One statement.
 */
export async function takeDeletableMessages(
  db: Db,
  chat: { chatId: number; flow: string; now: number },
): Promise<number[]> {
  const rows = await db
    .delete(chatMessages)
    .where(and(eq(chatMessages.chatId, chat.chatId), eq(chatMessages.flow, chat.flow)))
    .returning({ messageId: chatMessages.messageId, sentAt: chatMessages.sentAt });
  return rows
    .filter((row) => row.sentAt >= chat.now - DELETABLE_FOR_MS)
    .map((row) => row.messageId)
    .sort((a, b) => a - b);
}

/** Ids too old to delete serve nothing; a maintenance job may drop them. */
export async function purgeUndeletableMessages(db: Db, now: number): Promise<void> {
  await db.delete(chatMessages).where(lt(chatMessages.sentAt, now - DELETABLE_FOR_MS));
}
