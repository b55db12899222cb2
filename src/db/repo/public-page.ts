import { and, desc, eq, inArray } from "drizzle-orm";
import { APPROVED_OR_LATER } from "../../domain/initiative-status.js";
import type { Db } from "../database.js";
import { initiatives, rounds } from "../schema.js";
import { entriesOfRounds } from "./round-entries.js";

/** What an initiative shows in public: its title, reference, status and cost, never its author. */
export async function publicInitiatives(db: Db, municipalityId: number) {
  return db
    .select({
      id: initiatives.id,
      title: initiatives.title,
      refYear: initiatives.refYear,
      refSeq: initiatives.refSeq,
      status: initiatives.status,
      cost: initiatives.cost,
    })
    .from(initiatives)
    .where(
      and(
        eq(initiatives.municipalityId, municipalityId),
        inArray(initiatives.status, [...APPROVED_OR_LATER]),
      ),
    )
    .orderBy(desc(initiatives.decidedAt), desc(initiatives.id))
    .limit(100);
}

/** Open and closed rounds, latest first; closed ones carry the results stored when they closed. */
export async function publicRounds(db: Db, municipalityId: number) {
  const list = await db
    .select({
      id: rounds.id,
      title: rounds.title,
      status: rounds.status,
      closesAt: rounds.closesAt,
      closedAt: rounds.closedAt,
      results: rounds.results,
    })
    .from(rounds)
    .where(and(eq(rounds.municipalityId, municipalityId), inArray(rounds.status, ["open", "closed"])))
    .orderBy(desc(rounds.id))
    .limit(10);
  const entries = await entriesOfRounds(
    db,
    and(eq(rounds.municipalityId, municipalityId), inArray(rounds.status, ["open", "closed"])),
  );
  return list.map((round) => ({ ...round, entries: entries.filter((e) => e.roundId === round.id) }));
}

export type PublicRound = Awaited<ReturnType<typeof publicRounds>>[number];
export type PublicInitiative = Awaited<ReturnType<typeof publicInitiatives>>[number];
