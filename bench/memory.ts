import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { BotDeps } from "../src/bot/context.js";
import { createUserWithConsent, moveToMunicipality, updateUser } from "../src/db/repo/users.js";
import { startFakeBotApi } from "../test/support/fake-bot-api.js";
import { BENCH_TOKEN, startBotUnderTest } from "./bot-under-test.js";
import { figuresFromChild, START_NODE_FLAGS } from "./child.js";
import { type Figures, round } from "./figures.js";
import {
  crowd,
  generatedPeople,
  municipalityOf,
  onboarding,
  proposal,
  report,
  startOnboarding,
  startProposal,
  startReport,
} from "./people.js";

const CONVERSATIONS = 10_000;
const WARM_UP_PEOPLE = 60;
const CONCURRENCY = 200;
const MB = 1024 * 1024;

/**
 * 10,000 people left in the middle of a flow (a third each in onboarding's conversation, the
 * initiative form and the report form), in a process of its own so that its peak RSS is the bot's
 * alone; the fake Bot API answers from this process.
 */
export async function runMemoryBench(): Promise<Figures> {
  const fake = await startFakeBotApi({ token: BENCH_TOKEN, keepCalls: false });
  try {
    return await figuresFromChild(fileURLToPath(import.meta.url), {
      env: { BENCH_API_ROOT: fake.url },
      extraFlags: ["--expose-gc"],
    });
  } finally {
    await fake.close();
  }
}

async function measureInThisProcess(apiRoot: string): Promise<Figures> {
  const subject = await startBotUnderTest(apiRoot, "memory");
  try {
    const { send, db, database } = subject;

    // Every code path loaded and warmed before the baseline, as in a bot that has run for a while.
    await crowd(generatedPeople(WARM_UP_PEOPLE, 3_000_000), 20, async (who) => {
      await onboarding(who, send);
      await proposal(who, send, db);
      await report(who, send, db);
    });
    const before = { heap: settledHeap(), stored: await storedBytes(database.db) };
    const baselineRss = process.memoryUsage().rss;

    await crowd(generatedPeople(CONVERSATIONS), CONCURRENCY, async (who) => {
      const flow = who.id % 3;
      if (flow === 0) return startOnboarding(who, send);
      // Onboarding is measured in the flows benchmark; here it only has to have happened.
      await createUserWithConsent(db, who.id, "ky", Date.now());
      await moveToMunicipality(database, who.id, municipalityOf(who));
      await updateUser(db, who.id, { onboardedAt: Date.now() });
      if (flow === 1) await startProposal(who, send, db);
      else await startReport(who, send, db);
    });
    const after = { heap: settledHeap(), stored: await storedBytes(database.db) };

    const [counts] = await db.all<{ conversations: number; drafts: number; reports: number }>(sql`
      select (select count(*) from conversation_state) as conversations,
             (select count(*) from initiatives where status = 'draft') as drafts,
             (select count(*) from report_flows) as reports`);
    const midFlow = counts!.conversations + counts!.drafts + counts!.reports;

    return {
      "people in the middle of a flow": midFlow,
      "of them: onboarding / initiative form / report form": `${counts!.conversations} / ${counts!.drafts} / ${counts!.reports}`,
      "Node flags (as npm start)": START_NODE_FLAGS.join(" "),
      "RSS MB after warm-up": round(baselineRss / MB, 1),
      "peak RSS MB (target <= 250)": round(process.resourceUsage().maxRSS / 1024, 1),
      "heap MB before / after": `${round(before.heap / MB, 1)} / ${round(after.heap / MB, 1)}`,
      "heap bytes per person in a flow": round((after.heap - before.heap) / midFlow, 0),
      "stored bytes per person in a flow (SQLite, with profile and indexes)": round(
        (after.stored - before.stored) / midFlow,
        0,
      ),
      "errors logged": subject.errors(),
    };
  } finally {
    subject.close();
  }
}

/** Heap in use once garbage is collected: what the process keeps, not what it happens to hold. */
function settledHeap(): number {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error("run with --expose-gc");
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/** Bytes of every table and index, from SQLite's own page accounting. */
async function storedBytes(db: BotDeps["database"]["db"]): Promise<number> {
  const [row] = await db.all<{ bytes: number }>(sql`select sum(pgsize) - sum(unused) as bytes from dbstat`);
  return row!.bytes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--child")) {
    console.log(JSON.stringify(await measureInThisProcess(process.env.BENCH_API_ROOT!)));
  } else {
    console.table(await runMemoryBench());
  }
}
