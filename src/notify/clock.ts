export interface Clock {
  now(): number;
  /**
   * Resolves after `ms`, or earlier when `signal` aborts or the clock is woken up; callers that
   * wait for a moment re-check the time.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve();
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      signal?.addEventListener("abort", finish, { once: true });
    }),
};

export interface WakeableClock extends Clock {
  /** Ends every sleep in progress, e.g. because new rows were enqueued. */
  wake(): void;
}

export function wakeable(clock: Clock): WakeableClock {
  const sleepers = new Set<AbortController>();
  // A wake-up while nobody sleeps (the dispatcher was busy querying) ends the next sleep at once.
  let wokenWhileAwake = false;
  return {
    now: () => clock.now(),
    async sleep(ms, signal) {
      if (wokenWhileAwake) {
        wokenWhileAwake = false;
        return;
      }
      const interruption = new AbortController();
      const interrupt = () => interruption.abort();
      sleepers.add(interruption);
      signal?.addEventListener("abort", interrupt, { once: true });
      try {
        if (!signal?.aborted) await clock.sleep(ms, interruption.signal);
      } finally {
        sleepers.delete(interruption);
        signal?.removeEventListener("abort", interrupt);
      }
    },
    wake() {
      if (sleepers.size === 0) wokenWhileAwake = true;
      for (const sleeper of sleepers) sleeper.abort();
    },
  };
}

/** Sleeps until `time` by `clock`, surviving early wake-ups; false when `signal` aborted first. */
export async function sleepUntil(clock: Clock, time: number, signal?: AbortSignal): Promise<boolean> {
  while (clock.now() < time) {
    if (signal?.aborted) return false;
    await clock.sleep(time - clock.now(), signal);
  }
  return !signal?.aborted;
}
