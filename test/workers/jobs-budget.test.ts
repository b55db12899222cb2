import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { municipalities, publicSnapshots } from "../../src/db/schema.js";
import { PILOT_MUNICIPALITIES } from "../../src/db/seed.js";
import { type FakeBotApi, startFakeBotApi } from "../support/fake-bot-api.js";
import { TOKEN } from "../support/harness.js";
import { meteredCronRun, startMeteredWorker } from "./metered-cron.js";
import { withLocalD1 } from "./seed.js";
import { type WranglerDev, wrangler } from "./wrangler.js";

/** More municipalities than one run's budget can count for the public pages. */
const MUNICIPALITIES = 60;
/** The Free plan's subrequests per invocation, the default of WORKER_SUBREQUEST_BUDGET. */
const FREE_PLAN = 50;
const FIVE_MINUTES = 5 * 60_000;
const RUNS = 4;

let api: FakeBotApi;
let worker: WranglerDev | undefined;
let persistTo: string;

beforeAll(async () => {
  api = await startFakeBotApi({ token: TOKEN });
  persistTo = mkdtempSync(join(tmpdir(), "yntymak-workers-jobs-"));
  await wrangler(["d1", "migrations", "apply", "DB", "--local", `--persist-to=${persistTo}`]);
  await withLocalD1(persistTo, async ({ db }) => {
    const pilot = PILOT_MUNICIPALITIES[0]!;
    const rows = Array.from({ length: MUNICIPALITIES }, (_, i) => ({ ...pilot, slug: `place-${i}` }));
    for (let i = 0; i < rows.length; i += 10) await db.insert(municipalities).values(rows.slice(i, i + 10));
  });
  worker = await startMeteredWorker(persistTo, api);
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

/** Runs the cron once at `minute` (a five-minute one: the jobs are due); what it called out to. */
async function scheduledRun(minute: number) {
  const { roundTrips, calls } = await meteredCronRun(worker!, api, minute);
  return { roundTrips, botApiCalls: calls.length };
}

describe("the five-minute jobs on the Free plan's budget (wrangler dev)", () => {
  it("count the public pages of 60 municipalities over several runs, each run within 50 subrequests", async () => {
    const first = Math.ceil(Date.now() / FIVE_MINUTES) * FIVE_MINUTES;
    const runs: Awaited<ReturnType<typeof scheduledRun>>[] = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await scheduledRun(first + i * FIVE_MINUTES));
    await worker!.stop();
    worker = undefined;

    for (const run of runs) expect(run.roundTrips + run.botApiCalls).toBeLessThanOrEqual(FREE_PLAN);
    // One run could not have counted them all (a round trip each): the later runs went on.
    expect(runs[0]!.roundTrips).toBeLessThan(MUNICIPALITIES);
    const counted = await withLocalD1(persistTo, async ({ db }) => {
      const [row] = await db.select({ n: sql<number>`count(*)` }).from(publicSnapshots);
      return Number(row?.n ?? 0);
    });
    // The worker seeds the eight pilot municipalities too, when it finds the table empty: not here.
    expect(counted).toBe(MUNICIPALITIES);
    console.log(
      `jobs budget: runs ${runs.map((r) => `${r.roundTrips} D1 + ${r.botApiCalls} Bot API`).join(", ")}`,
    );
  }, 180_000);
});
