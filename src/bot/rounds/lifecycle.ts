import { enqueueStatements } from "../../db/repo/outbox.js";
import {
  closeRoundStatement,
  findRound,
  openRoundStatement,
  type Round,
  roundEntries,
  stageStatements,
} from "../../db/repo/rounds.js";
import { tallyRound, voterProfiles } from "../../db/repo/votes.js";
import { participation, type RoundResults, rankInitiatives } from "../../domain/round-results.js";
import type { Logger } from "../../logger.js";
import { announcementNotices, openedNotice, type RoundNoticeDeps, resultsNotices } from "./notices.js";

export interface RoundLifecycleDeps extends RoundNoticeDeps {
  logger?: Logger;
  onEnqueued?: () => void;
}

/**
 * Opening and closing a round, for the scheduled job (on time) and the staff's buttons (at once)
 * alike. Run twice at once, each change happens once: the status updates are conditional and the
 * notices have dedupe keys.
 */
export async function openRound(deps: RoundLifecycleDeps, round: Round, now: number): Promise<boolean> {
  const { database } = deps;
  const { db } = database;
  const announcements = await announcementNotices(deps, round);
  const reached = announcements.length;
  const notices = [...announcements, ...(await openedNotice(deps, round, reached))];
  await database.batch([
    openRoundStatement(db, round.id, reached, now),
    ...enqueueStatements(db, notices, now),
  ]);
  deps.logger?.info("round opened", { roundId: round.id, reached });
  return (await findRound(db, round.id))?.openedAt === now;
}

/** Counts, stores the results once, moves the initiatives to the commission and tells everyone. */
export async function closeRound(
  deps: RoundLifecycleDeps,
  round: Round,
  now: number,
  actorId: number | null = null,
): Promise<boolean> {
  const { database } = deps;
  const { db } = database;
  const ranking = rankInitiatives(await tallyRound(db, round.id));
  const results: RoundResults = {
    ranking,
    participation: participation(await voterProfiles(db, round.id), ranking, round.votesPerVoter),
  };
  const entries = await roundEntries(db, round.id);
  const notices = await resultsNotices(deps, round, results, entries);
  await database.batch([
    closeRoundStatement(db, round.id, results, now),
    ...stageStatements(db, { roundId: round.id, from: "in_round", to: "shortlisted", actorId, now }),
    ...enqueueStatements(db, notices, now),
  ]);
  const stored = await findRound(db, round.id);
  deps.logger?.info("round closed", { roundId: round.id });
  return stored?.closedAt === now;
}
