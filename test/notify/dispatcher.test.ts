import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dispatchOnce } from "../../src/notify/dispatcher.js";
import { chatIdOf } from "../support/fake-bot-api.js";
import { createFixture, FAST, type Fixture, recordClientCalls, steppingClock, text } from "./fixture.js";

let f: Fixture;
beforeEach(async () => {
  f = await createFixture();
});
afterEach(() => f.close());

const buttons = { inline_keyboard: [[{ text: "Acknowledge", callback_data: "ack:7" }]] };

describe("dispatchOnce", () => {
  it("delivers due rows and marks them sent", async () => {
    await f.enqueue([text(1, "one"), text(2, "two"), text(-100500, "to the moderators")]);
    const report = await dispatchOnce(f.deps, FAST);
    expect(report).toMatchObject({ sent: 3, failed: 0, retried: 0, rateLimited: 0 });
    expect(report.nextDueAt).toBeUndefined();
    expect(f.textsTo(1)).toEqual(["one"]);
    expect(f.textsTo(-100500)).toEqual(["to the moderators"]);
    for (const row of await f.rows()) {
      expect(row).toMatchObject({ status: "sent", attempts: 1, nextAttemptAt: null });
      expect(row.finishedAt).toEqual(expect.any(Number));
    }
  });

  it("passes buttons, HTML and the silent flag through to Telegram", async () => {
    await f.enqueue([
      {
        chatId: 1,
        payload: { text: "<b>New</b> initiative", parseMode: "HTML", buttons, disableNotification: true },
      },
      text(2, "loud"),
    ]);
    await dispatchOnce(f.deps, FAST);
    const [silent, loud] = [1, 2].map(
      (chat) => f.fake.sentMessages().find((c) => chatIdOf(c) === chat)!.params,
    );
    expect(silent).toMatchObject({
      text: "<b>New</b> initiative",
      parse_mode: "HTML",
      reply_markup: buttons,
      disable_notification: true,
    });
    expect(loud?.disable_notification).toBeUndefined();
  });

  it("sends media by file id, with the text as caption", async () => {
    await f.enqueue([
      {
        chatId: 1,
        payload: { text: "Photo of the site", media: { kind: "photo", fileId: "ph-1" }, buttons },
      },
      { chatId: 2, payload: { text: "Minutes", media: { kind: "document", fileId: "doc-1" } } },
      {
        chatId: 3,
        payload: { text: "Voice report", media: { kind: "voice", fileId: "v-1" }, disableNotification: true },
      },
    ]);
    await dispatchOnce(f.deps, FAST);
    expect(f.fake.callsTo("sendPhoto")[0]?.params).toMatchObject({
      chat_id: 1,
      photo: "ph-1",
      caption: "Photo of the site",
      reply_markup: buttons,
    });
    expect(f.fake.callsTo("sendDocument")[0]?.params).toMatchObject({
      chat_id: 2,
      document: "doc-1",
      caption: "Minutes",
    });
    expect(f.fake.callsTo("sendVoice")[0]?.params).toMatchObject({
      chat_id: 3,
      voice: "v-1",
      disable_notification: true,
    });
  });

  it("sends a text too long for a caption after the media instead of cutting it", async () => {
    const long = `Report from the market: ${"details ".repeat(200)}`.trim();
    await f.enqueue({
      chatId: 1,
      payload: { text: long, media: { kind: "photo", fileId: "ph-1" }, buttons },
    });
    await dispatchOnce(f.deps, FAST);
    expect(f.fake.sentMessages().map((c) => c.method)).toEqual(["sendPhoto", "sendMessage"]);
    expect(f.fake.callsTo("sendPhoto")[0]?.params.caption).toBeUndefined();
    expect(f.fake.callsTo("sendMessage")[0]?.params).toMatchObject({ text: long, reply_markup: buttons });
  });

  it("keeps each chat's order, whatever the other chats do", async () => {
    const messages = [];
    for (let i = 1; i <= 8; i++) messages.push(text(1, `a${i}`), text(2, `b${i}`), text(-100700, `g${i}`));
    await f.enqueue(messages);
    // a3 fails once: a4 must still come after it.
    f.fake.failWhen(
      (_m, p) => p.text === "a3",
      { kind: "error", errorCode: 502, description: "Bad Gateway" },
      { times: 1 },
    );
    await dispatchOnce(f.deps, FAST);
    expect(f.textsTo(1)).toEqual(["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"]);
    expect(f.textsTo(2)).toEqual(["b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8"]);
    expect(f.textsTo(-100700)).toEqual(["g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8"]);
    const a3 = f.fake.calls.filter((c) => c.params.text === "a3");
    const a4 = f.fake.calls.find((c) => c.params.text === "a4")!;
    expect(a3.map((c) => c.outcome)).toEqual([502, "ok"]);
    expect(a4.time).toBeGreaterThanOrEqual(a3[1]!.time);
  });

  it("sends a notification due now before the rest of a broadcast", async () => {
    await f.enqueue(Array.from({ length: 30 }, (_, i) => text(100 + i, `broadcast ${i}`, { bulk: true })));
    await f.enqueue(text(7, "New report in your municipality"));
    await dispatchOnce(f.deps, { ...FAST, limits: { ...FAST.limits, messagesPerSecond: 50 } });
    const order = f.fake.sentMessages().map((c) => c.params.text);
    expect(order).toHaveLength(31);
    expect(order[0]).toBe("New report in your municipality");
  });

  it("holds a row until its not-before time", async () => {
    const now = Date.now();
    await f.enqueue([
      text(1, "at 8 o'clock", { notBefore: now + 300 }),
      text(2, "tomorrow", { notBefore: now + 3_600_000 }),
    ]);
    const report = await dispatchOnce(f.deps, { ...FAST, budgetMs: 2_000 });
    expect(report.sent).toBe(1);
    expect(report.nextDueAt).toBe(now + 3_600_000);
    const [call] = f.fake.sentMessages();
    expect(call?.params.text).toBe("at 8 o'clock");
    expect(call!.time).toBeGreaterThanOrEqual(now + 300);
    expect(f.textsTo(2)).toEqual([]);
  });

  it("stays within the overall, private chat and group chat rates", async () => {
    const limits = {
      messagesPerSecond: 40,
      privateChatPerSecond: 10,
      privateChatBurst: 2,
      groupChatPerMinute: 600,
    };
    const messages = [];
    for (let i = 0; i < 5; i++) messages.push(text(1, `p${i}`), text(-100900, `g${i}`));
    for (let chat = 10; chat < 40; chat++) messages.push(text(chat, `x${chat}`));
    await f.enqueue(messages);
    const clock = steppingClock();
    const sends = recordClientCalls(f.api, clock.now);
    const report = await dispatchOnce({ ...f.deps, clock }, { ...FAST, limits });
    expect(report.sent).toBe(40);

    const times = (chat?: number) =>
      sends
        .filter((s) => chat === undefined || s.chatId === chat)
        .map((s) => s.startedAt)
        .sort((a, b) => a - b);
    expect(withinRate(times(), 40, 2)).toBe(true);
    expect(withinRate(times(1), 10, 2)).toBe(true);
    expect(withinRate(times(-100900), 10, 1)).toBe(true);
    // The check itself rejects a third message 50 ms after a burst of two at 10 a second.
    expect(withinRate([0, 0, 50], 10, 2)).toBe(false);
  });

  it("stops at the end of its budget and leaves the rest queued", async () => {
    await f.enqueue(Array.from({ length: 20 }, (_, i) => text(100 + i, `m${i}`)));
    const report = await dispatchOnce(f.deps, {
      ...FAST,
      budgetMs: 250,
      limits: { ...FAST.limits, messagesPerSecond: 20 },
    });
    expect(report.sent).toBeGreaterThanOrEqual(1);
    expect(report.sent).toBeLessThan(20);
    const rows = await f.rows();
    expect(rows.filter((r) => r.status === "sending")).toEqual([]);
    expect(rows.filter((r) => r.status === "pending").every((r) => r.attempts === 0)).toBe(true);
    expect(report.nextDueAt).toBeLessThanOrEqual(Date.now() + 1_000);
  });
});

/** Whether send times keep to `perSecond` with bursts of `burst`: n messages span (n - burst) intervals. */
function withinRate(times: number[], perSecond: number, burst: number): boolean {
  for (let i = 0; i < times.length; i++) {
    for (let j = i; j < times.length; j++) {
      if (j - i + 1 > burst + ((times[j]! - times[i]!) * perSecond) / 1000 + 1e-9) return false;
    }
  }
  return true;
}
