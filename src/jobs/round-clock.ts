import { nextRoundChangeAt } from "../db/repo/rounds.js";
import { advanceRounds, type RoundJobDeps } from "./rounds.js";

/**
 * A round created or moved since the last look is noticed within this time; one that was already
 * known opens and closes on the second.
 */
export const ROUND_CLOCK_LOOK_MS = 60_000;

/**
 * Node's timer for rounds: it sleeps until the next opening or closing time stored (at most a
 * minute, to notice rounds scheduled meanwhile), then opens and closes what is due. A resident
 * told "voting opens at 10:41" can vote at 10:41, not at the next five-minute tick.
 */
export function startRoundClock(deps: RoundJobDeps, now: () => number): { stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      await advanceRounds(deps, now());
      const next = await nextRoundChangeAt(deps.database.db);
      if (stopped) return;
      const wait = next === undefined ? ROUND_CLOCK_LOOK_MS : Math.max(0, next - now());
      timer = setTimeout(tick, Math.min(wait, ROUND_CLOCK_LOOK_MS));
    } catch (error) {
      deps.logger?.error("round clock failed", { error });
      if (!stopped) timer = setTimeout(tick, ROUND_CLOCK_LOOK_MS);
    }
  };
  void tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
