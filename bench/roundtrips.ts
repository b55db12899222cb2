import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { count, eq, ne } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Update, User } from "grammy/types";
import type { Database, Db } from "../src/db/database.js";
import { createDraft } from "../src/db/repo/initiatives.js";
import { createUserWithConsent, moveToMunicipality, updateUser } from "../src/db/repo/users.js";
import * as schema from "../src/db/schema.js";
import { initiatives, reports, roundInitiatives, rounds, votes } from "../src/db/schema.js";
import { seedMunicipalities } from "../src/db/seed.js";
import { createWebApp } from "../src/server.js";
import { startFakeBotApi } from "../test/support/fake-bot-api.js";
import { BOT_INFO, TOKEN } from "../test/support/harness.js";
import { countSqliteStatements } from "../test/support/sqlite-statements.js";
import { ROUND_TRIPS_HEADER } from "../test/workers/metering.js";
import { withLocalD1 } from "../test/workers/seed.js";
import { startWranglerDev, wrangler } from "../test/workers/wrangler.js";
import { BENCH_ADMIN_ID, BENCH_TOKEN, startBotUnderTest } from "./bot-under-test.js";
import { startFakeBotApiThread } from "./fake-bot-api-thread.js";
import { type Figures, round } from "./figures.js";
import {
  generatedPeople,
  labeller,
  MUNICIPALITIES,
  municipalityOf,
  onboarding,
  proposal,
  report,
  voting,
} from "./people.js";

/** Each flow is walked by this many people (all three languages), each step measured per person. */
const PEOPLE_PER_FLOW = 6;
/** Added before every D1 call under wrangler dev, as a database across the network would take. */
export const D1_DELAY_MS = 20;
/** Target of issue #16 for the wall time of a citizen step on Workers with that delay. */
const WALL_P50_TARGET_MS = 120;
const SLUGS = ["kurama", "balykchy"];
const WEBHOOK_SECRET = "roundtrips-bench-secret-0123456789";
const VOTES = 2;

/** What one update cost: statements on SQLite; round trips, Bot API calls and wall time on D1. */
interface Sample {
  label: string;
  cost: number;
  botApiCalls?: number;
  ms?: number;
}

/**
 * Per flow step: the SQL statements one update runs on better-sqlite3 (the real bot, counted on
 * the driver's statements), and on D1 under `wrangler dev` (the real Worker, its D1 binding
 * metered by test/workers/metered-worker.ts) the round trips, the Bot API calls and the wall time
 * with 20 ms added to every D1 call. Steps are named by their command or button, numbers as `#`.
 */
export async function runRoundTripBench(): Promise<Figures> {
  const sqlite = await measureSqlite();
  const d1 = await measureD1();
  return table(sqlite, d1);
}

/** The people of one run: onboarding for all, then a third each proposes, reports and votes. */
function cast() {
  const people = generatedPeople(PEOPLE_PER_FLOW * 3, 6_000_000);
  const [proposers, reporters, voters] = [0, 1, 2].map((k) => people.filter((_, i) => i % 3 === k)) as [
    User[],
    User[],
    User[],
  ];
  return { people, proposers, reporters, voters };
}

type Ballots = Map<number, { roundId: number; initiativeIds: number[] }>;

/** An open round in every municipality with initiatives of a resident, as a round opened by staff. */
async function seedRounds(database: Database): Promise<Ballots> {
  const { db } = database;
  const now = Date.now();
  await seedMunicipalities(db);
  const ballots: Ballots = new Map();
  for (let municipalityId = 1; municipalityId <= MUNICIPALITIES; municipalityId++) {
    const author = 6_900_000 + municipalityId;
    await createUserWithConsent(db, author, "en", now);
    await moveToMunicipality(database, author, municipalityId);
    await updateUser(db, author, { onboardedAt: now });
    const initiativeIds: number[] = [];
    for (let i = 0; i < VOTES + 1; i++) {
      const draft = await createDraft(db, { authorId: author, municipalityId, now });
      await db
        .update(initiatives)
        .set({ status: "in_round", title: `Initiative ${i + 1}` })
        .where(eq(initiatives.id, draft.id));
      initiativeIds.push(draft.id);
    }
    const [row] = await db
      .insert(rounds)
      .values({
        municipalityId,
        title: "Budget 2027",
        status: "open",
        opensAt: now - 60_000,
        openedAt: now - 60_000,
        closesAt: now + 7 * 24 * 3_600_000,
        votesPerVoter: VOTES,
        createdBy: BENCH_ADMIN_ID,
      })
      .returning();
    await db
      .insert(roundInitiatives)
      .values(initiativeIds.map((initiativeId) => ({ roundId: row!.id, initiativeId })));
    ballots.set(municipalityId, { roundId: row!.id, initiativeIds });
  }
  return ballots;
}

