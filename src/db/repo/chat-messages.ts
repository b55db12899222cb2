import { and, eq, lt, sql } from "drizzle-orm";
import type { Db, RawQuery } from "../database.js";
import { filled, preparedPerKey } from "../prepared.js";
import { chatMessages } from "../schema.js";

/** Telegram lets a bot delete a message only while it is younger than 48 hours. */
export const DELETABLE_FOR_MS = 48 * 60 * 60 * 1000;

/** The insert of the messages, to run in a batch (the update's deferred writes, the outbox's deliveries). */
export function insertMessages(
  db: Db,
  entry: { chatId: number; flow: string; messageIds: readonly number[]; now: number },
): RawQuery {
  const { chatId, flow, messageIds, now } = entry;
  const values: Record<string, unknown> = { chatId, flow, sentAt: now };
  for (const [i, messageId] of messageIds.entries()) values[`message${i}`] = messageId;
  return filled(insertOfCount(db, messageIds.length), values);
}

/** One insert per number of messages (a step sends one to three), each prepared once. */
const insertOfCount = preparedPerKey((db, count: number) => {
  const rows = Array.from({ length: count }, (_, i) => ({
    chatId: sql.placeholder("chatId"),
    flow: sql.placeholder("flow"),
    messageId: sql.placeholder(`message${i}`),
    sentAt: sql.placeholder("sentAt"),
  }));
  return db.insert(chatMessages).values(rows).onConflictDoNothing().prepare();
});

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
