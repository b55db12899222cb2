import type { FakeBotApi } from "../support/fake-bot-api.js";
import { BOT_INFO, TOKEN } from "../support/harness.js";
import { startWranglerDev, type WranglerDev } from "./wrangler.js";

/** The Worker with its D1 binding metered apart from its own count, as Cloudflare counts subrequests. */
export function startMeteredWorker(persistTo: string, api: FakeBotApi): Promise<WranglerDev> {
  return startWranglerDev({
    persistTo,
    script: "test/workers/metered-worker.ts",
    vars: {
      BOT_TOKEN: TOKEN,
      WEBHOOK_SECRET: "workers-metered-secret-0123456789",
      PHONE_HASH_KEY: "worker-metered-hash-key-0123456789abcdef",
      BOT_INFO: JSON.stringify(BOT_INFO),
      TELEGRAM_API_ROOT: api.url,
      LOG_LEVEL: "warn",
    },
  });
}

/** Runs the cron once at `minute`; the D1 round trips it made and the Bot API calls it sent. */
export async function meteredCronRun(worker: WranglerDev, api: FakeBotApi, minute: number) {
  const before = api.calls.length;
  const response = await fetch(`${worker.url}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*&time=${minute}`);
  if (response.status !== 200) throw new Error(`the scheduled run answered ${response.status}`);
  const metered = await fetch(`${worker.url}/__metered`);
  const { roundTrips } = (await metered.json()) as { roundTrips: number };
  return { roundTrips, calls: api.calls.slice(before) };
}
