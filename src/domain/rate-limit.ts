/** How many updates one person may send in one window, and how long a window lasts. */
export interface FloodOptions {
  limit: number;
  windowMs: number;
}

export type FloodVerdict = "allow" | "warn" | "drop";

/**
 * What to do with a person's `hits`-th update of the current window (counting this one): allow up
 * to the limit, warn at the first update past it, then drop silently until a new window. Every
 * hit is counted, so the warning goes out once however many updates race for it.
 */
export function floodVerdict(hits: number, limit: number): FloodVerdict {
  if (hits <= limit) return "allow";
  return hits === limit + 1 ? "warn" : "drop";
}
