import { Api, GrammyError, HttpError } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeBotApi, faults, startFakeBotApi } from "../support/fake-bot-api.js";

const TOKEN = "123456:TEST-token-for-the-fake-bot-api-000";
let fake: FakeBotApi;
let api: Api;
beforeEach(async () => {
  fake = await startFakeBotApi({ token: TOKEN });
  api = new Api(TOKEN, { apiRoot: fake.url });
});
afterEach(() => fake.close());

async function rawCall(method: string, body: unknown, token = TOKEN) {
  const response = await fetch(`${fake.url}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe("fake Bot API", () => {
  it("answers like Telegram and records every call", async () => {
    expect(await api.getMe()).toMatchObject({ id: 123456, is_bot: true, username: "yntymak_test_bot" });
    const first = await api.sendMessage(42, "<b>Hi</b> &amp; welcome", { parse_mode: "HTML" });
    const second = await api.sendMessage(42, "Again");
    const group = await api.sendMessage(-100777, "Team");
    expect(first).toMatchObject({ message_id: 1, chat: { id: 42, type: "private" }, text: "Hi & welcome" });
    expect(first.date).toBeCloseTo(Date.now() / 1000, -1);
    expect(second.message_id).toBe(2);
    expect(group).toMatchObject({ message_id: 1, chat: { id: -100777, type: "supergroup" } });
    expect(fake.calls.map((c) => c.method)).toEqual(["getMe", "sendMessage", "sendMessage", "sendMessage"]);
    expect(fake.calls[1]).toMatchObject({ params: { chat_id: 42, parse_mode: "HTML" }, outcome: "ok" });
  });

  it("uses Telegram's JSON for errors, and 401 for a wrong token", async () => {
    fake.failNext(1, faults.tooManyRequests(3));
    expect(await rawCall("sendMessage", { chat_id: 1, text: "x" })).toEqual({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 3",
        parameters: { retry_after: 3 },
      },
    });
    expect((await rawCall("getMe", {}, "654321:WRONG")).body).toEqual({
      ok: false,
      error_code: 401,
      description: "Unauthorized",
    });
    expect((await rawCall("noSuchMethod", {})).status).toBe(404);
  });

  it("answers other bot set-up and editing methods", async () => {
    await expect(api.setMyCommands([{ command: "start", description: "Start" }])).resolves.toBe(true);
    await expect(api.setMyDescription("d")).resolves.toBe(true);
    await expect(api.setMyShortDescription("s")).resolves.toBe(true);
    await expect(api.answerCallbackQuery("cb-1")).resolves.toBe(true);
    await expect(api.setWebhook("https://example.org/hook")).resolves.toBe(true);
    await expect(api.deleteWebhook()).resolves.toBe(true);
    const edited = await api.editMessageText(42, 7, "Edited");
    expect(edited).toMatchObject({ message_id: 7, text: "Edited", chat: { id: 42 } });
    await expect(
      api.editMessageReplyMarkup(42, 7, { reply_markup: { inline_keyboard: [] } }),
    ).resolves.toMatchObject({
      message_id: 7,
    });
    const photo = await api.sendPhoto(42, "file-1", { caption: "c" });
    expect(photo).toMatchObject({ caption: "c", photo: [{ file_id: "file-1" }] });
  });

  it("injects faults per chat and for the next calls", async () => {
    fake.failChat(7, faults.blocked(), { times: 1 });
    fake.failNext(1, faults.serverError(), { methods: ["sendVoice"] });
    await expect(api.sendMessage(7, "x")).rejects.toMatchObject({ error_code: 403 });
    await expect(api.sendMessage(7, "x")).resolves.toBeDefined();
    await expect(api.sendMessage(8, "x")).resolves.toBeDefined();
    await expect(api.sendVoice(8, "v")).rejects.toBeInstanceOf(GrammyError);
    fake.failNext(1, faults.dropConnection());
    await expect(api.sendMessage(8, "x")).rejects.toBeInstanceOf(HttpError);
    expect(fake.calls.map((c) => c.outcome)).toEqual([403, "ok", "ok", 500, "dropped"]);
  });

  it("serves queued updates to getUpdates, honouring the offset", async () => {
    fake.pushUpdate({
      message: {
        message_id: 1,
        date: 0,
        chat: { id: 1, type: "private", first_name: "A" },
        from: { id: 1, is_bot: false, first_name: "A" },
        text: "a",
      },
    });
    fake.pushUpdate({
      message: {
        message_id: 2,
        date: 0,
        chat: { id: 1, type: "private", first_name: "A" },
        from: { id: 1, is_bot: false, first_name: "A" },
        text: "b",
      },
    });
    expect((await api.getUpdates({ timeout: 0 })).map((u) => u.update_id)).toEqual([1, 2]);
    expect((await api.getUpdates({ offset: 2, timeout: 0 })).map((u) => u.update_id)).toEqual([2]);
    expect(await api.getUpdates({ offset: 3, timeout: 0 })).toEqual([]);
  });

  it("holds getUpdates until an update arrives or the timeout ends", async () => {
    const started = Date.now();
    const polling = api.getUpdates({ offset: 1, timeout: 10 });
    setTimeout(
      () =>
        fake.pushUpdate({
          callback_query: { id: "q", chat_instance: "c", from: { id: 1, is_bot: false, first_name: "A" } },
        }),
      100,
    );
    const updates = await polling;
    expect(updates.map((u) => u.callback_query?.id)).toEqual(["q"]);
    expect(Date.now() - started).toBeLessThan(2_000);

    const quiet = Date.now();
    expect(await api.getUpdates({ offset: 2, timeout: 1 })).toEqual([]);
    expect(Date.now() - quiet).toBeGreaterThanOrEqual(900);
  });

  it("enforces Telegram's limits when asked: a private chat gets a short burst, then 429", async () => {
    // A slow refill keeps the outcome the same however slowly the machine runs.
    fake.enforceLimits({ privateChatPerSecond: 0.1, privateChatBurst: 3 });
    for (let i = 0; i < 3; i++) await api.sendMessage(5, `m${i}`);
    const refused = await api.sendMessage(5, "too many").catch((error: GrammyError) => error);
    expect(refused).toMatchObject({
      error_code: 429,
      description: expect.stringMatching(/^Too Many Requests/),
    });
    expect((refused as GrammyError).parameters.retry_after).toBeGreaterThanOrEqual(1);
    await expect(api.sendMessage(6, "another chat")).resolves.toBeDefined();
  });

  it("enforces the per-group and the overall rate", async () => {
    fake.enforceLimits({
      groupChatPerMinute: 1,
      groupChatBurst: 20,
      messagesPerSecond: 1_000,
      overallBurst: 100,
    });
    for (let i = 0; i < 20; i++) await api.sendMessage(-100321, `g${i}`);
    await expect(api.sendMessage(-100321, "one more")).rejects.toMatchObject({ error_code: 429 });

    fake.enforceLimits({ messagesPerSecond: 0.1, overallBurst: 5 });
    const answers = [];
    for (let i = 0; i < 7; i++)
      answers.push(
        await api.sendMessage(1_000 + i, "x").then(
          () => "ok",
          (e: GrammyError) => e.error_code,
        ),
      );
    expect(answers).toEqual(["ok", "ok", "ok", "ok", "ok", 429, 429]);
  });
});
