import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimDueRows } from "../../src/db/repo/outbox.js";
import { type Clock, systemClock } from "../../src/notify/clock.js";
import { dispatchOnce } from "../../src/notify/dispatcher.js";
import { createFixture, FAST, type Fixture, text } from "./fixture.js";

let f: Fixture;
beforeEach(async () => {
  f = await createFixture();
});
afterEach(() => f.close());

const deliveries = () => {
  const counts = new Map<string, number>();
  for (const call of f.fake.sentMessages())
    counts.set(call.params.text, (counts.get(call.params.text) ?? 0) + 1);
  return counts;
};

/** The system clock, `ms` ahead: a restarted process after a lease has run out. */
function later(ms: number): Clock {
  return { now: () => Date.now() + ms, sleep: systemClock.sleep };
}

describe("a dispatcher that dies in the middle of a batch", () => {
  it("loses nothing, and repeats only the rows that were in flight", async () => {
    const texts = Array.from({ length: 10 }, (_, i) => `notice ${i}`);
    await f.enqueue(texts.map((body, i) => text(100 + i, body)));

    // The first process leases four rows, gets two of them to Telegram, and dies before
    // recording anything.
    const leaseMs = 60_000;
    const inFlight = await claimDueRows(f.database.db, { now: Date.now(), limit: 4, leaseMs });
    for (const row of inFlight.slice(0, 2)) await f.api.sendMessage(row.chatId, row.payload.text);

    // A new process starts at once: the leased rows are not its to send until the lease runs out.
    const restarted = await dispatchOnce(f.deps, { ...FAST, budgetMs: 1_000 });
    expect(restarted.sent).toBe(6);
    expect(restarted.nextDueAt).toBe(inFlight[0]!.nextAttemptAt);

    const afterLease = await dispatchOnce({ ...f.deps, clock: later(leaseMs) }, FAST);
    expect(afterLease.sent).toBe(4);

    const counts = deliveries();
    expect([...counts.keys()].sort()).toEqual([...texts].sort());
    const repeated = [...counts].filter(([, n]) => n > 1).map(([body]) => body);
    expect(repeated.sort()).toEqual(
      inFlight
        .slice(0, 2)
        .map((r) => r.payload.text)
        .sort(),
    );
    expect((await f.rows()).every((r) => r.status === "sent")).toBe(true);
  });

  it("keeps a chat's order across the restart", async () => {
    await f.enqueue([text(1, "first"), text(1, "second"), text(1, "third")]);
    await claimDueRows(f.database.db, { now: Date.now(), limit: 10, leaseMs: 60_000 });
    await dispatchOnce({ ...f.deps, clock: later(60_000) }, FAST);
    expect(f.textsTo(1)).toEqual(["first", "second", "third"]);
  });
});

describe("two dispatchers at once (overlapping cron runs)", () => {
  it("never send the same row twice", async () => {
    const texts = Array.from({ length: 60 }, (_, i) => `broadcast ${i}`);
    await f.enqueue(texts.map((body, i) => text(i % 20 === 0 ? -100200 : 1_000 + i, body)));
    // Each leases about a second's worth of rows at a time, so both get a share.
    const options = { ...FAST, limits: { ...FAST.limits, messagesPerSecond: 40 } };
    const reports = await Promise.all([dispatchOnce(f.deps, options), dispatchOnce(f.deps, options)]);
    expect(reports[0]!.sent + reports[1]!.sent).toBe(60);
    expect(reports.every((r) => r.sent > 0)).toBe(true);
    const counts = deliveries();
    expect(counts.size).toBe(60);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(f.textsTo(-100200)).toEqual(["broadcast 0", "broadcast 20", "broadcast 40"]);
  });
});
