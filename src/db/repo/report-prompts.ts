import { eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { reportPrompts } from "../schema.js";

export type ReportPrompt = typeof reportPrompts.$inferSelect;

/** The person's next private message becomes this text; a newer prompt replaces an older one. */
export async function setReportPrompt(
  db: Db,
  prompt: Omit<ReportPrompt, "createdAt">,
  now: number,
): Promise<void> {
  const row = { ...prompt, createdAt: now };
  await db.insert(reportPrompts).values(row).onConflictDoUpdate({ target: reportPrompts.userId, set: row });
}

export async function findReportPrompt(db: Db, userId: number): Promise<ReportPrompt | undefined> {
  const [row] = await db.select().from(reportPrompts).where(eq(reportPrompts.userId, userId));
  return row;
}

export function clearReportPromptStatement(db: Db, userId: number) {
  return db.delete(reportPrompts).where(eq(reportPrompts.userId, userId));
}

export async function clearReportPrompt(db: Db, userId: number): Promise<void> {
  await clearReportPromptStatement(db, userId);
}
