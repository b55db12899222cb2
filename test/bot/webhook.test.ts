import { describe, expect, it } from "vitest";
import { users } from "../../src/db/schema.js";
import { createServer } from "../../src/server.js";
import { createHarness } from "../support/harness.js";
import { person, text } from "../support/updates.js";

const SECRET = "webhook-secret-for-tests-0001";

async function serverWithBot() {
  const h = await createHarness();
  const app = createServer({ bot: h.bot, webhookPath: "/telegram/hook", webhookSecret: SECRET });
  const post = (body: unknown, secret?: string) =>
    app.request("/telegram/hook", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}),
      },
      body: JSON.stringify(body),
    });
  return { h, app, post };
}

describe("webhook server", () => {
  it("handles an update that carries the secret token", async () => {
    const { h, post } = await serverWithBot();
    const response = await post(text(person(8101, "en"), "/start"), SECRET);
    expect(response.status).toBe(200);
    expect(h.take().map((c) => c.method)).toEqual(["sendMessage"]);
  });

  it("refuses a missing or wrong secret with 401 and does nothing", async () => {
    const { h, post } = await serverWithBot();
    expect((await post(text(person(8102, "en"), "/start"))).status).toBe(401);
    expect((await post(text(person(8102, "en"), "/start"), "wrong-secret-wrong-secret")).status).toBe(401);
    expect(h.take()).toEqual([]);
    expect(await h.db.select().from(users)).toEqual([]);
  });

  it("answers the health check", async () => {
    const { app } = await serverWithBot();
    const response = await app.request("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});
