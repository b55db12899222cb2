import { eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { officerChats } from "../schema.js";

export type OfficerChat = typeof officerChats.$inferSelect;

export async function setOfficerChat(
  db: Db,
  chat: Omit<OfficerChat, "createdAt">,
  now: number,
): Promise<void> {
  const row = { ...chat, createdAt: now };
  await db
    .insert(officerChats)
    .values(row)
    .onConflictDoUpdate({ target: officerChats.municipalityId, set: row });
}

export async function findOfficerChat(db: Db, municipalityId: number): Promise<OfficerChat | undefined> {
  const [row] = await db.select().from(officerChats).where(eq(officerChats.municipalityId, municipalityId));
  return row;
}
