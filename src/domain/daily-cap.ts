/**
 * Per-person daily caps on submissions: a window of the last 24 hours, so that the cap neither
 * resets at midnight for a burst nor holds a person back longer than a day.
 */
export const CAP_WINDOW_MS = 24 * 60 * 60 * 1000;

export type CapCheck = { reached: false } | { reached: true; nextAt: number };

/**
 * `times`: the person's submissions within the window, oldest first; `limit` is at least 1. When the cap is reached, the
 * next one is possible once enough of them have left the window: with exactly `limit` of them,
 * when the oldest turns 24 hours old.
 */
export function checkCap(times: readonly number[], limit: number): CapCheck {
  if (times.length < limit) return { reached: false };
  return { reached: true, nextAt: times[times.length - limit]! + CAP_WINDOW_MS };
}
