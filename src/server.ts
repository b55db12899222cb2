import { type Bot, webhookCallback } from "grammy";
import { type Context, Hono, type Next } from "hono";
import { bodyLimit } from "hono/body-limit";
import { compress } from "hono/compress";
import type { BotContext, BotDeps } from "./bot/context.js";
import { WEBHOOK_TIMEOUT_MS } from "./bot/index.js";
import { initiativeActions } from "./bot/initiatives/notices.js";
import { reportActions } from "./bot/reports/notices.js";
import { staffApp } from "./web/app/routes.js";
import { type PublicPagesOptions, publicPages } from "./web/public-pages.js";

export interface ServerOptions {
  bot: Bot<BotContext>;
  webhookPath: string;
  webhookSecret: string;
  /** The public results pages (`/m/<slug>`); left out, the server serves the webhook only. */
  pages?: PublicPagesOptions;
  /** The staff workspace (Mini App) at `/app`, acting with the bot's own dependencies. */
  staff?: BotDeps;
}

/** The HTTP face of the bot on both runtimes: Telegram's webhook, a health check, the public pages. */
export function createServer({ bot, webhookPath, webhookSecret, pages, staff }: ServerOptions) {
  const app = createWebApp(pages, staff);
  // The secret first, so that a stranger's request costs no reading at all; then the size and
  // the JSON, so that neither a huge nor a broken body reaches the bot.
  app.post(
    webhookPath,
    requireSecret(webhookSecret),
    bodyLimit({ maxSize: WEBHOOK_BODY_LIMIT, onError: (c) => c.text("Payload Too Large", 413) }),
    requireUpdate,
    webhookCallback(bot, "hono", { secretToken: webhookSecret, timeoutMilliseconds: WEBHOOK_TIMEOUT_MS }),
  );
  return app;
}

/** An update is a few kilobytes; Telegram's own file size limits keep media out of it. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;
const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/** 401 unless the request carries the secret given to setWebhook. */
function requireSecret(secret: string) {
  return async (c: Context, next: Next) => {
    if (c.req.header(SECRET_HEADER) !== secret) return c.text("Unauthorized", 401);
    await next();
  };
}

/** 400 for a body that is not a JSON object with an update_id; Hono keeps the text for grammY. */
async function requireUpdate(c: Context, next: Next) {
  let update: unknown;
  try {
    update = await c.req.json();
  } catch {
    return c.text("Bad Request", 400);
  }
  const isUpdate =
    typeof update === "object" &&
    update !== null &&
    typeof (update as { update_id?: unknown }).update_id === "number";
  if (!isUpdate) return c.text("Bad Request", 400);
  await next();
}

/** Without the webhook: what a bot on long polling still serves over HTTP. */
export function createWebApp(pages?: PublicPagesOptions, staff?: BotDeps) {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ ok: true }));
  if (pages) app.route("/", publicPages(pages));
  if (staff) app.route("/app", staffAppOf(staff));
  return app;
}

/** The Mini App with the bot's settings, and its actions with the bot's notices. */
function staffAppOf(deps: BotDeps) {
  const { config } = deps;
  return staffApp({
    database: deps.database,
    now: deps.now,
    botToken: config.botToken,
    adminIds: config.adminIds,
    defaultLocale: config.defaultLocale,
    maxAgeSeconds: config.miniAppMaxAgeSeconds,
    paperVotesMax: config.paperVotesMax,
    actions: reportActions(deps),
    initiatives: initiativeActions(deps),
  });
}

/**
 * Pages gzipped, for Node: Cloudflare compresses a Worker's responses itself, and a body the
 * Worker compressed as well would be compressed twice.
 */
export function withCompression(app: Hono) {
  return new Hono().use(compress()).route("/", app);
}

/** Updates the bot handles; anything else Telegram need not send. */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;
