import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { serve } from "@hono/node-server";
import { Api, GrammyError } from "grammy";
import { publishBotProfile } from "./bot/commands.js";
import { createBot, WEBHOOK_UPDATE_BUDGET_MS } from "./bot/index.js";
import { showWorkspaceToAdmins } from "./bot/staff-menu.js";
import { createChartRenderer } from "./charts/render-png.js";
import { ConfigError, createConfig } from "./config.js";
import { BACKUP_CHECK_MS, backUpDaily } from "./db/backup.js";
import { findUser } from "./db/repo/users.js";
import { seedMunicipalities } from "./db/seed.js";
import { openSqlite } from "./db/sqlite.js";
import { createKeyedHashes } from "./domain/keyed-hash.js";
import { JOBS_INTERVAL_MS, runScheduledJobs } from "./jobs/index.js";
import { startRoundClock } from "./jobs/round-clock.js";
import { loadOrCreateKey } from "./key-file.js";
import { createLogger } from "./logger.js";
import { startDispatcherLoop } from "./notify/dispatcher-loop.js";
import { startDurablePolling } from "./polling.js";
import { ALLOWED_UPDATES, createServer, createWebApp, withCompression } from "./server.js";

function loadConfig() {
  if (existsSync(".env")) process.loadEnvFile(".env");
  try {
    return createConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Cannot start Yntymak: ${error.message}`);
    process.exit(1);
  }
}

const config = loadConfig();
const database = openSqlite(config.databasePath);
const hashes = createKeyedHashes(config.phoneHashKey ?? hashKeyFromFile());
const logger = createLogger(config.logLevel, {
  redact: [config.botToken, config.webhookSecret ?? "", config.phoneHashKey ?? ""],
  hashId: hashes.chat,
});

/** Opened after the database, whose folder it shares; created on the first start. */
function hashKeyFromFile(): string {
  try {
    const { key, created, path } = loadOrCreateKey(config.databasePath);
    if (created) console.log(`Created the hash key ${resolve(path)}: back it up apart from the database.`);
    return key;
  } catch (error) {
    console.error(`Cannot start Yntymak: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
await seedMunicipalities(database.db);
// The dispatcher paces and retries itself, so it gets an Api without auto-retry.
const outboxApi = new Api(config.botToken, {
  apiRoot: config.telegramApiRoot,
  timeoutSeconds: config.telegramTimeoutSeconds,
});
let wakeDispatcher = () => {};
const deps = {
  config,
  database,
  logger,
  hashes,
  now: Date.now,
  onEnqueued: () => wakeDispatcher(),
  renderChart: createChartRenderer(),
};
const pages = { database, now: Date.now, defaultLocale: config.defaultLocale };
const bot = createBot(deps, {
  ...(config.botMode === "webhook" ? { updateBudgetMs: WEBHOOK_UPDATE_BUDGET_MS } : {}),
});

try {
  // Fails at once when the API is unreachable, or after TELEGRAM_TIMEOUT_SECONDS when it is silent.
  await bot.init();
} catch (error) {
  const refused = error instanceof GrammyError && error.error_code === 401;
  console.error(
    refused
      ? "Cannot start Yntymak: Telegram refused BOT_TOKEN; copy the token again from @BotFather."
      : `Cannot start Yntymak: the Telegram Bot API is unreachable (${error instanceof Error ? error.message : error}).`,
  );
  process.exit(1);
}
await publishBotProfile(bot.api, config.defaultLocale, logger);
await showWorkspaceToAdmins(deps, bot.api, async (id) => (await findUser(database.db, id))?.locale);

const dispatcher = startDispatcherLoop({ database, api: outboxApi, logger }, { limits: config.outboxLimits });
wakeDispatcher = () => dispatcher.wake();

const jobs = setInterval(() => void runScheduledJobs(deps, Date.now()), JOBS_INTERVAL_MS);
void runScheduledJobs(deps, Date.now());
const roundClock = startRoundClock(deps, Date.now);

let backups: NodeJS.Timeout | undefined;
if (config.backupDir) {
  const storage = { ...config, backupDir: config.backupDir };
  const backUp = () => void backUpDaily(storage, logger, Date.now());
  backups = setInterval(backUp, BACKUP_CHECK_MS);
  backUp();
}

let stopReceiving: () => Promise<void>;
if (config.botMode === "webhook") {
  const webhookUrl = new URL(config.webhookUrl!);
  const app = createServer({
    bot,
    webhookPath: webhookUrl.pathname,
    webhookSecret: config.webhookSecret!,
    pages,
    staff: deps,
  });
  const server = serve({ fetch: withCompression(app).fetch, port: config.port! });
  await bot.api.setWebhook(webhookUrl.href, {
    secret_token: config.webhookSecret,
    allowed_updates: [...ALLOWED_UPDATES],
  });
  stopReceiving = () => new Promise((done) => server.close(() => done()));
} else {
  await bot.api.deleteWebhook();
  const polling = await startDurablePolling(bot, deps);
  const server = config.port
    ? serve({ fetch: withCompression(createWebApp(pages, deps)).fetch, port: config.port })
    : undefined;
  stopReceiving = async () => {
    await polling.stop();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  };
}

console.log(
  `Yntymak is running as @${bot.botInfo.username} (${receiving()}), database ${resolve(config.databasePath)}`,
);

function receiving() {
  if (config.botMode === "webhook") return `webhook and pages on port ${config.port}`;
  return config.port ? `long polling, pages on port ${config.port}` : "long polling";
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info("stopping", { signal });
  clearInterval(jobs);
  roundClock.stop();
  clearInterval(backups);
  await stopReceiving();
  await dispatcher.stop();
  database.close();
  console.log("Yntymak stopped.");
  process.exit(0);
}
process.once("SIGINT", () => void stop("SIGINT"));
process.once("SIGTERM", () => void stop("SIGTERM"));
