import { eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { roundPrompts } from "../schema.js";

export type RoundPrompt = typeof roundPrompts.$inferSelect;

export async function setRoundPrompt(
  db: Db,
  prompt: { userId: number; roundId: number; kind: string; initiativeId?: number | null; now: number },
): Promise<void> {
  const values = {
    userId: prompt.userId,
    roundId: prompt.roundId,
    kind: prompt.kind,
    initiativeId: prompt.initiativeId ?? null,
    createdAt: prompt.now,
  };
  await db
    .insert(roundPrompts)
    .values(values)
    .onConflictDoUpdate({ target: roundPrompts.userId, set: values });
}

export async function findRoundPrompt(db: Db, userId: number): Promise<RoundPrompt | undefined> {
  const [row] = await db.select().from(roundPrompts).where(eq(roundPrompts.userId, userId));
  return row;
}

export async function clearRoundPrompt(db: Db, userId: number): Promise<void> {
  await db.delete(roundPrompts).where(eq(roundPrompts.userId, userId));
}