/** The flows of bench/people.ts, each update measured by `measure` and named. */
async function walkFlows(
  measure: (update: Update) => Promise<Omit<Sample, "label">>,
  db: Db,
  ballots: Ballots,
): Promise<{ samples: Sample[]; stored: string }> {
  const samples: Sample[] = [];
  const label = labeller();
  let last: Update | undefined;
  // One update at a time, so that each is measured alone; people take turns, so that nobody
  // writes faster than the flood limit allows (20 in 10 s) while the Worker is slowed by the delay.
  let turn = Promise.resolve();
  const send = (update: Update) => {
    const mine = turn.then(async () => {
      const name = label(update);
      samples.push({ label: name, ...(await measure(update)) });
      last = update;
    });
    turn = mine.catch(() => {});
    return mine;
  };
  const everyone = (people: User[], flow: (who: User) => Promise<void>) => Promise.all(people.map(flow));
  const { people, proposers, reporters, voters } = cast();
  await everyone(people, (who) => onboarding(who, send));
  await everyone(proposers, (who) => proposal(who, send, db));
  await everyone(reporters, (who) => report(who, send, db));
  await everyone(voters, (who) => {
    const ballot = ballots.get(municipalityOf(who))!;
    return voting(who, send, ballot.roundId, ballot.initiativeIds.slice(0, VOTES));
  });
  // Telegram delivers an update again when its answer was late: the same update_id.
  for (let i = 0; i < PEOPLE_PER_FLOW; i++)
    samples.push({ label: "duplicate update", ...(await measure(last!)) });
  return { samples, stored: await stored(db) };
}

/** What the flows left behind: a benchmark whose flows fail quietly measures nothing. */
async function stored(db: Db): Promise<string> {
  const [submitted] = await db
    .select({ n: count() })
    .from(initiatives)
    .where(eq(initiatives.status, "submitted"));
  const [sent] = await db.select({ n: count() }).from(reports).where(ne(reports.status, "draft"));
  const [cast] = await db.select({ n: count() }).from(votes);
  return `${submitted!.n} / ${sent!.n} / ${cast!.n} of ${PEOPLE_PER_FLOW} / ${PEOPLE_PER_FLOW} / ${PEOPLE_PER_FLOW * VOTES}`;
}

async function measureSqlite(): Promise<Measured> {
  const { statements, restore } = countSqliteStatements();
  const fake = await startFakeBotApiThread({ token: BENCH_TOKEN, keepCalls: false });
  const subject = await startBotUnderTest(fake.url, "roundtrips");
  try {
    const ballots = await seedRounds(subject.database);
    const counted = async <T>(run: () => Promise<T>) => {
      const before = statements();
      await run();
      return { cost: statements() - before };
    };
    const { samples, stored } = await walkFlows(
      (update) => counted(() => subject.send(update)),
      subject.db,
      ballots,
    );
    const pages = createWebApp({ database: subject.database, now: Date.now, defaultLocale: "ky" });
    for (const slug of SLUGS)
      for (const visit of ["first", "again"])
        samples.push({
          label: `/m/<slug> ${visit}`,
          ...(await counted(async () => {
            const response = await pages.fetch(new Request(`http://bench/m/${slug}`));
            await response.text();
          })),
        });
    return { samples, stored, errors: subject.errors() };
  } finally {
    restore();
    subject.close();
    await fake.finish();
  }
}

