import { closeRound, openRound, type RoundLifecycleDeps } from "../bot/rounds/lifecycle.js";
import { roundsDueToClose, roundsDueToOpen } from "../db/repo/rounds.js";

export type RoundJobDeps = RoundLifecycleDeps;

/**
 * Opens scheduled rounds whose time came (announcing them) and closes open rounds whose time is up
 * (publishing results). A plain function for the Node interval and the Workers cron; the opening
 * and closing themselves are the lifecycle's (bot/rounds/lifecycle.ts), which staff buttons use too.
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
