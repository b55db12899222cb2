import { and, eq, gte, lt } from "drizzle-orm";
import type { Db } from "../database.js";
import { chatMessages } from "../schema.js";

/** Telegram lets a bot delete a message only while it is younger than 48 hours. */
export const DELETABLE_FOR_MS = 48 * 60 * 60 * 1000;

export async function recordMessages(
  db: Db,
  entry: { chatId: number; flow: string; messageIds: readonly number[]; now: number },
): Promise<void> {
  if (entry.messageIds.length === 0) return;
  await insertMessages(db, entry);
}

/** The insert for at least one message, to run alone or in a batch (the outbox's deliveries). */
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
 * ones cannot be deleted any more, and nothing is kept once the chat is cleared.
 */
export async function takeDeletableMessages(
  db: Db,
  chat: { chatId: number; flow: string; now: number },
): Promise<number[]> {
  const ofFlow = and(eq(chatMessages.chatId, chat.chatId), eq(chatMessages.flow, chat.flow));
  const rows = await db
    .select({ messageId: chatMessages.messageId })
    .from(chatMessages)
    .where(and(ofFlow, gte(chatMessages.sentAt, chat.now - DELETABLE_FOR_MS)))
    .orderBy(chatMessages.messageId);
  await db.delete(chatMessages).where(ofFlow);
  return rows.map((r) => r.messageId);
}

/** Ids too old to delete serve nothing; a maintenance job may drop them. */
export async function purgeUndeletableMessages(db: Db, now: number): Promise<void> {
  await db.delete(chatMessages).where(lt(chatMessages.sentAt, now - DELETABLE_FOR_MS));
}
