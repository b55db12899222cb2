import { eq } from "drizzle-orm";
import type { Database } from "../database.js";
import { municipalities } from "../schema.js";
import { auditStatement } from "./audit.js";

/** The limits an admin sets per municipality, with the action their audit rows carry. */
const LIMITS = {
  /** The largest cost in som one initiative may ask for. */
  maxInitiativeBudget: "municipality.budget",
  /** The people living there, which bounds the paper votes one initiative can get. */
  residents: "municipality.residents",
} as const;

export type MunicipalityLimit = keyof typeof LIMITS;

/**
 * Sets (or with null, clears) one limit of a municipality; the change and its audit row (old and
 * new value, who) are one batch.
 */
export async function setMunicipalityLimit(
  database: Database,
  change: {
    municipality: typeof municipalities.$inferSelect;
    limit: MunicipalityLimit;
    value: number | null;
    actorId: number;
  },
): Promise<void> {
  const { db } = database;
  const { municipality, limit, value } = change;
  await database.batch([
    db
      .update(municipalities)
      .set({ [limit]: value })
      .where(eq(municipalities.id, municipality.id)),
    auditStatement(db, {
      actorId: change.actorId,
      action: LIMITS[limit],
      subject: municipality.slug,
      details: { old: municipality[limit], new: value },
    }),
  ]);
}
