/**
 * Points Telegram at the deployed Worker and prints what BOT_INFO must hold.
 *
 *   BOT_TOKEN=... WEBHOOK_SECRET=... npx tsx scripts/set-webhook.ts https://yntymak.<account>.workers.dev
 *
 * The address may include the path; without one, `/webhook` is used (the Worker's default).
 */
import { Api } from "grammy";
import { publishBotProfile } from "../src/bot/commands.js";
import { showWorkspaceToAdmins } from "../src/bot/staff-menu.js";
import { ConfigError, createConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { ALLOWED_UPDATES } from "../src/server.js";

const [address] = process.argv.slice(2);
if (!address) {
  console.error("Usage: npx tsx scripts/set-webhook.ts <https address of the worker>");
  process.exit(1);
}
const url = new URL(address);
if (url.pathname === "/") url.pathname = "/webhook";

let config: ReturnType<typeof createConfig>;
try {
  config = createConfig({ ...process.env, BOT_MODE: "webhook", WEBHOOK_URL: url.href });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Cannot set the webhook: ${error.message}`);
  process.exit(1);
}

const api = new Api(config.botToken, { apiRoot: config.telegramApiRoot });
const me = await api.getMe();
await api.setWebhook(url.href, {
  secret_token: config.webhookSecret,
  allowed_updates: [...ALLOWED_UPDATES],
});
// On Node `npm start` publishes the commands; a Worker never starts, so it is done here.
const logger = createLogger("warn", { redact: [config.botToken] });
await publishBotProfile(api, config.defaultLocale, logger);
// The admins' menu button, in the default language: the script does not reach the Worker's D1.
await showWorkspaceToAdmins({ config, logger }, api);

console.error(`Telegram now posts updates for @${me.username} to ${url.href}.`);
console.error("Put this line into BOT_INFO (wrangler.toml [vars]) and deploy again:");
console.log(JSON.stringify(me));
