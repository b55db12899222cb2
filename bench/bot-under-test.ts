import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BotDeps } from "../src/bot/context.js";
import { createBot } from "../src/bot/index.js";
import { createConfig } from "../src/config.js";
import { seedMunicipalities } from "../src/db/seed.js";
import { openSqlite } from "../src/db/sqlite.js";
import { createKeyedHashes } from "../src/domain/keyed-hash.js";
import { createLogger } from "../src/logger.js";
import { defaultBotInfo } from "../test/support/fake-bot-api.js";
import type { Send } from "./people.js";

export const BENCH_TOKEN = "123456:BENCH-token-for-yntymak-benchmarks00";
export const BENCH_ADMIN_ID = 900;

/**
 * Generated people answer within a millisecond, a whole form in a blink; the flood limit would
 * (rightly) slow them down. It still runs for every update, with room for a form's ~22 steps.
 */
export const BENCH_FLOOD = { limit: 100, windowMs: 10_000 };

/**
 * The real bot from createBot on a fresh SQLite file on disk, its Bot API calls going over HTTP
 * to `apiRoot`; errors it logs are counted, since a benchmark that fails quietly measures nothing.
 */
export async function startBotUnderTest(apiRoot: string, name: string) {
  const dir = mkdtempSync(join(tmpdir(), `yntymak-${name}-bench-`));
  const database = openSqlite(join(dir, "bench.sqlite"));
  await seedMunicipalities(database.db);
  let errors = 0;
  const deps: BotDeps = {
    config: createConfig({
      BOT_TOKEN: BENCH_TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      ADMIN_IDS: String(BENCH_ADMIN_ID),
    }),
    database,
    logger: {
      ...createLogger("silent"),
      error: () => {
        errors += 1;
      },
    },
    hashes: createKeyedHashes("bench-hash-key-0123456789abcdef0123456789"),
    now: Date.now,
  };
  const bot = createBot(deps, { botInfo: defaultBotInfo({ token: BENCH_TOKEN }), flood: BENCH_FLOOD });
  const send: Send = (update) => bot.handleUpdate(update);
  return {
    bot,
    deps,
    database,
    db: database.db,
    send,
    errors: () => errors,
    close() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
