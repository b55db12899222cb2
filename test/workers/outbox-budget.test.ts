import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue } from "../../src/db/repo/outbox.js";
import { seedMunicipalities } from "../../src/db/seed.js";
import { type FakeBotApi, startFakeBotApi } from "../support/fake-bot-api.js";
import { TOKEN } from "../support/harness.js";
import { meteredCronRun, startMeteredWorker } from "./metered-cron.js";
import { withLocalD1 } from "./seed.js";
import { type WranglerDev, wrangler } from "./wrangler.js";

const MESSAGES = 200;
/** The Free plan's subrequests per invocation, the default of WORKER_SUBREQUEST_BUDGET. */
const FREE_PLAN = 50;
const FIVE_MINUTES = 5 * 60_000;

let api: FakeBotApi;
let worker: WranglerDev;
let persistTo: string;

beforeAll(async () => {
  api = await startFakeBotApi({ token: TOKEN });
  persistTo = mkdtempSync(join(tmpdir(), "yntymak-workers-budget-"));
  await wrangler(["d1", "migrations", "apply", "DB", "--local", `--persist-to=${persistTo}`]);
  await withLocalD1(persistTo, async (database) => {
    await seedMunicipalities(database.db);
    const messages = Array.from({ length: MESSAGES }, (_, i) => ({
      chatId: 20_000 + i,
      payload: { text: `Broadcast #${i}` },
      bulk: true,
    }));
    await enqueue(database, messages, Date.now());
  });
  worker = await startMeteredWorker(persistTo, api);
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

/** Runs the cron once at a minute without the five-minute jobs; returns what it called out to. */
async function scheduledRun(minute: number) {
  const { roundTrips, calls } = await meteredCronRun(worker, api, minute);
  return { roundTrips, botApiCalls: calls.length, sent: calls.filter((c) => c.outcome === "ok").length };
}

describe("the cron on the Free plan's budget (wrangler dev)", () => {
  it("sends 200 waiting messages over several runs, each within 50 subrequests, each message once", async () => {
    // Minutes without the five-minute jobs, whose subrequests are their own (see the README).
    let minute = Math.floor(Date.now() / FIVE_MINUTES) * FIVE_MINUTES;
    const runs: Awaited<ReturnType<typeof scheduledRun>>[] = [];
    while (runs.reduce((sum, run) => sum + run.sent, 0) < MESSAGES && runs.length < 10) {
      minute += minute % FIVE_MINUTES === FIVE_MINUTES - 60_000 ? 120_000 : 60_000;
      runs.push(await scheduledRun(minute));
    }

    for (const run of runs) expect(run.roundTrips + run.botApiCalls).toBeLessThanOrEqual(FREE_PLAN);
    // Most of each full run goes to messages: D1 writes of a run are batched.
    for (const run of runs.slice(0, -1)) expect(run.sent).toBeGreaterThanOrEqual(0.7 * FREE_PLAN);
    const texts = api.calls.filter((c) => c.method === "sendMessage").map((c) => c.params.text);
    expect(new Set(texts).size).toBe(MESSAGES);
    expect(texts).toHaveLength(MESSAGES);
    console.log(`workers budget: runs ${runs.map((r) => `${r.sent} sent + ${r.roundTrips} D1`).join(", ")}`);
  }, 120_000);
});
