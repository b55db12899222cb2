import { eq } from "drizzle-orm";
import { Api } from "grammy";
import type { Database } from "../../src/db/database.js";
import { enqueue, type OutboxMessage } from "../../src/db/repo/outbox.js";
import { outbox } from "../../src/db/schema.js";
import type { Clock } from "../../src/notify/clock.js";
import type { DispatcherDeps, DispatchOptions } from "../../src/notify/dispatcher.js";
import { openTestDatabase, type TestDatabase } from "../db/test-database.js";
import { type FakeBotApi, type FakeBotApiOptions, startFakeBotApi } from "../support/fake-bot-api.js";

export const TOKEN = "123456:TEST-token-for-yntymak-outbox-0000";

/** Limits and retries scaled down so that a test takes milliseconds, not minutes. */
export const FAST: DispatchOptions = {
  budgetMs: 15_000,
  pollMs: 10,
  limits: {
    messagesPerSecond: 200,
    privateChatPerSecond: 100,
    privateChatBurst: 5,
    groupChatPerMinute: 6_000,
  },
  retry: { maxAttempts: 3, firstDelayMs: 50, maxDelayMs: 200 },
};

export interface Fixture {
  database: TestDatabase;
  fake: FakeBotApi;
  api: Api;
  deps: DispatcherDeps;
  enqueue(messages: OutboxMessage | OutboxMessage[]): Promise<void>;
  /** Texts (or captions) that reached `chatId`, in order. */
  textsTo(chatId: number): string[];
  rows(): Promise<(typeof outbox.$inferSelect)[]>;
  row(id: number): Promise<typeof outbox.$inferSelect>;
  close(): Promise<void>;
}

export async function createFixture(
  options: FakeBotApiOptions & { database?: TestDatabase } = {},
): Promise<Fixture> {
  const database = options.database ?? (await openTestDatabase());
  const fake = await startFakeBotApi({ token: TOKEN, ...options });
  const api = new Api(TOKEN, { apiRoot: fake.url, timeoutSeconds: 10 });
  return {
    database,
    fake,
    api,
    deps: { database, api },
    enqueue: (messages) => enqueue(database, messages, Date.now()),
    textsTo: (chatId) =>
      fake
        .sentMessages()
        .filter((call) => Number(call.params.chat_id) === chatId)
        .map((call) => String(call.params.text ?? call.params.caption ?? "")),
    rows: () => database.db.select().from(outbox).orderBy(outbox.id),
    async row(id) {
      const [found] = await database.db.select().from(outbox).where(eq(outbox.id, id));
      return found!;
    },
    async close() {
      await fake.close();
      await database.close();
    },
  };
}

export interface ClientCall {
  method: string;
  chatId: number;
  text: string;
  /** When the dispatcher made the call, and when the answer came back. */
  startedAt: number;
  answeredAt: number;
  outcome: "ok" | number;
}

/**
 * Records calls as the dispatcher makes them. These times are what pacing controls, unlike the
 * server's arrival times, which a busy machine shifts.
 */
export function recordClientCalls(api: Api, now: () => number = Date.now): ClientCall[] {
  const calls: ClientCall[] = [];
  api.config.use(async (call, method, payload, signal) => {
    const params = payload as { chat_id?: number; text?: string; caption?: string };
    const startedAt = now();
    const result = await call(method, payload, signal);
    calls.push({
      method,
      chatId: Number(params.chat_id),
      text: String(params.text ?? params.caption ?? ""),
      startedAt,
      answeredAt: now(),
      outcome: result.ok ? "ok" : result.error_code,
    });
    return result;
  });
  return calls;
}

/**
 * A clock that moves only when slept on, by exactly the time asked for: pacing decisions then do
 * not depend on how busy the machine is.
 */
export function steppingClock(start = Date.now()): Clock {
  let now = start;
  return {
    now: () => now,
    sleep(ms) {
      now += Math.max(0, ms);
      return new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export function text(chatId: number, body: string, extra: Partial<OutboxMessage> = {}): OutboxMessage {
  return { chatId, payload: { text: body }, ...extra };
}

/** Wraps `database.batch` to count its calls. */
export function countBatches(database: Database): { database: Database; count: () => number } {
  let calls = 0;
  return {
    database: {
      db: database.db,
      batch: (statements) => {
        calls += 1;
        return database.batch(statements);
      },
      rows: (queries, reads) => database.rows(queries, reads),
      read: (reads) => database.read(reads),
      write: (reads) => database.write(reads),
    },
    count: () => calls,
  };
}
