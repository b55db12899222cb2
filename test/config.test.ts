import { describe, expect, it } from "vitest";
import { ConfigError, createConfig, createStorageConfig } from "../src/config.js";

const TOKEN = "123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ";

function errorOf(env: Record<string, string>): string {
  try {
    createConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a configuration error");
}

describe("configuration", () => {
  it("applies the documented defaults", () => {
    expect(createConfig({ BOT_TOKEN: TOKEN })).toEqual({
      botToken: TOKEN,
      botMode: "polling",
      webhookUrl: undefined,
      webhookSecret: undefined,
      port: undefined,
      telegramApiRoot: undefined,
      telegramTimeoutSeconds: 30,
      databasePath: "data/yntymak.sqlite",
      backupDir: undefined,
      backupsKept: 7,
      adminIds: [],
      defaultLocale: "ky",
      miniAppMaxAgeSeconds: 3600,
      miniAppUrl: undefined,
      moderationChatId: undefined,
      logLevel: "info",
      phoneHashKey: undefined,
      operatorName: undefined,
      dailyCaps: { reports: 5, initiatives: 3 },
      paperVotesMax: 10_000,
      outboxLimits: { messagesPerSecond: 25, privateChatPerSecond: 1, groupChatPerMinute: 20 },
      workerSubrequestBudget: 50,
    });
  });

  it("parses every setting", () => {
    const config = createConfig({
      BOT_TOKEN: TOKEN,
      BOT_MODE: "webhook",
      WEBHOOK_URL: "https://bot.example.kg/telegram",
      WEBHOOK_SECRET: "a-very-long-secret-value",
      PORT: "3000",
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081",
      DATABASE_PATH: "/var/lib/yntymak/db.sqlite",
      ADMIN_IDS: "111, 222",
      DEFAULT_LOCALE: "ru",
      MODERATION_CHAT_ID: "-1001234567890",
      LOG_LEVEL: "debug",
    });
    expect(config).toMatchObject({
      botMode: "webhook",
      port: 3000,
      adminIds: [111, 222],
      moderationChatId: -1001234567890,
      // The staff workspace lives beside the webhook unless MINI_APP_URL says otherwise.
      miniAppUrl: "https://bot.example.kg/app",
    });
    const own = {
      BOT_TOKEN: TOKEN,
      MINI_APP_URL: "https://staff.example.kg/app",
      MINI_APP_MAX_AGE_SECONDS: "600",
    };
    expect(createConfig(own)).toMatchObject({
      miniAppUrl: "https://staff.example.kg/app",
      miniAppMaxAgeSeconds: 600,
    });
    expect(() => createConfig({ BOT_TOKEN: TOKEN, MINI_APP_URL: "http://staff.example.kg/app" })).toThrow(
      "MINI_APP_URL must be an https:// address.",
    );
  });

  it.each([
    [{}, "BOT_TOKEN is required (get one from @BotFather)."],
    [{ BOT_TOKEN: "" }, "BOT_TOKEN is required (get one from @BotFather)."],
    [
      { BOT_TOKEN: "nonsense" },
      "BOT_TOKEN does not look like a token from @BotFather (digits, a colon, then letters).",
    ],
    [{ BOT_TOKEN: TOKEN, BOT_MODE: "hook" }, 'BOT_MODE must be "polling" or "webhook".'],
    [{ BOT_TOKEN: TOKEN, BOT_MODE: "webhook" }, "WEBHOOK_URL is required when BOT_MODE is webhook."],
    [
      { BOT_TOKEN: TOKEN, BOT_MODE: "webhook", WEBHOOK_URL: "https://x.kg/hook" },
      "WEBHOOK_SECRET is required when BOT_MODE is webhook.",
    ],
    [{ BOT_TOKEN: TOKEN, WEBHOOK_URL: "http://x.kg/hook" }, "WEBHOOK_URL must be an https:// address."],
    [{ BOT_TOKEN: TOKEN, PORT: "port" }, "PORT must be a port number."],
    [
      { BOT_TOKEN: TOKEN, TELEGRAM_TIMEOUT_SECONDS: "0" },
      "TELEGRAM_TIMEOUT_SECONDS must be a number of seconds from 1 to 500.",
    ],
    [{ BOT_TOKEN: TOKEN, ADMIN_IDS: "12,abc" }, "ADMIN_IDS must be Telegram user ids separated by commas."],
    [
      { BOT_TOKEN: TOKEN, DEFAULT_LOCALE: "de" },
      "DEFAULT_LOCALE must be one of en, ky, ru, uz (the files in locales/).",
    ],
    [{ BOT_TOKEN: TOKEN, LOG_LEVEL: "loud" }, "LOG_LEVEL must be debug, info, warn, error or silent."],
    [
      { BOT_TOKEN: TOKEN, OUTBOX_MESSAGES_PER_SECOND: "45" },
      "OUTBOX_MESSAGES_PER_SECOND must be a number from 0.1 to 30.",
    ],
    [
      { BOT_TOKEN: TOKEN, OUTBOX_GROUP_CHAT_PER_MINUTE: "many" },
      "OUTBOX_GROUP_CHAT_PER_MINUTE must be a number from 0.1 to 60.",
    ],
    [
      { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "localhost" },
      "TELEGRAM_API_ROOT must be an http(s):// address.",
    ],
    [{ BOT_TOKEN: TOKEN, BACKUPS_KEPT: "0" }, "BACKUPS_KEPT must be a whole number from 1 to 1000."],
    [
      { BOT_TOKEN: TOKEN, PHONE_HASH_KEY: "short" },
      "PHONE_HASH_KEY must be at least 32 characters (for example: openssl rand -hex 32).",
    ],
  ])("refuses %j with one sentence naming the variable", (env, message) => {
    expect(errorOf(env as Record<string, string>)).toBe(message);
  });

  it("never repeats the token in an error", () => {
    const almost = "123456:short";
    expect(errorOf({ BOT_TOKEN: almost })).not.toContain(almost);
  });

  it("gives the backup tools their settings without a bot token", () => {
    expect(createStorageConfig({ BACKUP_DIR: "/srv/backups" })).toEqual({
      databasePath: "data/yntymak.sqlite",
      backupDir: "/srv/backups",
      backupsKept: 7,
    });
    expect(() => createStorageConfig({ BACKUPS_KEPT: "many" })).toThrow(
      "BACKUPS_KEPT must be a whole number from 1 to 1000.",
    );
  });
});
