import { type Bot, webhookCallback } from "grammy";
import { Hono } from "hono";
import type { BotContext } from "./bot/context.js";
import { type PublicPagesOptions, publicPages } from "./web/public-pages.js";

export interface ServerOptions {
  bot: Bot<BotContext>;
  webhookPath: string;
  webhookSecret: string;
  /** The public results pages (`/m/<slug>`); left out, the server serves the webhook only. */
  pages?: PublicPagesOptions;
}

/** The HTTP face of the bot on both runtimes: Telegram's webhook, a health check, the public pages. */
export function createServer({ bot, webhookPath, webhookSecret, pages }: ServerOptions) {
  const app = createWebApp(pages);
  // grammY answers 401 when the X-Telegram-Bot-Api-Secret-Token header is missing or wrong.
  app.post(webhookPath, webhookCallback(bot, "hono", { secretToken: webhookSecret }));
  return app;
}

/** Without the webhook: what a bot on long polling still serves over HTTP. */
export function createWebApp(pages?: PublicPagesOptions) {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ ok: true }));
  if (pages) app.route("/", publicPages(pages));
  return app;
}

/** Updates the bot handles; anything else Telegram need not send. */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;
