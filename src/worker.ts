import type { D1Database, ExecutionContext, ScheduledController } from "@cloudflare/workers-types";
import { Api } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { BotDeps } from "./bot/context.js";
import { createBot, WEBHOOK_UPDATE_BUDGET_MS } from "./bot/index.js";
import { type Config, ConfigError, createConfig } from "./config.js";
import { meteredD1, openD1 } from "./db/d1.js";
import { seedMunicipalities } from "./db/seed.js";
import { createKeyedHashes } from "./domain/keyed-hash.js";
import { JOBS_INTERVAL_MS, LEFT_FOR_THE_OUTBOX, runScheduledJobs } from "./jobs/index.js";
import { advanceRounds } from "./jobs/rounds.js";
import { createLogger } from "./logger.js";
import { dispatchOnce } from "./notify/dispatcher.js";
import { fits, meterBotApi, subrequestBudget } from "./notify/subrequests.js";
import { createServer } from "./server.js";

/** Bindings from wrangler.toml (`DB`, vars) and `wrangler secret put` (`BOT_TOKEN`, `WEBHOOK_SECRET`). */
export interface Env {
  DB: D1Database;
  /** The JSON that getMe returns; scripts/set-webhook.ts prints it. */
  BOT_INFO: string;
  [setting: string]: unknown;
}

/** A cron run ends well within Workers' limits, sends in progress included. */
const DISPATCH_BUDGET_MS = 25_000;
/** Subrequests a run may make outside its count: seeding the municipalities on an isolate's start. */
const UNCOUNTED_SUBREQUESTS = 2;
const DEFAULT_WEBHOOK_PATH = "/webhook";

interface Runtime {
  config: Config;
  deps: BotDeps;
  app: ReturnType<typeof createServer>;
  seeded: Promise<unknown>;
}

// Bindings live as long as the isolate, so the bot and its database are built once per isolate.
let runtime: Runtime | undefined;

function runtimeFor(env: Env): Runtime {
  if (runtime) return runtime;
  const config = createConfig(settingsOf(env));
  if (!config.webhookSecret) throw new ConfigError("WEBHOOK_SECRET is required on Workers.");
  if (!config.phoneHashKey)
    throw new ConfigError("PHONE_HASH_KEY is required on Workers (npx wrangler secret put PHONE_HASH_KEY).");
  const hashes = createKeyedHashes(config.phoneHashKey);
  const logger = createLogger(config.logLevel, {
    redact: [config.botToken, config.webhookSecret, config.phoneHashKey],
    hashId: hashes.chat,
  });
  const database = openD1(env.DB);
  const deps: BotDeps = { config, database, logger, hashes, now: Date.now };
  const bot = createBot(deps, {
    botInfo: parseBotInfo(env.BOT_INFO),
    updateBudgetMs: WEBHOOK_UPDATE_BUDGET_MS,
  });
  const webhookPath = config.webhookUrl ? new URL(config.webhookUrl).pathname : DEFAULT_WEBHOOK_PATH;
  const app = createServer({
    bot,
    webhookPath,
    webhookSecret: config.webhookSecret,
    pages: { database, now: Date.now, defaultLocale: config.defaultLocale },
    staff: deps,
  });
  const seeded = seedMunicipalities(database.db).catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  runtime = { config, deps, app, seeded };
  return runtime;
}

/** String settings only: createConfig reads the same names as on Node. */
function settingsOf(env: Env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

function parseBotInfo(json: string | undefined): UserFromGetMe {
  try {
    const info = JSON.parse(json ?? "");
    if (info?.is_bot === true && Number.isInteger(info.id) && typeof info.username === "string") return info;
  } catch {}
  throw new ConfigError("BOT_INFO must be the JSON of getMe (scripts/set-webhook.ts prints it).");
}

function notConfigured(error: unknown): Response {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Yntymak is not configured: ${error.message}`);
  return new Response(`Yntymak is not configured: ${error.message}\n`, { status: 500 });
}

/** Jobs keep Node's period; the outbox and the rounds go every minute, so neither is late. */
function jobsAreDue(scheduledTime: number): boolean {
  return Math.floor(scheduledTime / 60_000) % (JOBS_INTERVAL_MS / 60_000) === 0;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    let current: Runtime;
    try {
      current = runtimeFor(env);
    } catch (error) {
      return notConfigured(error);
    }
    await current.seeded;
    return current.app.fetch(request, env, ctx);
  },

  async scheduled(controller: ScheduledController, env: Env): Promise<void> {
    const { config, deps, seeded } = runtimeFor(env);
    await seeded;
    // Every D1 round trip and Bot API call of this run counts against the plan's limit per
    // invocation: the jobs' first, and the outbox sends with what is left.
    const subrequests = subrequestBudget(config.workerSubrequestBudget - UNCOUNTED_SUBREQUESTS);
    const database = openD1(
      meteredD1(env.DB, () => {
        subrequests.used += 1;
      }),
    );
    const run = { ...deps, database };
    const jobs = jobsAreDue(controller.scheduledTime);
    // Rounds every minute, so that voting opens and closes within a minute of its time.
    if (jobs) await runScheduledJobs(run, Date.now(), subrequests);
    else await advanceRounds(run, Date.now(), (cost) => fits(subrequests, cost, LEFT_FOR_THE_OUTBOX));
    const jobsSubrequests = subrequests.used;
    // The dispatcher paces and retries itself, so it gets an Api without auto-retry.
    const api = new Api(config.botToken, {
      apiRoot: config.telegramApiRoot,
      timeoutSeconds: config.telegramTimeoutSeconds,
    });
    const report = await dispatchOnce(
      { database, api: meterBotApi(api, subrequests), logger: deps.logger },
      { budgetMs: DISPATCH_BUDGET_MS, limits: config.outboxLimits, subrequests },
    );
    deps.logger.info("scheduled run done", {
      cron: controller.cron,
      jobs,
      outbox: report,
      subrequests: { jobs: jobsSubrequests, total: subrequests.used, budget: subrequests.limit },
    });
  },
};
