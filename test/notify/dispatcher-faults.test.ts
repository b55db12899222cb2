import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listRecentFailures, reactivateRecipient } from "../../src/db/repo/outbox.js";
import { createUserWithConsent, findUser } from "../../src/db/repo/users.js";
import { inactiveRecipients } from "../../src/db/schema.js";
import { dispatchOnce } from "../../src/notify/dispatcher.js";
import { chatIdOf, faults } from "../support/fake-bot-api.js";
import { createFixture, FAST, type Fixture, recordClientCalls, text } from "./fixture.js";

let f: Fixture;
beforeEach(async () => {
  f = await createFixture();
});
afterEach(() => f.close());

describe("when Telegram says 429", () => {
  it("waits the retry_after for that chat only", async () => {
    const calls = recordClientCalls(f.api);
    f.fake.failChat(1, faults.tooManyRequests(1), { times: 1 });
    await f.enqueue([text(1, "a1"), text(1, "a2"), text(2, "b1")]);
    const report = await dispatchOnce(f.deps, FAST);
    expect(report).toMatchObject({ sent: 3, rateLimited: 1, failed: 0 });
    const refused = calls.find((c) => c.outcome === 429)!;
    const [a1, a2] = calls.filter((c) => c.chatId === 1 && c.outcome === "ok");
    expect([refused.text, a1?.text, a2?.text]).toEqual(["a1", "a1", "a2"]);
    expect(a1!.startedAt - refused.answeredAt).toBeGreaterThanOrEqual(1_000);
    const b1 = calls.find((c) => c.chatId === 2)!;
    expect(b1.startedAt).toBeLessThan(a1!.startedAt);
    // Waiting is not a failed attempt.
    expect((await f.rows())[0]).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("pauses everything when the limit was the bot-wide one", async () => {
    const calls = recordClientCalls(f.api);
    f.fake.failNext(2, faults.tooManyRequests(1));
    await f.enqueue([1, 2, 3, 4].map((chat) => text(chat, `to ${chat}`)));
    const slow = { ...FAST, limits: { ...FAST.limits, messagesPerSecond: 10 } };
    const report = await dispatchOnce(f.deps, slow);
    expect(report).toMatchObject({ sent: 4, rateLimited: 2 });
    const refused = calls.filter((c) => c.outcome === 429);
    expect(refused).toHaveLength(2);
    const told = refused[1]!.answeredAt;
    for (const call of calls.filter((c) => c.startedAt >= told))
      expect(call.startedAt - told).toBeGreaterThanOrEqual(1_000);
    expect(
      calls
        .filter((c) => c.outcome === "ok")
        .map((c) => c.chatId)
        .sort(),
    ).toEqual([1, 2, 3, 4]);
  });
});

describe("when the recipient is gone (403)", () => {
  it("marks the recipient inactive and drops their pending rows", async () => {
    await createUserWithConsent(f.database.db, 1, "ky", Date.now());
    f.fake.failChat(1, faults.blocked());
    await f.enqueue([text(1, "a1"), text(1, "a2"), text(1, "a3"), text(2, "b1")]);
    const report = await dispatchOnce(f.deps, FAST);
    expect(report).toMatchObject({ sent: 1, deactivated: 1, dropped: 3, failed: 0 });
    expect(f.fake.calls.filter((c) => chatIdOf(c) === 1)).toHaveLength(1);
    expect((await f.rows()).map((r) => [r.payload.text, r.status])).toEqual([
      ["a1", "dropped"],
      ["a2", "dropped"],
      ["a3", "dropped"],
      ["b1", "sent"],
    ]);
    expect(await f.database.db.select().from(inactiveRecipients)).toEqual([
      { chatId: 1, reason: "403: Forbidden: bot was blocked by the user", since: expect.any(Number) },
    ]);
    expect((await findUser(f.database.db, 1))?.status).toBe("inactive");
  });

  it("drops later rows for the recipient without calling Telegram, until they come back", async () => {
    f.fake.failChat(1, faults.deactivated(), { times: 1 });
    await f.enqueue(text(1, "first"));
    await dispatchOnce(f.deps, FAST);
    await f.enqueue(text(1, "while away"));
    expect(await dispatchOnce(f.deps, FAST)).toMatchObject({ sent: 0, dropped: 1 });
    expect(f.fake.calls).toHaveLength(1);

    await reactivateRecipient(f.database, 1);
    await f.enqueue(text(1, "welcome back"));
    expect(await dispatchOnce(f.deps, FAST)).toMatchObject({ sent: 1 });
    expect(f.textsTo(1)).toEqual(["welcome back"]);
  });
});

describe("when Telegram rejects the request (400)", () => {
  it("marks the row failed without retrying, shows it to admins and moves on", async () => {
    f.fake.failChat(1, faults.chatNotFound(), { times: 1 });
    await f.enqueue([text(1, "lost", { dedupeKey: "report:9:officer:1" }), text(1, "next")]);
    const report = await dispatchOnce(f.deps, FAST);
    expect(report).toMatchObject({ sent: 1, failed: 1, retried: 0 });
    expect(f.fake.calls.filter((c) => c.params.text === "lost")).toHaveLength(1);
    expect(f.textsTo(1)).toEqual(["next"]);
    expect(await listRecentFailures(f.database.db, 10)).toEqual([
      {
        id: 1,
        toReporter: false,
        chatId: 1,
        error: "400: Bad Request: chat not found",
        attempts: 1,
        failedAt: expect.any(Number),
        dedupeKey: "report:9:officer:1",
      },
    ]);
  });
});

describe("when Telegram or the network fails (5xx, dropped connection)", () => {
  it("retries with growing waits, then marks the row failed", async () => {
    f.fake.failChat(1, faults.serverError());
    await f.enqueue(text(1, "doomed"));
    const report = await dispatchOnce(f.deps, FAST);
    expect(report).toMatchObject({ sent: 0, retried: 2, failed: 1 });
    const tries = f.fake.calls.map((c) => c.time);
    expect(tries).toHaveLength(3);
    expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(50);
    expect(tries[2]! - tries[1]!).toBeGreaterThanOrEqual(100);
    const [failure] = await listRecentFailures(f.database.db);
    expect(failure).toMatchObject({ chatId: 1, attempts: 3, error: "500: Internal Server Error" });
  });

  it("delivers once the server recovers", async () => {
    f.fake.failChat(1, faults.serverError(), { times: 2 });
    await f.enqueue(text(1, "eventually"));
    expect(await dispatchOnce(f.deps, FAST)).toMatchObject({ sent: 1, retried: 2 });
    expect((await f.rows())[0]).toMatchObject({ status: "sent", attempts: 3, lastError: null });
  });

  it("retries after a dropped connection", async () => {
    f.fake.failNext(1, faults.dropConnection());
    await f.enqueue(text(1, "again"));
    expect(await dispatchOnce(f.deps, FAST)).toMatchObject({ sent: 1, retried: 1 });
    expect(f.fake.calls.map((c) => c.outcome)).toEqual(["dropped", "ok"]);
  });

  it("resumes a long payload after the part that was delivered", async () => {
    const long = "word ".repeat(300).trim();
    await f.enqueue({ chatId: 1, payload: { text: long, media: { kind: "photo", fileId: "ph-1" } } });
    f.fake.failWhen((method) => method === "sendMessage", faults.serverError(), { times: 1 });
    expect(await dispatchOnce(f.deps, FAST)).toMatchObject({ sent: 1, retried: 1 });
    expect(f.fake.calls.map((c) => [c.method, c.outcome])).toEqual([
      ["sendPhoto", "ok"],
      ["sendMessage", 500],
      ["sendMessage", "ok"],
    ]);
  });
});
