import type { Database } from "../db/database.js";
import { findMunicipality, type Municipality } from "../db/repo/municipalities.js";
import { setPaperVotes } from "../db/repo/rounds.js";
import { paperVotesLimit } from "../domain/voting.js";

export type PaperVotesResult =
  | { ok: true; over?: undefined }
  /** Above the municipality's residents (or, unknown, the setting): nothing is stored. */
  | {
      ok: false;
      over: { max: number; from: "residents" | "setting"; municipality: Municipality | undefined };
    }
  /** The round closed or the initiative left it. */
  | { ok: false; over?: undefined };

/**
 * Paper votes from a village meeting for one initiative of a round, from the bot or the Mini App:
 * the same limit, and the count with its audit row in one batch. The caller checks the role.
 */
export async function enterPaperVotes(
  deps: { database: Database; now: () => number; paperVotesMax: number },
  entry: { roundId: number; municipalityId: number; initiativeId: number; count: number; actorId: number },
): Promise<PaperVotesResult> {
  const municipality = await findMunicipality(deps.database.db, entry.municipalityId);
  const limit = paperVotesLimit(municipality?.residents ?? null, deps.paperVotesMax);
  if (entry.count > limit.max) return { ok: false, over: { ...limit, municipality } };
  const saved = await setPaperVotes(deps.database, {
    roundId: entry.roundId,
    initiativeId: entry.initiativeId,
    count: entry.count,
    actorId: entry.actorId,
    now: deps.now(),
  });
  return saved ? { ok: true } : { ok: false };
}
