import { and, eq } from "drizzle-orm";
import type { Database, Db } from "../database.js";
import { initiatives, moderationPrompts } from "../schema.js";

export type ModerationPrompt = typeof moderationPrompts.$inferSelect;

/** The moderator's next private message becomes this decision's text; any open form stops listening. */
export async function setModerationPrompt(
  database: Database,
  prompt: Omit<ModerationPrompt, "createdAt">,
  now: number,
): Promise<void> {
  const { db } = database;
  await database.batch([
    db
      .update(initiatives)
      .set({ formOpen: false })
      .where(and(eq(initiatives.authorId, prompt.userId), eq(initiatives.formOpen, true))),
    db
      .insert(moderationPrompts)
      .values({ ...prompt, createdAt: now })
      .onConflictDoUpdate({
        target: moderationPrompts.userId,
        set: {
          action: prompt.action,
          initiativeId: prompt.initiativeId,
          version: prompt.version,
          createdAt: now,
        },
      }),
  ]);
}

export async function findModerationPrompt(db: Db, userId: number): Promise<ModerationPrompt | undefined> {
  const [row] = await db.select().from(moderationPrompts).where(eq(moderationPrompts.userId, userId));
  return row;
}

export async function clearModerationPrompt(db: Db, userId: number): Promise<void> {
  await db.delete(moderationPrompts).where(eq(moderationPrompts.userId, userId));
}
