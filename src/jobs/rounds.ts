import { closeRound, openRound, type RoundLifecycleDeps } from "../bot/rounds/lifecycle.js";
import { roundsDueToClose, roundsDueToOpen } from "../db/repo/rounds.js";

export type RoundJobDeps = RoundLifecycleDeps;

/** Round trips opening or closing one round makes at most (its reads and its batch). */
const ROUND_COST = 6;

/**
 * Opens scheduled rounds whose time came (announcing them) and closes open rounds whose time is up
 * (publishing results). A plain function for the Node interval and the Workers cron; the opening
 * and closing themselves are the lifecycle's (bot/rounds/lifecycle.ts), which staff buttons use too.
 */
export async function advanceRounds(
  deps: RoundJobDeps,
  now: number,
  fits: (cost: number) => boolean = () => true,
): Promise<{ opened: number; closed: number }> {
  const { db } = deps.database;
  let opened = 0;
  let closed = 0;
  // Within a Workers run's budget (`fits`), a round beyond it opens or closes on the next run.
  for (const round of await roundsDueToOpen(db, now)) {
    if (!fits(ROUND_COST)) break;
    try {
      if (await openRound(deps, round, now)) opened += 1;
    } catch (error) {
      deps.logger?.error("opening a round failed", { roundId: round.id, error });
    }
  }
  for (const round of await roundsDueToClose(db, now)) {
    if (!fits(ROUND_COST)) break;
    try {
      if (await closeRound(deps, round, now)) closed += 1;
    } catch (error) {
      deps.logger?.error("closing a round failed", { roundId: round.id, error });
    }
  }
  if (opened + closed > 0) deps.onEnqueued?.();
  return { opened, closed };
}
