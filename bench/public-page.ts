import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { serve } from "@hono/node-server";
import type { User } from "grammy/types";
import { readStatisticsInput } from "../src/db/repo/statistics.js";
import { users } from "../src/db/schema.js";
import { AGE_BANDS, GENDERS } from "../src/domain/profile.js";
import { countStatistics, publishStatistics } from "../src/domain/statistics.js";
import { refreshPublicSnapshots } from "../src/jobs/public-snapshots.js";
import { createWebApp } from "../src/server.js";
import { BENCH_TOKEN, startBotUnderTest } from "./bot-under-test.js";
import { figuresFromChild } from "./child.js";
import { startFakeBotApiThread } from "./fake-bot-api-thread.js";
import { type Figures, round } from "./figures.js";
import { combine, type PhaseTimes, percentiles, perSecond, quantile, timer } from "./flows.js";
import { crowd, generatedPeople, onboarding, report } from "./people.js";

const RESIDENTS = 30_000;
const PAGE_REQUESTS_PER_SECOND = 200;
/** People per measured stretch of flows. */
const PEOPLE_PER_STRETCH = 200;
/** As the flows benchmark: one person at a time (the bot has room), and 200 at once (it has none). */
const CONCURRENCY = [1, 200];
const STRETCHES = ["without", "with", "with", "without", "without", "with", "with", "without"] as const;
const IDLE_SECONDS = 5;

/**
 * The public page of a municipality with 30,000 residents asked 200 times a second, from another
 * thread over HTTP, while the real bot takes generated people through onboarding and a conflict
 * report in the same process (the page is served beside the bot, on its event loop, from its
 * SQLite file). The flows' throughput with the page load against without it, same run, at 1 and
 * at 200 people at once; and the processor time one page request takes on the bot's thread.
 */
export function runPublicPageBench(): Promise<Figures> {
  return figuresFromChild(fileURLToPath(import.meta.url));
}

async function measureInThisProcess(): Promise<Figures> {
  const fake = await startFakeBotApiThread({ token: BENCH_TOKEN, keepCalls: false });
  const subject = await startBotUnderTest(fake.url, "page");
  const { deps, db } = subject;
  const figures: Figures = { residents: RESIDENTS, "page requests/s asked": PAGE_REQUESTS_PER_SECOND };
  try {
    const now = deps.now();
    const profile = (i: number) => ({
      gender: i % 7 === 0 ? null : GENDERS[i % 2]!,
      ageBand: i % 11 === 0 ? null : AGE_BANDS[i % 5]!,
    });
    for (let first = 0; first < RESIDENTS; first += 1_000)
      await db.insert(users).values(
        Array.from({ length: 1_000 }, (_, k) => ({
          id: 1_000_000 + first + k,
          locale: "ky",
          municipalityId: 1,
          ...profile(first + k),
          consentAt: now - 30 * 86_400_000,
          onboardedAt: now - 30 * 86_400_000,
        })),
      );

    // What every request cost before the snapshot: the all-time statistics, counted and suppressed.
    const started = performance.now();
    publishStatistics(
      countStatistics(await readStatisticsInput(db, { municipalityId: 1, from: 0, to: now + 1 })),
    );
    figures["all-time statistics of the municipality, ms (once a day now, per request before)"] = round(
      performance.now() - started,
      1,
    );
    await refreshPublicSnapshots(deps, now);

    const app = createWebApp({ database: subject.database, now: deps.now });
    const server = await new Promise<ReturnType<typeof serve>>((done) => {
      const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => done(s));
    });
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const page = `http://127.0.0.1:${port}/m/balykchy`;

    // The page requests alone, the bot idle: the processor time they take on the bot's thread.
    const cpuBefore = mainThreadCpuSeconds();
    const alone = startLoad(page);
    await new Promise((done) => setTimeout(done, IDLE_SECONDS * 1000));
    const aloneReport = await alone.stop();
    const perPage = (mainThreadCpuSeconds() - cpuBefore) / aloneReport.ok;
    figures["page requests alone: answered per second, p50 / p99 ms"] =
      `${round(aloneReport.ok / aloneReport.seconds, 0)}, ${percentiles(aloneReport.latencies)}`;
    figures["page request: bot thread processor time, µs"] = round(perPage * 1e6, 0);
    figures["share of the bot thread that 200 pages/s take"] =
      `${round(perPage * PAGE_REQUESTS_PER_SECOND * 100, 1)}%`;

    let next = 6_000_000;
    for (const concurrency of CONCURRENCY) {
      const prefix = `c${concurrency}`;
      const { without, withPages, pairRatios, load } = await compare(subject, page, concurrency, () => {
        next += PEOPLE_PER_STRETCH;
        return generatedPeople(PEOPLE_PER_STRETCH, next);
      });
      figures[`${prefix} flows updates/s without / with page requests`] =
        `${round(perSecond(without), 0)} / ${round(perSecond(withPages), 0)}`;
      figures[`${prefix} ratio with / without, all stretches (target >= 0.90)`] = round(
        perSecond(withPages) / perSecond(without),
        3,
      );
      figures[`${prefix} ratio with / without, median of the 4 neighbouring pairs`] = round(
        quantile(pairRatios, 0.5),
        3,
      );
      figures[`${prefix} flows p50 / p99 ms without / with`] =
        `${percentiles(without.durations)} / ${percentiles(withPages.durations)}`;
      const served = load.reduce((sum, l) => sum + l.ok, 0);
      const seconds = load.reduce((sum, l) => sum + l.seconds, 0);
      figures[`${prefix} page requests answered per second, p50 / p99 ms`] =
        `${round(served / seconds, 0)}, ${percentiles(load.flatMap((l) => l.latencies))}`;
      figures[`${prefix} page requests failed / not sent (500 already waiting)`] =
        `${load.reduce((sum, l) => sum + l.failed, 0)} / ${load.reduce((sum, l) => sum + l.skipped, 0)}`;
    }
    await new Promise<void>((done) => server.close(() => done()));
    figures["errors logged"] = subject.errors();
  } finally {
    subject.close();
    await fake.finish();
  }
  return figures;
}

