import { and, eq } from "drizzle-orm";
import {
  announcementNotices,
  openedNotice,
  type RoundNoticeDeps,
  resultsNotices,
} from "../bot/rounds/notices.js";
import { enqueueStatements } from "../db/repo/outbox.js";
import {
  findRound,
  type Round,
  roundEntries,
  roundsDueToClose,
  roundsDueToOpen,
  stageStatements,
} from "../db/repo/rounds.js";
import { tallyRound, voterProfiles } from "../db/repo/votes.js";
import { rounds } from "../db/schema.js";
import { participation, type RoundResults, rankInitiatives } from "../domain/round-results.js";
import type { Logger } from "../logger.js";

export interface RoundJobDeps extends RoundNoticeDeps {
  logger?: Logger;
  onEnqueued?: () => void;
}

/**
 * Opens scheduled rounds whose time came (announcing them) and closes open rounds whose time is up
 * (publishing results). A plain function for the Node interval and the Workers cron; run twice at
 * once, each change happens once: the status updates are conditional and the notices have
 * dedupe keys.
 */
export async function advanceRounds(
  deps: RoundJobDeps,
  now: number,
): Promise<{ opened: number; closed: number }> {
  const { db } = deps.database;
  let opened = 0;
  let closed = 0;
  for (const round of await roundsDueToOpen(db, now)) {
    try {
      if (await openRound(deps, round, now)) opened += 1;
    } catch (error) {
      deps.logger?.error("opening a round failed", { roundId: round.id, error });
    }
  }
  for (const round of await roundsDueToClose(db, now)) {
    try {
      if (await closeRound(deps, round, now)) closed += 1;
    } catch (error) {
      deps.logger?.error("closing a round failed", { roundId: round.id, error });
    }
  }
  if (opened + closed > 0) deps.onEnqueued?.();
  return { opened, closed };
}

export async function openRound(deps: RoundJobDeps, round: Round, now: number): Promise<boolean> {
  const { database } = deps;
  const { db } = database;
  const announcements = await announcementNotices(deps, round);
  const reached = announcements.length;
  const claim = db
    .update(rounds)
    .set({ status: "open", openedAt: now, reached })
    .where(and(eq(rounds.id, round.id), eq(rounds.status, "scheduled")))
    .returning({ id: rounds.id });
  const notices = [...announcements, ...(await openedNotice(deps, round, reached))];
  await database.batch([claim, ...enqueueStatements(db, notices, now)]);
  deps.logger?.info("round opened", { roundId: round.id, reached });
  return (await findRound(db, round.id))?.openedAt === now;
}

/** Counts, stores the results once, moves the initiatives to the commission and tells everyone. */
export async function closeRound(
  deps: RoundJobDeps,
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
    db
      .update(rounds)
      .set({ status: "closed", closedAt: now, results })
      .where(and(eq(rounds.id, round.id), eq(rounds.status, "open"))),
    ...stageStatements(db, { roundId: round.id, from: "in_round", to: "shortlisted", actorId, now }),
    ...enqueueStatements(db, notices, now),
  ]);
  const stored = await findRound(db, round.id);
  deps.logger?.info("round closed", { roundId: round.id });
  return stored?.closedAt === now;
}
