import { z } from "zod";
import { MIN_KEY_LENGTH } from "./domain/keyed-hash.js";
import { isLocale, LOCALES } from "./i18n/locales.js";

/** A configuration problem, told in one sentence that names the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const telegramId = z.coerce
  .number()
  .int()
  .refine((n) => n !== 0);
const positive = (max: number) =>
  z.coerce
    .number({ error: `must be a number from 0.1 to ${max}` })
    .min(0.1, `must be a number from 0.1 to ${max}`)
    .max(max, `must be a number from 0.1 to ${max}`);

const perDay = (fallback: number) =>
  z.coerce
    .number({ error: "must be a whole number from 1 to 1000" })
    .int("must be a whole number from 1 to 1000")
    .min(1, "must be a whole number from 1 to 1000")
    .max(1000, "must be a whole number from 1 to 1000")
    .default(fallback);

/** Where the data lives and how it is backed up: all that `npm run backup` needs. */
const storageFields = {
  DATABASE_PATH: z.string().min(1).default("data/yntymak.sqlite"),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUPS_KEPT: z.coerce
    .number({ error: "must be a whole number from 1 to 1000" })
    .int("must be a whole number from 1 to 1000")
    .min(1, "must be a whole number from 1 to 1000")
    .max(1000, "must be a whole number from 1 to 1000")
    .default(7),
};

const schema = z
  .object({
    ...storageFields,
    BOT_TOKEN: z
      .string({ error: "is required (get one from @BotFather)" })
      .regex(
        /^\d+:[\w-]{30,}$/,
        "does not look like a token from @BotFather (digits, a colon, then letters)",
      ),
    BOT_MODE: z.enum(["polling", "webhook"], { error: 'must be "polling" or "webhook"' }).default("polling"),
    WEBHOOK_URL: z.url({ protocol: /^https$/, error: "must be an https:// address" }).optional(),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[\w-]{16,256}$/, "must be 16 to 256 letters, digits, _ or -")
      .optional(),
    /** The staff workspace's public address; unset, it is WEBHOOK_URL's origin + /app. */
    MINI_APP_URL: z.url({ protocol: /^https$/, error: "must be an https:// address" }).optional(),
    MINI_APP_MAX_AGE_SECONDS: z.coerce
      .number({ error: "must be a whole number of seconds from 60 to 86400" })
      .int("must be a whole number of seconds from 60 to 86400")
      .min(60, "must be a whole number of seconds from 60 to 86400")
      .max(86_400, "must be a whole number of seconds from 60 to 86400")
      .default(3600),
    PORT: z.coerce.number({ error: "must be a port number" }).int().min(1).max(65535).optional(),
    TELEGRAM_API_ROOT: z.url({ error: "must be an http(s):// address" }).optional(),
    TELEGRAM_TIMEOUT_SECONDS: z.coerce
      .number({ error: "must be a number of seconds from 1 to 500" })
      .min(1, "must be a number of seconds from 1 to 500")
      .max(500, "must be a number of seconds from 1 to 500")
      .default(30),
    ADMIN_IDS: z
      .string()
      .default("")
      .transform((value, ctx) => {
        const parts = value
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean);
        const ids = parts.map((p) => telegramId.safeParse(p));
        if (ids.some((r) => !r.success)) {
          ctx.addIssue({ code: "custom", message: "must be Telegram user ids separated by commas" });
          return z.NEVER;
        }
        return ids.map((r) => r.data as number);
      }),
    DEFAULT_LOCALE: z
      .string()
      .refine(isLocale, { error: () => `must be one of ${LOCALES.join(", ")} (the files in locales/)` })
      .default("ky"),
    MODERATION_CHAT_ID: telegramId.optional(),
    OUTBOX_MESSAGES_PER_SECOND: positive(30).default(25),
    OUTBOX_PRIVATE_CHAT_PER_SECOND: positive(30).default(1),
    OUTBOX_GROUP_CHAT_PER_MINUTE: positive(60).default(20),
    // Cloudflare's limit per invocation: 50 on the Free plan, 1,000 D1 queries on the Paid plan.
    WORKER_SUBREQUEST_BUDGET: z.coerce
      .number({ error: "must be a whole number from 10 to 10000" })
      .int("must be a whole number from 10 to 10000")
      .min(10, "must be a whole number from 10 to 10000")
      .max(10_000, "must be a whole number from 10 to 10000")
      .default(50),
    PHONE_HASH_KEY: z
      .string()
      .min(
        MIN_KEY_LENGTH,
        `must be at least ${MIN_KEY_LENGTH} characters (for example: openssl rand -hex 32)`,
      )
      .optional(),
    OPERATOR_NAME: z.string().max(200, "must be at most 200 characters").optional(),
    REPORTS_PER_DAY: perDay(5),
    INITIATIVES_PER_DAY: perDay(3),
    PAPER_VOTES_MAX: z.coerce
      .number({ error: "must be a whole number from 1 to 10000000" })
      .int("must be a whole number from 1 to 10000000")
      .min(1, "must be a whole number from 1 to 10000000")
      .max(10_000_000, "must be a whole number from 1 to 10000000")
      .default(10_000),
    LOG_LEVEL: z
      .enum(["debug", "info", "warn", "error", "silent"], {
        error: "must be debug, info, warn, error or silent",
      })
      .default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.BOT_MODE !== "webhook") return;
    if (!env.WEBHOOK_URL)
      ctx.addIssue({
        code: "custom",
        path: ["WEBHOOK_URL"],
        message: "is required when BOT_MODE is webhook",
      });
    if (!env.WEBHOOK_SECRET)
      ctx.addIssue({
        code: "custom",
        path: ["WEBHOOK_SECRET"],
        message: "is required when BOT_MODE is webhook",
      });
  });

