import { Api } from "grammy";
import type { Update, User, UserFromGetMe } from "grammy/types";
import type { BotDeps } from "../../src/bot/context.js";
import { createBot } from "../../src/bot/index.js";
import type { FloodOptions } from "../../src/bot/middlewares/rate-limit.js";
import { createConfig } from "../../src/config.js";
import { seedMunicipalities } from "../../src/db/seed.js";
import { openSqlite, type SqliteDatabase } from "../../src/db/sqlite.js";
import { createKeyedHashes } from "../../src/domain/keyed-hash.js";
import { createLogger, type Logger } from "../../src/logger.js";
import type { Clock } from "../../src/notify/clock.js";
import { dispatchOnce } from "../../src/notify/dispatcher.js";
import { defaultBotInfo } from "./fake-bot-api.js";
import { press, text } from "./updates.js";

export const TOKEN = "123456:TEST-token-for-yntymak-tests-0000000";
export const BOT_INFO: UserFromGetMe = defaultBotInfo({ token: TOKEN });
/** The tests' PHONE_HASH_KEY: never stored in the database, as in production. */
export const HASH_KEY = "test-hash-key-0123456789abcdef0123456789abcdef";

export interface ApiCall {
  method: string;
  // biome-ignore lint/suspicious/noExplicitAny: Bot API payloads are checked field by field in tests
  payload: Record<string, any>;
}

export interface TelegramRefusal {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

export interface HarnessOptions {
  env?: Record<string, string>;
  database?: SqliteDatabase;
  flood?: FloodOptions;
}

/**
 * The real bot from createBot, a real migrated SQLite database, and every Bot API request
 * captured at the HTTP level (grammY's client fetch), conversations included.
 */
export async function createHarness(options: HarnessOptions = {}) {
  const database = options.database ?? openSqlite(":memory:");
  await seedMunicipalities(database.db);
  const config = createConfig({ BOT_TOKEN: TOKEN, ADMIN_IDS: "900", ...options.env });
  const calls: ApiCall[] = [];
  let clock = Date.parse("2026-11-29T10:00:00Z");
  let messageId = 1;
  const answeredQueries = new Set<string>();
  const unreachable = new Set<number>();
  const rejecting = new Set<number>();
  const network = { down: false };
  /** Refusals queued per Bot API method: the next call of that method gets the first one. */
  const refusals = new Map<string, TelegramRefusal[]>();
  /** What a method answers instead of `true`, e.g. a ChatMember for getChatMember. */
  const results = new Map<string, (payload: ApiCall["payload"]) => unknown>();
  const fakeFetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const method = url.slice(url.lastIndexOf("/") + 1);
    const payload = await readPayload(init);
    calls.push({ method, payload });
    if (network.down) throw new TypeError("fetch failed: connect ECONNREFUSED");
    const refuse = (error_code: number, description: string, parameters?: TelegramRefusal["parameters"]) =>
      new Response(JSON.stringify({ ok: false, error_code, description, parameters }), {
        headers: { "content-type": "application/json" },
      });
    const refusal = refusals.get(method)?.shift();
    if (refusal) return refuse(refusal.error_code, refusal.description, refusal.parameters);
    if (unreachable.has(payload.chat_id)) {
      return refuse(403, "Forbidden: bot can't initiate conversation with a user");
    }
    if (rejecting.has(payload.chat_id) && method.startsWith("send")) {
      return refuse(400, "Bad Request: chat not found");
    }
    // As Telegram: a button press can be answered once; a second answer (say, an alert after a
    // silent acknowledgement) never reaches the person.
    if (method === "answerCallbackQuery") {
      if (answeredQueries.has(payload.callback_query_id)) {
        return refuse(
          400,
          "Bad Request: query is too old and response timeout expired or query ID is invalid",
        );
      }
      answeredQueries.add(payload.callback_query_id);
    }
    const answer = results.get(method);
    const result = answer
      ? answer(payload)
      : method.startsWith("send") || method.startsWith("edit")
        ? {
            message_id: ++messageId,
            date: Math.floor(clock / 1000),
            chat: { id: payload.chat_id, type: "private" },
            text: payload.text,
          }
        : true;
    return new Response(JSON.stringify({ ok: true, result }), {
      headers: { "content-type": "application/json" },
    });
  };
  const deps: BotDeps = {
    config,
    database,
    logger: failOnErrors(createLogger("silent")),
    hashes: createKeyedHashes(HASH_KEY),
    now: () => clock,
  };
  const bot = createBot(deps, { botInfo: BOT_INFO, fetch: fakeFetch as typeof fetch, flood: options.flood });
  await bot.init();

