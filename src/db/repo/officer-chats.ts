import { eq, sql } from "drizzle-orm";
import { type Database, type Db, read } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { officerChats } from "../schema.js";
import { auditStatement } from "./audit.js";

export type OfficerChat = typeof officerChats.$inferSelect;

/** Sets the municipality's officers' group, audited in the same batch under the municipality's slug. */
export async function setOfficerChat(
  database: Database,
  chat: Omit<OfficerChat, "createdAt">,
  slug: string,
  now: number,
): Promise<void> {
  const { db } = database;
  const row = { ...chat, createdAt: now };
  await database.batch([
    db.insert(officerChats).values(row).onConflictDoUpdate({ target: officerChats.municipalityId, set: row }),
    auditStatement(db, {
      actorId: chat.setBy,
      action: "officers_chat.set",
      subject: slug,
      details: { chatId: chat.chatId },
    }),
  ]);
}

const officerChatOf = preparedQuery((db) =>
  db
    .select()
    .from(officerChats)
    .where(eq(officerChats.municipalityId, sql.placeholder("municipalityId")))
    .prepare(),
);

export async function findOfficerChat(db: Db, municipalityId: number): Promise<OfficerChat | undefined> {
  const [row] = await officerChatOf(db).all({ municipalityId });
  return row;
}

/** `findOfficerChat` as one read of a batch (its rows: none or one). */
export const officerChatRead = (db: Db, municipalityId: number) =>
  read(officerChatOf(db), { municipalityId });
