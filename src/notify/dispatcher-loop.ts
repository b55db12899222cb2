import { systemClock, wakeable } from "./clock.js";
import { type DispatcherDeps, type DispatchOptions, dispatchOnce } from "./dispatcher.js";
import { createRateState } from "./rate-limits.js";

export interface DispatcherLoopOptions extends Omit<DispatchOptions, "signal"> {
  /** Longest sleep with nothing due, so rows written by another process are noticed. */
  idleMs?: number;
  /** Pause after an unexpected error, such as a locked database. */
  errorPauseMs?: number;
}

export interface DispatcherLoop {
  /** Finishes the sends in progress, returns unsent leased rows to the queue, then resolves. */
  stop(): Promise<void>;
  /** Call after enqueuing, so the rows go now instead of after the current sleep. */
  wake(): void;
}

const DEFAULT_IDLE_MS = 60_000;
const DEFAULT_ERROR_PAUSE_MS = 5_000;

/** Runs `dispatchOnce` over and over, sleeping until the next row is due or `wake()` is called. */
export function startDispatcherLoop(
  deps: DispatcherDeps,
  options: DispatcherLoopOptions = {},
): DispatcherLoop {
  const { idleMs = DEFAULT_IDLE_MS, errorPauseMs = DEFAULT_ERROR_PAUSE_MS, ...dispatchOptions } = options;
  const clock = wakeable(deps.clock ?? systemClock);
  const loopDeps = { ...deps, clock, rateState: deps.rateState ?? createRateState() };
  const stopping = new AbortController();
  const { signal } = stopping;

  const run = async () => {
    while (!signal.aborted) {
      try {
        const report = await dispatchOnce(loopDeps, { ...dispatchOptions, signal });
        deps.logger?.debug("outbox: dispatched", { ...report });
        const until = Math.min(report.nextDueAt ?? Number.POSITIVE_INFINITY, clock.now() + idleMs);
        await clock.sleep(until - clock.now(), signal);
      } catch (error) {
        deps.logger?.error("outbox: dispatcher run failed", { error });
        await clock.sleep(errorPauseMs, signal);
      }
    }
  };
  const running = run();

  return {
    wake: () => clock.wake(),
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