async function measureD1(): Promise<Measured> {
  const api = await startFakeBotApi({ token: TOKEN });
  const persistTo = mkdtempSync(join(tmpdir(), "yntymak-roundtrips-"));
  let worker: Awaited<ReturnType<typeof startWranglerDev>> | undefined;
  let reader: BetterSqlite3.Database | undefined;
  try {
    await wrangler(["d1", "migrations", "apply", "DB", "--local", `--persist-to=${persistTo}`]);
    // The rounds, written into the local D1 before `wrangler dev` opens it.
    const ballots = await withLocalD1(persistTo, seedRounds);
    worker = await startWranglerDev({
      persistTo,
      script: "test/workers/metered-worker.ts",
      vars: {
        BOT_TOKEN: TOKEN,
        WEBHOOK_SECRET,
        PHONE_HASH_KEY: "roundtrips-bench-hash-key-0123456789abcdef",
        BOT_INFO: JSON.stringify(BOT_INFO),
        TELEGRAM_API_ROOT: api.url,
        ADMIN_IDS: String(BENCH_ADMIN_ID),
        LOG_LEVEL: "warn",
        D1_DELAY_MS: String(D1_DELAY_MS),
      },
    });
    const url = worker.url;
    // The flows look up draft ids as bench/people.ts does: here in the local D1's file, read-only.
    reader = new BetterSqlite3(localD1File(persistTo), { readonly: true });
    const db = drizzle(reader, { schema }) as unknown as Db;
    const timed = async (request: () => Promise<Response>) => {
      const calls = api.calls.length;
      const started = performance.now();
      const response = await request();
      await response.text();
      const ms = performance.now() - started;
      if (!response.ok) throw new Error(`the Worker answered ${response.status}`);
      return {
        cost: Number(response.headers.get(ROUND_TRIPS_HEADER)),
        botApiCalls: api.calls.length - calls,
        ms,
      };
    };
    // One request first, so that no step pays for the isolate's start.
    await fetch(`${url}/healthz`);
    const { samples, stored } = await walkFlows(
      (update) =>
        timed(() =>
          fetch(`${url}/webhook`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-telegram-bot-api-secret-token": WEBHOOK_SECRET,
            },
            body: JSON.stringify(update),
          }),
        ),
      db,
      ballots,
    );
    for (const slug of SLUGS)
      for (const visit of ["first", "again"])
        samples.push({ label: `/m/<slug> ${visit}`, ...(await timed(() => fetch(`${url}/m/${slug}`))) });
    return { samples, stored, errors: (worker.output().match(/"level":"error"/g) ?? []).length };
  } finally {
    reader?.close();
    await worker?.stop();
    await api.close();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

function localD1File(persistTo: string): string {
  const folder = join(persistTo, "v3", "d1", "miniflare-D1DatabaseObject");
  const file = readdirSync(folder).find((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
  if (!file) throw new Error(`no local D1 file in ${folder}`);
  return join(folder, file);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

interface Measured {
  samples: Sample[];
  stored: string;
  errors: number;
}

/** One row per step: median statements, round trips (and max), Bot API calls, p50 wall time. */
function table(sqliteRun: Measured, d1Run: Measured): Figures {
  const sqlite = sqliteRun.samples;
  const d1 = d1Run.samples;
  const byLabel = (samples: Sample[]) => {
    const groups = new Map<string, Sample[]>();
    for (const sample of samples) groups.set(sample.label, [...(groups.get(sample.label) ?? []), sample]);
    return groups;
  };
  const sqliteSteps = byLabel(sqlite);
  const d1Steps = byLabel(d1);
  const figures: Figures = {
    "D1 delay added per round trip, ms": D1_DELAY_MS,
    columns: "SQLite statements | D1 round trips (max) | Bot API calls | wall p50 ms",
  };
  let over = 0;
  let worst = 0;
  let citizenSteps = 0;
  for (const [label, steps] of d1Steps) {
    const statements = median((sqliteSteps.get(label) ?? []).map((s) => s.cost));
    const trips = steps.map((s) => s.cost);
    const wall = median(steps.map((s) => s.ms!));
    const citizenStep = !label.startsWith("/m/") && label !== "duplicate update";
    if (citizenStep && wall > WALL_P50_TARGET_MS) over += 1;
    if (citizenStep) {
      citizenSteps += 1;
      worst = Math.max(worst, median(trips));
    }
    figures[label] =
      `${statements} | ${median(trips)} (${Math.max(...trips)}) | ${median(steps.map((s) => s.botApiCalls!))} | ${round(wall, 0)}`;
  }
  const all = d1.filter((s) => !s.label.startsWith("/m/")).map((s) => s.cost);
  figures["all updates: D1 round trips median / p90 / max"] =
    `${median(all)} / ${[...all].sort((a, b) => a - b)[Math.floor(all.length * 0.9)]} / ${Math.max(...all)}`;
  figures["citizen steps: most D1 round trips (median of a step; target <= 3)"] = worst;
  figures[`citizen steps with wall p50 over ${WALL_P50_TARGET_MS} ms`] = `${over} of ${citizenSteps}`;
  figures["stored initiatives / reports / votes, SQLite"] = sqliteRun.stored;
  figures["stored initiatives / reports / votes, D1"] = d1Run.stored;
  figures["errors logged, SQLite / D1"] = `${sqliteRun.errors} / ${d1Run.errors}`;
  return figures;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.table(await runRoundTripBench());
}
