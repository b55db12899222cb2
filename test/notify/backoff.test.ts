import { describe, expect, it } from "vitest";
import { hasAttemptsLeft, retryDelayMs } from "../../src/notify/backoff.js";

const policy = { maxAttempts: 4, firstDelayMs: 1_000, maxDelayMs: 5_000 };

describe("retry backoff", () => {
  it("doubles the wait after each failed attempt, up to the cap", () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, policy))).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
  });

  it("gives up after the last attempt", () => {
    expect(hasAttemptsLeft(3, policy)).toBe(true);
    expect(hasAttemptsLeft(4, policy)).toBe(false);
  });
});
