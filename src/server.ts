import { type Bot, webhookCallback } from "grammy";
import { Hono } from "hono";
import type { BotContext } from "./bot/context.js";

export interface ServerOptions {
  bot: Bot<BotContext>;
  webhookPath: string;
  webhookSecret: string;
}

/** The HTTP face of the bot on both runtimes: Telegram's webhook and a health check. */
export function createServer({ bot, webhookPath, webhookSecret }: ServerOptions) {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ ok: true }));
  // grammY answers 401 when the X-Telegram-Bot-Api-Secret-Token header is missing or wrong.
  app.post(webhookPath, webhookCallback(bot, "hono", { secretToken: webhookSecret }));
  return app;
}

/** Updates the bot handles; anything else Telegram need not send. */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;
