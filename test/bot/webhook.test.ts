import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { describe, expect, it } from "vitest";
import { users } from "../../src/db/schema.js";
import { createServer, WEBHOOK_BODY_LIMIT } from "../../src/server.js";
import { createHarness } from "../support/harness.js";
import { person, text } from "../support/updates.js";

const SECRET = "webhook-secret-for-tests-0001";

async function serverWithBot() {
  const h = await createHarness();
  const app = createServer({ bot: h.bot, webhookPath: "/telegram/hook", webhookSecret: SECRET });
  const postRaw = (body: string, secret?: string, headers: Record<string, string> = {}) =>
    app.request("/telegram/hook", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}),
        ...headers,
      },
      body,
    });
  const post = (body: unknown, secret?: string) => postRaw(JSON.stringify(body), secret);
  return { h, app, post, postRaw };
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

  /** A real /start update, padded past the limit: the bot would answer it if it got through. */
  const hugeUpdate = () =>
    JSON.stringify(text(person(8103, "en"), `/start ${"x".repeat(WEBHOOK_BODY_LIMIT)}`));

  it("refuses a body above 1 MB with 413, whether or not its length is announced, and does nothing", async () => {
    const { h, post, postRaw } = await serverWithBot();
    const body = hugeUpdate();
    expect((await postRaw(body, SECRET)).status).toBe(413);
    expect((await postRaw(body, SECRET, { "content-length": String(Buffer.byteLength(body)) })).status).toBe(
      413,
    );
    expect(h.take()).toEqual([]);
    expect(await h.db.select().from(users)).toEqual([]);
    // The bot is unharmed: the next normal update is handled.
    expect((await post(text(person(8104, "en"), "/start"), SECRET)).status).toBe(200);
    expect(h.take().map((c) => c.method)).toEqual(["sendMessage"]);
  });

  it("refuses malformed JSON, or JSON that is not an update, with 400 and does nothing", async () => {
    const { h, postRaw } = await serverWithBot();
    for (const body of ['{"update_id": 1, "message": {', "", "[]", "null", '{"message": {}}']) {
      expect((await postRaw(body, SECRET)).status, body).toBe(400);
    }
    expect(h.take()).toEqual([]);
    expect(await h.db.select().from(users)).toEqual([]);
  });

  it("does the same behind Node's HTTP server, as `npm start` runs it", async () => {
    const { h, app } = await serverWithBot();
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((listening) => server.once("listening", listening));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await postOverHttp(port, hugeUpdate())).toBe(413);
      expect(await postOverHttp(port, "{broken")).toBe(400);
      expect(h.take()).toEqual([]);
      expect(await postOverHttp(port, JSON.stringify(text(person(8105, "en"), "/start")))).toBe(200);
      expect(h.take().map((c) => c.method)).toEqual(["sendMessage"]);
    } finally {
      await new Promise((closed) => server.close(closed));
    }
  });

  it("checks the secret before the size: a big body without the secret gets 401", async () => {
    const { h, postRaw } = await serverWithBot();
    expect((await postRaw(hugeUpdate())).status).toBe(401);
    expect((await postRaw("{not json")).status).toBe(401);
    expect(h.take()).toEqual([]);
  });

  it("answers the health check", async () => {
    const { app } = await serverWithBot();
    const response = await app.request("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

/**
 * The status of a webhook POST over a real connection. Node's client, unlike fetch, reads an answer
 * that comes while the body is still being sent, as the server does for a body it will not read;
 * the connection closed under the rest of the body is then expected.
 */
function postOverHttp(port: number, body: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        // A fresh connection each time: the server closes one whose body it would not read.
        agent: false,
        path: "/telegram/hook",
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
