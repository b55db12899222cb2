export interface RateLimiter {
  /** "allow", "warn" (first refusal in this window: tell the person) or "drop" (refuse silently). */
  hit(key: string, now: number): "allow" | "warn" | "drop";
}

/**
 * A sliding window per key. Old keys are swept lazily so that memory stays bounded by the
 * number of people active within one window.
 */
export function createRateLimiter(options: { limit: number; windowMs: number }): RateLimiter {
  const hits = new Map<string, { times: number[]; warned: boolean }>();
  let lastSweep = 0;
  return {
    hit(key, now) {
      if (now - lastSweep > options.windowMs) {
        for (const [k, entry] of hits) if (entry.times.at(-1)! <= now - options.windowMs) hits.delete(k);
        lastSweep = now;
      }
      const entry = hits.get(key) ?? { times: [], warned: false };
      entry.times = entry.times.filter((t) => t > now - options.windowMs);
      hits.set(key, entry);
      if (entry.times.length < options.limit) {
        entry.times.push(now);
        entry.warned = false;
        return "allow";
      }
      if (entry.warned) return "drop";
      entry.warned = true;
      return "warn";
    },
  };
}
