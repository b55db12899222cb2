import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { Update } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { WEBHOOK_TIMEOUT_MS } from "../../src/bot/index.js";
import { type FakeBotApi, faults, startFakeBotApi } from "../support/fake-bot-api.js";
import { TOKEN } from "../support/harness.js";
import { npmStart, type RunningProgram } from "../support/program.js";
import { person, text } from "../support/updates.js";

const SECRET = "webhook-trouble-secret-0001";
const OUTAGE_MS = 15_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let api: FakeBotApi | undefined;
let running: RunningProgram | undefined;
afterEach(async () => {
  await running?.kill();
  await api?.close();
});

describe("webhook mode of npm start when Telegram fails for one chat", () => {
  it("answers within the webhook's deadline, apologises through the outbox, and never locks the chat", async () => {
    api = await startFakeBotApi({ token: TOKEN });
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const databasePath = join(mkdtempSync(join(tmpdir(), "yntymak-webhook-")), "bot.sqlite");
    running = await npmStart({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.url,
      DATABASE_PATH: databasePath,
      BOT_MODE: "webhook",
      WEBHOOK_URL: "https://bot.example.kg/telegram",
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      LOG_LEVEL: "error",
    });
    const post = async (update: Update) => {
      const started = Date.now();
      const response = await fetch(`http://127.0.0.1:${port}/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
        body: JSON.stringify(update),
      });
      return { status: response.status, ms: Date.now() - started };
    };
    const troubled = person(9901, "en");
    const others = [person(9902, "ru"), person(9903, "ky")];
    const answeredTo = (chatId: number) =>
      api!.sentMessages().filter((call) => String(call.params.chat_id) === String(chatId));

    // Telegram answers 502 for this one chat for 15 seconds: auto-retry alone would back off 3 + 6
    // + 12 seconds, past the webhook's deadline.
    const recover = api.failWhen(
      (_method, params) => String(params.chat_id) === String(troubled.id),
      faults.serverError(),
    );
    const outageEnds = Date.now() + OUTAGE_MS;
    const [first, ...othersFirst] = await Promise.all([
      post(text(troubled, "/myid")),
      ...others.map(async (who) => {
        await sleep(500);
        return post(text(who, "/myid"));
      }),
    ]);
    expect(first.status).toBe(200);
    expect(first.ms).toBeLessThan(WEBHOOK_TIMEOUT_MS);
    // The others were answered at once, while the troubled chat's calls were still being retried.
    for (const [i, answer] of othersFirst.entries()) {
      expect(answer.status).toBe(200);
      expect(answer.ms).toBeLessThan(first.ms);
      expect(answeredTo(others[i]!.id)).toHaveLength(1);
    }

    // The update that could not be answered has its apology waiting in the outbox.
    const db = new BetterSqlite3(databasePath, { readonly: true });
    const apologies = () =>
      db
        .prepare("select count(*) from outbox where chat_id = ? and dedupe_key like 'telegram-trouble:%'")
        .pluck()
        .get(troubled.id);
    expect(apologies()).toBe(1);

    await sleep(Math.max(0, outageEnds - Date.now()));
    recover();
    const again = await post(text(troubled, "/help"));
    expect(again.status).toBe(200);
    // Nothing held the chat: no wait for an abandoned request, no 10-second timeout.
    expect(again.ms).toBeLessThan(2_000);
    await api.waitForCalls(
      (call) => String(call.params.chat_id) === String(troubled.id) && call.outcome === "ok",
      { count: 2, timeoutMs: 30_000 },
    );
    db.close();
    console.log(
      `webhook trouble: troubled chat answered in ${first.ms} ms (deadline ${WEBHOOK_TIMEOUT_MS}), others in ${othersFirst.map((a) => a.ms).join("/")} ms, after recovery in ${again.ms} ms`,
    );
  }, 90_000);
});