  return {
    bot,
    /** Chats that never opened the bot: Telegram refuses messages to them with 403. */
    unreachable,
    /** Ids of button presses already answered: Telegram refuses another answer as "too old". */
    answeredQueries,
    /** Chats whose sends Telegram refuses for good with 400: the outbox marks such rows failed. */
    rejecting,
    /** While `down` is true, every Bot API request fails as with no connection. */
    network,
    /** The next call of `method` is refused as Telegram would refuse it (429, 500, 400...). */
    refuseNext(method: string, refusal: TelegramRefusal) {
      refusals.set(method, [...(refusals.get(method) ?? []), refusal]);
    },
    /** From now on `method` answers what `result` makes of the call's payload, instead of `true`. */
    answerWith(method: string, result: (payload: ApiCall["payload"]) => unknown) {
      results.set(method, result);
    },
    /**
     * Runs the outbox dispatcher once over the same fake Bot API; its waits move the harness clock,
     * so nothing waits for real.
     */
    async dispatch(logger?: Logger) {
      const api = new Api(TOKEN, { fetch: fakeFetch as never });
      const harnessClock: Clock = {
        now: () => clock,
        async sleep(ms) {
          clock += Math.max(ms, 1);
        },
      };
      return dispatchOnce(
        { database, api, clock: harnessClock, ...(logger ? { logger } : {}) },
        { budgetMs: 60_000, pollMs: 10 },
      );
    },
    database,
    db: database.db,
    calls,
    deps,
    advance(ms: number) {
      clock += ms;
    },
    /** Handles updates one after another, as the runner does within one chat. */
    async send(...updates: Update[]) {
      for (const update of updates) await bot.handleUpdate(update);
    },
    /** The calls made since the last `take`, so each step of a test sees only its own replies. */
    take(): ApiCall[] {
      return calls.splice(0, calls.length);
    },
  };
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

/** A file grammY uploaded (sendPhoto, sendDocument with an InputFile), as the Bot API receives it. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * JSON, or multipart/form-data when files are uploaded: fields are JSON-decoded where they hold
 * JSON (reply_markup, chat_id), and each `attach://` field is replaced by the uploaded file.
 */
async function readPayload(init: RequestInit | undefined): Promise<ApiCall["payload"]> {
  if (!init?.body) return {};
  if (typeof init.body === "string") return JSON.parse(init.body);
  const chunks: Uint8Array[] = [];
  for await (const chunk of init.body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  const boundary = /boundary=(\S+)/.exec(new Headers(init.headers).get("content-type") ?? "")?.[1] ?? "";
  const parts = multipartParts(Buffer.concat(chunks), boundary);
  const payload: ApiCall["payload"] = {};
  for (const part of parts.filter((p) => p.filename === undefined)) {
    const value = part.body.toString("utf8");
    const attached = /^attach:\/\/(.+)$/.exec(value);
    const file = attached ? parts.find((p) => p.name === attached[1]) : undefined;
    if (file) {
      payload[part.name] = {
        name: file.filename ?? "",
        bytes: new Uint8Array(file.body),
      } satisfies UploadedFile;
      continue;
    }
    try {
      payload[part.name] = /^[[{]|^-?\d+$/.test(value) ? JSON.parse(value) : value;
    } catch {
      payload[part.name] = value;
    }
  }
  return payload;
}

/** grammY's multipart bodies, split by hand: undici's FormData parser refuses them. */
function multipartParts(body: Buffer, boundary: string) {
  const parts: { name: string; filename?: string; body: Buffer }[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(at + delimiter.length + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    const head = part.subarray(0, split).toString("utf8");
    const name = /[;\s]name="([^"]*)"/.exec(head)?.[1] ?? "";
    const filename = /filename="?([^"\r\n;]*)"?/.exec(head)?.[1];
    parts.push({ name, filename, body: part.subarray(split + 4) });
    at = next;
  }
  return parts;
}

/** Every text the bot sent or edited, in order. */
export function texts(calls: ApiCall[]): string[] {
  return calls
    .filter((c) => c.method === "sendMessage" || c.method === "editMessageText")
    .map((c) => c.payload.text);
}

/** The callback data of every inline button of a call's keyboard. */
export function buttons(call: ApiCall | undefined): { text: string; data: string }[] {
  const rows = call?.payload.reply_markup?.inline_keyboard ?? [];
  return rows.flat().map((b: { text: string; callback_data?: string; url?: string }) => ({
    text: b.text,
    data: b.callback_data ?? b.url ?? "",
  }));
}

export function lastWithKeyboard(calls: ApiCall[]): ApiCall | undefined {
  return calls.filter((c) => c.payload.reply_markup?.inline_keyboard).at(-1);
}

/** Takes a person through consent and the municipality: in the onboarding conversation still. */
export async function onboardUpToGender(h: Harness, who: User, municipalityId = 1) {
  const locale = (who.language_code ?? "ky") as "ky" | "ru" | "en";
  await h.send(
    text(who, "/start"),
    press(who, `1|ob|lang|${locale}`),
    press(who, `1|ob|ok|${locale}`),
    press(who, `1|ob|mun|${municipalityId}`),
  );
}

/** Takes a person through consent and profile, as a test's starting point. */
export async function onboard(h: Harness, who: User, municipalityId = 1) {
  await onboardUpToGender(h, who, municipalityId);
  await h.send(press(who, "1|ob|gender|skip"), press(who, "1|ob|age|skip"));
  h.take();
}

/** An error logged while handling an update fails the test that caused it, instead of passing unseen. */
function failOnErrors(logger: Logger): Logger {
  return {
    ...logger,
    error(message, fields) {
      const cause = fields?.error instanceof Error ? fields.error.message : JSON.stringify(fields);
      throw new Error(`logged as an error: ${message}: ${cause}`);
    },
  };
}
