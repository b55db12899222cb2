import { and, asc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../database.js";
import { initiatives, roundInitiatives, rounds } from "../schema.js";

/**
 * The initiatives of every round matching `roundFilter` (a condition on `rounds`), in one query:
 * a join rather than a list of ids, because D1 binds at most 100 parameters per statement.
 */
export async function entriesOfRounds(db: Db, roundFilter: SQL | undefined) {
  return entriesQuery(db, roundFilter);
}

/** `entriesOfRounds`' query, to prepare or to batch. */
export function entriesQuery(db: Db, roundFilter: SQL | undefined) {
  return db
    .select({
      roundId: roundInitiatives.roundId,
      initiativeId: roundInitiatives.initiativeId,
      fundedAmount: roundInitiatives.fundedAmount,
      title: initiatives.title,
      refYear: initiatives.refYear,
      refSeq: initiatives.refSeq,
      status: initiatives.status,
    })
    .from(roundInitiatives)
    .innerJoin(initiatives, eq(initiatives.id, roundInitiatives.initiativeId))
    .innerJoin(rounds, eq(rounds.id, roundInitiatives.roundId))
    .where(and(eq(roundInitiatives.included, true), roundFilter))
    .orderBy(asc(initiatives.submittedAt), asc(initiatives.id));
}
