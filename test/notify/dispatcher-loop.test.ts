import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock, wakeable } from "../../src/notify/clock.js";
import { startDispatcherLoop } from "../../src/notify/dispatcher-loop.js";
import { createFixture, FAST, type Fixture, text } from "./fixture.js";

let f: Fixture;
beforeEach(async () => {
  f = await createFixture();
});
afterEach(() => f.close());

describe("startDispatcherLoop", () => {
  it("sends rows enqueued while it sleeps as soon as it is woken", async () => {
    const loop = startDispatcherLoop(f.deps, { ...FAST, idleMs: 60_000 });
    try {
      await f.enqueue(text(1, "first"));
      loop.wake();
      await f.fake.waitForCalls((c) => c.params.text === "first", { timeoutMs: 1_000 });
      await f.enqueue(text(2, "second"));
      loop.wake();
      await f.fake.waitForCalls((c) => c.params.text === "second", { timeoutMs: 1_000 });
    } finally {
      await loop.stop();
    }
  });

  it("wakes up by itself when a row becomes due", async () => {
    await f.enqueue(text(1, "in a moment", { notBefore: Date.now() + 200 }));
    const loop = startDispatcherLoop(f.deps, { ...FAST, idleMs: 60_000 });
    try {
      const [call] = await f.fake.waitForCalls((c) => c.outcome === "ok", { timeoutMs: 2_000 });
      expect(call?.params.text).toBe("in a moment");
    } finally {
      await loop.stop();
    }
  });

  it("on stop, finishes sends in progress and returns the other leased rows to the queue", async () => {
    const slow = { ...FAST, limits: { ...FAST.limits, messagesPerSecond: 5 } };
    await f.enqueue(Array.from({ length: 5 }, (_, i) => text(10 + i, `m${i}`)));
    const loop = startDispatcherLoop(f.deps, slow);
    await f.fake.waitForCalls((c) => c.outcome === "ok");
    await loop.stop();
    const rows = await f.rows();
    const sent = rows.filter((r) => r.status === "sent");
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.length).toBe(f.fake.sentMessages().length);
    expect(rows.filter((r) => r.status === "pending").every((r) => r.attempts === 0)).toBe(true);
    expect(rows.filter((r) => r.status === "sending")).toEqual([]);
  });
});

describe("wakeable clock", () => {
  it("ends a sleep early on wake, and the next sleep when woken while awake", async () => {
    const clock = wakeable(systemClock);
    const started = Date.now();
    const sleeping = clock.sleep(5_000);
    clock.wake();
    await sleeping;
    clock.wake();
    await clock.sleep(5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
