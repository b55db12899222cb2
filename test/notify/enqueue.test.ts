import { count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enqueue, enqueueStatements, purgeFinishedOutbox } from "../../src/db/repo/outbox.js";
import { auditLog, outbox } from "../../src/db/schema.js";
import { dispatchOnce } from "../../src/notify/dispatcher.js";
import { countBatches, createFixture, FAST, type Fixture, text } from "./fixture.js";

let f: Fixture;
beforeEach(async () => {
  f = await createFixture();
});
afterEach(() => f.close());

describe("enqueue", () => {
  it("stores one row per dedupe key, so a notification is sent once", async () => {
    await f.enqueue(text(1, "Report #7 acknowledged", { dedupeKey: "report:7:ack:1" }));
    await f.enqueue([
      text(1, "Report #7 acknowledged", { dedupeKey: "report:7:ack:1" }),
      text(1, "Report #7 acknowledged", { dedupeKey: "report:7:ack:1" }),
      text(2, "Report #7 acknowledged", { dedupeKey: "report:7:ack:2" }),
    ]);
    expect((await f.rows()).map((r) => [r.chatId, r.dedupeKey])).toEqual([
      [1, "report:7:ack:1"],
      [2, "report:7:ack:2"],
    ]);
    await dispatchOnce(f.deps, FAST);
    expect(f.textsTo(1)).toEqual(["Report #7 acknowledged"]);
    expect(f.textsTo(2)).toEqual(["Report #7 acknowledged"]);
  });

  it("keeps rows without a dedupe key apart, even with the same text", async () => {
    await f.enqueue([text(1, "Same"), text(1, "Same")]);
    expect(await f.rows()).toHaveLength(2);
  });

  it("writes a broadcast of 100,000 rows in a single batch", async () => {
    const counted = countBatches(f.database);
    const messages = Array.from({ length: 100_000 }, (_, i) =>
      text(1_000_000 + i, `A new vote opened in your municipality (${i})`, {
        dedupeKey: `round:1:${i}`,
        bulk: true,
      }),
    );
    await enqueue(counted.database, messages, Date.now());
    expect(counted.count()).toBe(1);
    const [stored] = await f.database.db.select({ n: count() }).from(outbox);
    expect(stored?.n).toBe(100_000);
    const [last] = await f.database.db.select().from(outbox).where(eq(outbox.id, 100_000));
    expect(last).toMatchObject({
      chatId: 1_099_999,
      dedupeKey: "round:1:99999",
      status: "pending",
      bulk: true,
    });
    expect(last?.payload).toEqual({ text: "A new vote opened in your municipality (99999)" });
  });

  it("keeps the order of the messages given, which is the order a chat reads them in", async () => {
    await f.enqueue(["first", "second", "third"].map((body) => text(5, body)));
    expect((await f.rows()).map((r) => r.payload.text)).toEqual(["first", "second", "third"]);
  });

  it("stores notifications together with the change they announce, or not at all", async () => {
    const { db } = f.database;
    const audit = { id: 1, action: "report.created", actorId: 1, subject: "report:1" };
    await db.insert(auditLog).values(audit);
    const notify = enqueueStatements(db, [text(10, "New report")], Date.now());
    await expect(f.database.batch([...notify, db.insert(auditLog).values(audit)])).rejects.toThrow();
    expect(await f.rows()).toHaveLength(0);
  });

  it("makes a row due at its not-before time", async () => {
    const now = Date.now();
    await enqueue(f.database, text(1, "Good morning", { notBefore: now + 3_600_000 }), now);
    await enqueue(f.database, text(2, "Already past", { notBefore: now - 1_000 }), now);
    expect((await f.rows()).map((r) => r.nextAttemptAt)).toEqual([now + 3_600_000, now]);
  });

  it("refuses a message with neither text nor media", async () => {
    await expect(f.enqueue(text(1, ""))).rejects.toThrow(/neither text nor media/);
  });

  it("purges finished rows after their retention, freeing their dedupe keys", async () => {
    await f.enqueue([text(1, "old", { dedupeKey: "k1" }), text(2, "open")]);
    await f.database.db
      .update(outbox)
      .set({ status: "sent", nextAttemptAt: null, finishedAt: 1_000 })
      .where(eq(outbox.id, 1));
    await purgeFinishedOutbox(f.database.db, 2_000);
    expect((await f.rows()).map((r) => r.payload.text)).toEqual(["open"]);
    await f.enqueue(text(1, "again", { dedupeKey: "k1" }));
    expect(await f.rows()).toHaveLength(2);
  });
});