const DEFAULT_WEBHOOK_PORT = 8080;

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.output<typeof schema>) {
  return {
    botToken: env.BOT_TOKEN,
    botMode: env.BOT_MODE,
    webhookUrl: env.WEBHOOK_URL,
    webhookSecret: env.WEBHOOK_SECRET,
    /** Webhook mode always serves HTTP; long polling only when a port is given. */
    port: env.PORT ?? (env.BOT_MODE === "webhook" ? DEFAULT_WEBHOOK_PORT : undefined),
    telegramApiRoot: env.TELEGRAM_API_ROOT,
    /** Where staff open their workspace (a web_app button); none without an https address. */
    miniAppUrl: env.MINI_APP_URL ?? (env.WEBHOOK_URL ? `${new URL(env.WEBHOOK_URL).origin}/app` : undefined),
    /** Init data older than this is refused: a link someone copied stops working. */
    miniAppMaxAgeSeconds: env.MINI_APP_MAX_AGE_SECONDS,
    /** How long one Bot API request may take, beyond the wait a long poll asks for. */
    telegramTimeoutSeconds: env.TELEGRAM_TIMEOUT_SECONDS,
    ...toStorageConfig(env),
    adminIds: env.ADMIN_IDS,
    defaultLocale: env.DEFAULT_LOCALE,
    moderationChatId: env.MODERATION_CHAT_ID,
    logLevel: env.LOG_LEVEL,
    /** Keys the hashes of phones, blocked accounts and logged ids; on Node a key file supplies it when unset. */
    phoneHashKey: env.PHONE_HASH_KEY,
    /** Who runs this installation, named in the privacy notice. */
    operatorName: env.OPERATOR_NAME,
    /** Submissions one person may send in 24 hours. */
    dailyCaps: { reports: env.REPORTS_PER_DAY, initiatives: env.INITIATIVES_PER_DAY },
    /** Paper votes for one initiative above this are refused where the municipality's residents are unknown. */
    paperVotesMax: env.PAPER_VOTES_MAX,
    outboxLimits: {
      messagesPerSecond: env.OUTBOX_MESSAGES_PER_SECOND,
      privateChatPerSecond: env.OUTBOX_PRIVATE_CHAT_PER_SECOND,
      groupChatPerMinute: env.OUTBOX_GROUP_CHAT_PER_MINUTE,
    },
    /** On Workers: Bot API calls and D1 round trips one cron run may make. */
    workerSubrequestBudget: env.WORKER_SUBREQUEST_BUDGET,
  };
}

export type StorageConfig = ReturnType<typeof toStorageConfig>;

function toStorageConfig(env: z.output<z.ZodObject<typeof storageFields>>) {
  return {
    databasePath: env.DATABASE_PATH,
    /** Where `npm start` writes a daily backup of the database, and `npm run backup` one now. */
    backupDir: env.BACKUP_DIR,
    backupsKept: env.BACKUPS_KEPT,
  };
}

/**
 * Validates settings once. Empty strings count as unset, as they do in most `.env` files.
 * Runtime-free: the caller passes `process.env` on Node or the bindings on Workers.
 */
export function createConfig(input: Record<string, unknown>): Config {
  return toConfig(parse(schema, input));
}

/** The storage settings alone, for tools that run beside the bot without its token. */
export function createStorageConfig(input: Record<string, unknown>): StorageConfig {
  return toStorageConfig(parse(z.object(storageFields), input));
}

function parse<T extends z.ZodType>(settings: T, input: Record<string, unknown>): z.output<T> {
  const present = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== "" && v !== undefined));
  const result = settings.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? "configuration");
    // Never echo the received value: it may be the token.
    throw new ConfigError(`${name} ${issue.message.replace(/^Invalid input: /, "")}.`);
  }
  return result.data;
}