/**
 * Stretches of flows without and with the page load, in the order ABBA ABBA: the database grows
 * and the machine's other load drifts as they go, and this order takes both out of the comparison.
 * Each stretch: its people onboard, then half of them file a conflict report.
 */
async function compare(
  subject: Awaited<ReturnType<typeof startBotUnderTest>>,
  page: string,
  concurrency: number,
  nextPeople: () => User[],
) {
  const { send, phase } = timer(subject.send);
  const stretches: { kind: "without" | "with"; times: PhaseTimes }[] = [];
  const load: LoadReport[] = [];
  for (const kind of STRETCHES) {
    const people = nextPeople();
    const requester = kind === "with" ? startLoad(page) : undefined;
    const onboarded = await phase(() => crowd(people, concurrency, (who) => onboarding(who, send)));
    const reported = await phase(() =>
      crowd(
        people.filter((_, i) => i % 2 === 0),
        concurrency,
        (who) => report(who, send, subject.db),
      ),
    );
    if (requester) load.push(await requester.stop());
    stretches.push({ kind, times: combine([onboarded, reported]) });
  }
  const pairRatios = Array.from({ length: STRETCHES.length / 2 }, (_, i) => {
    const pair = stretches.slice(2 * i, 2 * i + 2);
    const rate = (kind: string) => perSecond(pair.find((p) => p.kind === kind)!.times);
    return rate("with") / rate("without");
  });
  const of = (kind: string) => combine(stretches.filter((s) => s.kind === kind).map((s) => s.times));
  return { without: of("without"), withPages: of("with"), pairRatios, load };
}

/**
 * Processor time of the main thread alone (Linux), not of the fake Bot API's and the requests'
 * threads beside it, nor the time the machine's other work took the processor away.
 */
function mainThreadCpuSeconds(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime, fields 14 and 15 of stat, in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface LoadReport {
  ok: number;
  failed: number;
  skipped: number;
  seconds: number;
  latencies: number[];
}

/**
 * A thread that asks for the page at a steady rate (a batch every 50 ms), in the three languages
 * in turn, without waiting for answers, as many browsers would; plain JavaScript, so no loader.
 */
export function startLoad(url: string) {
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    const { url, perSecond } = workerData;
    const languages = ["ky", "ru", "en"];
    const report = { ok: 0, failed: 0, skipped: 0, latencies: [] };
    let inFlight = 0, n = 0;
    const started = performance.now();
    const tick = setInterval(() => {
      for (let i = 0; i < perSecond / 20; i++) {
        if (inFlight >= 500) { report.skipped++; continue; }
        inFlight++;
        const sent = performance.now();
        fetch(url + "?lang=" + languages[n++ % 3])
          .then(async (r) => { await r.arrayBuffer(); if (r.status === 200) report.ok++; else report.failed++; })
          .catch(() => report.failed++)
          .finally(() => { inFlight--; report.latencies.push(performance.now() - sent); });
      }
    }, 50);
    parentPort.once("message", async () => {
      clearInterval(tick);
      const seconds = (performance.now() - started) / 1000;
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
      parentPort.postMessage({ ...report, seconds });
    });
  `;
  const worker = new Worker(code, { eval: true, workerData: { url, perSecond: PAGE_REQUESTS_PER_SECOND } });
  return {
    async stop(): Promise<LoadReport> {
      const done = new Promise<LoadReport>((resolve) => worker.once("message", resolve));
      worker.postMessage("stop");
      const report = await done;
      await worker.terminate();
      return report;
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--child")) console.log(JSON.stringify(await measureInThisProcess()));
  else console.table(await runPublicPageBench());
}
