import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Api } from "grammy";
import { enqueue, type OutboxMessage } from "../src/db/repo/outbox.js";
import { openSqlite } from "../src/db/sqlite.js";
import { dispatchOnce } from "../src/notify/dispatcher.js";
import { isMessageMethod } from "../test/support/fake-bot-api.js";
import { startFakeBotApiThread } from "./fake-bot-api-thread.js";
import { type Figures, round } from "./figures.js";

const TOKEN = "123456:BENCH-token-for-the-outbox-benchmark00";
/** Telegram's 30 a second would make 10,000 messages take minutes; the ratio is what matters. */
const LIMIT_PER_SECOND = 300;
const MESSAGES = 10_000;
const PRIVATE_CHATS = 4_990;
const GROUP_CHATS = 10;
/** Ten per group at 20 a minute take 27 s, inside the ~33 s of the whole run. */
const MESSAGES_PER_GROUP = 10;

/**
 * 10,000 messages to 5,000 chats through the fake Bot API enforcing Telegram-like limits, with
 * the dispatcher set to the same overall limit, on a SQLite file on disk: a broadcast to residents
 * (bulk) while ten moderator groups get notifications at their 20 a minute.
 */
export async function runOutboxBench(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), "yntymak-outbox-bench-"));
  const database = openSqlite(join(dir, "bench.sqlite"));
  const fake = await startFakeBotApiThread({
    token: TOKEN,
    enforceLimits: { messagesPerSecond: LIMIT_PER_SECOND },
  });
  let finished = false;
  try {
    const messages = benchMessages();
    const enqueueStarted = performance.now();
    await enqueue(database, messages, Date.now());
    const enqueueMs = performance.now() - enqueueStarted;

    const api = new Api(TOKEN, { apiRoot: fake.url, timeoutSeconds: 30 });
    const started = Date.now();
    const report = await dispatchOnce(
      { database, api },
      { budgetMs: 180_000, limits: { messagesPerSecond: LIMIT_PER_SECOND } },
    );
    const calls = await fake.finish();
    finished = true;
    const delivered = calls.filter((c) => c.outcome === "ok" && isMessageMethod(c.method));
    const elapsedSeconds = (Math.max(...delivered.map((c) => c.time)) - started) / 1000;

    const copies = new Map<string, number>();
    for (const call of delivered) copies.set(call.params.text, (copies.get(call.params.text) ?? 0) + 1);
    const lost = messages.filter((m) => !copies.has(m.payload.text)).length;
    const duplicated = [...copies.values()].reduce((sum, n) => sum + n - 1, 0);
    const achievedPerSecond = delivered.length / elapsedSeconds;

    return {
      messages: messages.length,
      chats: PRIVATE_CHATS + GROUP_CHATS,
      limitPerSecond: LIMIT_PER_SECOND,
      achievedPerSecond: round(achievedPerSecond, 1),
      ratioToLimit: round(achievedPerSecond / LIMIT_PER_SECOND, 3),
      tooManyRequests: calls.filter((c) => c.outcome === 429).length,
      lost,
      duplicated,
      failed: report.failed,
      elapsedSeconds: round(elapsedSeconds, 2),
      enqueueMs: round(enqueueMs, 0),
    };
  } finally {
    if (!finished) await fake.finish();
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** About two broadcast messages per private chat and ten per group, in a fixed shuffled order. */
function benchMessages(): OutboxMessage[] {
  const groupMessages = GROUP_CHATS * MESSAGES_PER_GROUP;
  const chats: number[] = [];
  for (let i = 0; i < MESSAGES - groupMessages; i++) chats.push(1_000_000 + (i % PRIVATE_CHATS));
  for (let g = 0; g < GROUP_CHATS; g++)
    for (let i = 0; i < MESSAGES_PER_GROUP; i++) chats.push(-1_001_000_000 - g);
  const random = seededRandom(20261129);
  for (let i = chats.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [chats[i], chats[j]] = [chats[j]!, chats[i]!];
  }
  return chats.map((chatId, i) => ({ chatId, payload: { text: `Bench message #${i}` }, bulk: chatId > 0 }));
}

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runOutboxBench();
  console.table(result);
}
