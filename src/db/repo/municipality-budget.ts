import { eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { municipalities } from "../schema.js";

/** Sets (or with null, clears) a municipality's maximum cost per initiative, in som. */
export async function setMunicipalityBudget(db: Db, slug: string, max: number | null) {
  const [row] = await db
    .update(municipalities)
    .set({ maxInitiativeBudget: max })
    .where(eq(municipalities.slug, slug))
    .returning();
  return row;
}
