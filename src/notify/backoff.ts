export interface RetryPolicy {
  /** Tries (sends that may have reached Telegram) before a row is marked failed. */
  maxAttempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  firstDelayMs: 5_000,
  maxDelayMs: 30 * 60_000,
};

/** Exponential backoff: the wait after the n-th failed attempt (n >= 1). */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, attempt - 1));
}

export function hasAttemptsLeft(attempts: number, policy: RetryPolicy): boolean {
  return attempts < policy.maxAttempts;
}
