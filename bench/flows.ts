import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { and, count, eq, ne } from "drizzle-orm";
import { Bot, type Context } from "grammy";
import type { Update, User } from "grammy/types";
import type { BotContext, BotDeps } from "../src/bot/context.js";
import { orderingKey, storedConversations } from "../src/bot/index.js";
import { bookkeeping } from "../src/bot/middlewares/bookkeeping.js";
import { limitFlood } from "../src/bot/middlewares/rate-limit.js";
import { oneAtATimePerChat } from "../src/bot/middlewares/update-deadline.js";
import { createRoundDraft, findRound, scheduleRound, updateRoundDraft } from "../src/db/repo/rounds.js";
import { STALE_CLAIM_MS } from "../src/db/repo/updates.js";
import { initiatives, reports, staff, votes } from "../src/db/schema.js";
import { advanceRounds } from "../src/jobs/rounds.js";
import { defaultBotInfo } from "../test/support/fake-bot-api.js";
import { person, press, text } from "../test/support/updates.js";
import { BENCH_ADMIN_ID, BENCH_FLOOD, BENCH_TOKEN, startBotUnderTest } from "./bot-under-test.js";
import { figuresFromChild, START_NODE_FLAGS } from "./child.js";
import { startFakeBotApiThread } from "./fake-bot-api-thread.js";
import { type Figures, round } from "./figures.js";
import {
  crowd,
  generatedPeople,
  MUNICIPALITIES,
  municipalityOf,
  onboarding,
  proposal,
  report,
  type Send,
  voting,
} from "./people.js";

const CHATS = 2_000;
const CONCURRENCY = [1, 200];
const ECHOES_PER_CHAT = 10;
const INITIATIVES_PER_ROUND = 3;
const VOTES_PER_VOTER = 2;

/** Handling times of one phase, in milliseconds, and how long the phase took as a whole. */
export interface PhaseTimes {
  durations: number[];
  seconds: number;
  /** Processor time of the whole process (bot and driver), less sensitive to other load. */
  cpuSeconds: number;
}

/**
 * The real bot (createBot, SQLite file on disk, the fake Bot API on its own thread over HTTP)
 * taking 2,000 generated residents through onboarding, then a proposal, a conflict report or a vote,
 * at concurrency 1 and 200; beside it, a bare grammY bot echoing text through the same fake, and
 * the same echo behind Yntymak's per-update bookkeeping. All run in a process started as
 * `npm start` starts the bot.
 */
export function runFlowBench(): Promise<Figures> {
  return figuresFromChild(fileURLToPath(import.meta.url));
}

async function measureInThisProcess(): Promise<Figures> {
  const fake = await startFakeBotApiThread({ token: BENCH_TOKEN, keepCalls: false });
  const figures: Figures = { chats: CHATS, "Node flags (as npm start)": START_NODE_FLAGS.join(" ") };
  try {
    for (const concurrency of CONCURRENCY) {
      // The bare echo before and after the flows, taken together: a shared machine that speeds up
      // or slows down during the run (other load, a host's steal time) then moves both sides.
      const echoBefore = await measureEcho(fake.url, concurrency);
      const bookkeeping = await measureBookkeeping(fake.url, concurrency);
      const flows = await measureFlows(fake.url, concurrency);
      const echoAfter = await measureEcho(fake.url, concurrency);
      const echo = combine([echoBefore, echoAfter]);
      const all = combine(Object.values(flows.phases));
      const prefix = `c${concurrency}`;
      figures[`${prefix} bare echo updates/s`] = round(perSecond(echo), 0);
      figures[`${prefix} bare echo updates/s, before / after the flows`] =
        `${round(perSecond(echoBefore), 0)} / ${round(perSecond(echoAfter), 0)}`;
      figures[`${prefix} bare echo p50 / p99 ms`] = percentiles(echo.durations);
      figures[`${prefix} bare echo CPU µs per update`] = cpuPerUpdate(echo);
      figures[`${prefix} echo with Yntymak's bookkeeping updates/s`] = round(perSecond(bookkeeping), 0);
      figures[`${prefix} echo with Yntymak's bookkeeping, ratio to bare bot`] = round(
        perSecond(bookkeeping) / perSecond(echo),
        3,
      );
      for (const [phase, times] of Object.entries(flows.phases)) {
        figures[`${prefix} ${phase} updates/s`] = round(perSecond(times), 0);
        figures[`${prefix} ${phase} p50 / p99 ms`] = percentiles(times.durations);
      }
      figures[`${prefix} all flows updates/s`] = round(perSecond(all), 0);
      figures[`${prefix} all flows p50 / p99 ms`] = percentiles(all.durations);
      figures[`${prefix} all flows CPU µs per update`] = cpuPerUpdate(all);
      figures[`${prefix} CPU per update, bare echo / flows`] = round(
        cpuPerUpdate(echo) / cpuPerUpdate(all),
        3,
      );
      figures[`${prefix} ratio to bare bot (target >= 0.20 at c200, #16; 0.30 long-term)`] = round(
        perSecond(all) / perSecond(echo),
        3,
      );
      figures[`${prefix} ratio to the echo with bookkeeping`] = round(
        perSecond(all) / perSecond(bookkeeping),
        3,
      );
      figures[`${prefix} p99 / p50 (target <= 5)`] = round(
        quantile(all.durations, 0.99) / quantile(all.durations, 0.5),
        2,
      );
      figures[`${prefix} stored initiatives / reports / votes`] = flows.stored;
      figures[`${prefix} errors logged`] = flows.errors;
    }
  } finally {
    await fake.finish();
  }
  return figures;
}

async function measureEcho(apiRoot: string, concurrency: number): Promise<PhaseTimes> {
  return echo(
    new Bot(BENCH_TOKEN, { botInfo: defaultBotInfo({ token: BENCH_TOKEN }), client: { apiRoot } }),
    concurrency,
  );
}

/**
 * The same echo behind what the bot does for every update before any feature: ordering per chat,
 * the duplicate claim, who is talking, the flood limit and the conversations plugin's state read
 * (one batch of four statements). What is left of the bare bot's speed here is the most the
 * flows could reach, however little their features did.
 */
async function measureBookkeeping(apiRoot: string, concurrency: number): Promise<PhaseTimes> {
  const subject = await startBotUnderTest(apiRoot, "bookkeeping");
  try {
    const { deps } = subject;
    const bot = new Bot<BotContext>(BENCH_TOKEN, {
      botInfo: defaultBotInfo({ token: BENCH_TOKEN }),
      client: { apiRoot },
    });
    bot.use(
      oneAtATimePerChat(orderingKey),
      bookkeeping(deps, STALE_CLAIM_MS, BENCH_FLOOD),
      limitFlood(deps, BENCH_FLOOD),
    );
    bot.chatType("private").use(storedConversations(deps));
    return await echo(bot, concurrency);
  } finally {
    subject.close();
  }
}

async function echo<C extends Context>(bot: Bot<C>, concurrency: number): Promise<PhaseTimes> {
  bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  const { send, phase } = timer((update) => bot.handleUpdate(update));
  return phase(() =>
    crowd(generatedPeople(CHATS, 8_000_000), concurrency, async (who) => {
      for (let i = 0; i < ECHOES_PER_CHAT; i++) await send(text(who, `Salam #${i}`));
    }),
  );
}

async function measureFlows(apiRoot: string, concurrency: number) {
  const subject = await startBotUnderTest(apiRoot, "flows");
  try {
    const { deps, db } = subject;
    const { send, phase } = timer(subject.send);
    const people = generatedPeople(CHATS);

    // Everyone onboards; then a third each proposes, reports, and votes on the proposals.
    const [proposers, reporters, voters] = [0, 1, 2].map((k) => people.filter((_, i) => i % 3 === k)) as [
      User[],
      User[],
      User[],
    ];
    const phases: Record<string, PhaseTimes> = {};
    phases.onboarding = await phase(() => crowd(people, concurrency, (who) => onboarding(who, send)));
    phases.proposing = await phase(() => crowd(proposers, concurrency, (who) => proposal(who, send, db)));
    phases.reporting = await phase(() => crowd(reporters, concurrency, (who) => report(who, send, db)));
    const ballots = await openRounds(deps, subject.send, proposers);
    phases.voting = await phase(() =>
      crowd(voters, concurrency, (who) => {
        const ballot = ballots.get(municipalityOf(who))!;
        return voting(who, send, ballot.roundId, ballot.initiativeIds.slice(0, VOTES_PER_VOTER));
      }),
    );

    const [submitted] = await db
      .select({ n: count() })
      .from(initiatives)
      .where(ne(initiatives.status, "draft"));
    const [sent] = await db.select({ n: count() }).from(reports).where(ne(reports.status, "draft"));
    const [cast] = await db.select({ n: count() }).from(votes);
    return { phases, errors: subject.errors(), stored: `${submitted!.n} / ${sent!.n} / ${cast!.n}` };
  } finally {
    subject.close();
  }
}

/**
 * Outside the timed phases: a moderator approves the first initiatives of each municipality and
 * a round with them opens, as an officer's /newround and the job would.
 */
async function openRounds(deps: BotDeps, send: Send, proposers: User[]) {
  const { db } = deps.database;
  const moderator = person(4_999_999, "en");
  await onboarding(moderator, send);
  await db
    .insert(staff)
    .values({ userId: moderator.id, role: "moderator", grantedBy: BENCH_ADMIN_ID, createdAt: 0 });
  const now = deps.now();
  const ballots = new Map<number, { roundId: number; initiativeIds: number[] }>();
  for (let municipalityId = 1; municipalityId <= MUNICIPALITIES; municipalityId++) {
    const authors = proposers
      .filter((p) => municipalityOf(p) === municipalityId)
      .slice(0, INITIATIVES_PER_ROUND);
    const initiativeIds: number[] = [];
    for (const author of authors) {
      const [row] = await db
        .select({ id: initiatives.id })
        .from(initiatives)
        .where(and(eq(initiatives.authorId, author.id), eq(initiatives.status, "submitted")));
      await send(press(moderator, `1|mod|ok|${row!.id}|1`));
      initiativeIds.push(row!.id);
    }
    const draft = await createRoundDraft(db, { municipalityId, createdBy: BENCH_ADMIN_ID, now });
    await updateRoundDraft(db, draft.id, {
      title: "Budget 2027",
      opensAt: now,
      closesAt: now + 7 * 24 * 60 * 60 * 1000,
      votesPerVoter: VOTES_PER_VOTER,
      requirePhone: false,
    });
    await scheduleRound(deps.database, (await findRound(db, draft.id))!, BENCH_ADMIN_ID, now);
    ballots.set(municipalityId, { roundId: draft.id, initiativeIds });
  }
  await advanceRounds(deps, now);
  return ballots;
}

/** Times each update from the moment it is handed to the bot until the bot is done with it. */
export function timer(handle: (update: Update) => Promise<void>) {
  let durations: number[] = [];
  const send: Send = async (update) => {
    const started = performance.now();
    await handle(update);
    durations.push(performance.now() - started);
  };
  const phase = async (run: () => Promise<void>): Promise<PhaseTimes> => {
    durations = [];
    const started = performance.now();
    const cpu = process.cpuUsage();
    await run();
    const used = process.cpuUsage(cpu);
    return {
      durations,
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
    };
  };
  return { send, phase };
}

export function combine(phases: PhaseTimes[]): PhaseTimes {
  return {
    durations: phases.flatMap((p) => p.durations),
    seconds: phases.reduce((sum, p) => sum + p.seconds, 0),
    cpuSeconds: phases.reduce((sum, p) => sum + p.cpuSeconds, 0),
  };
}

export function perSecond(times: PhaseTimes): number {
  return times.durations.length / times.seconds;
}

function cpuPerUpdate(times: PhaseTimes): number {
  return round((times.cpuSeconds * 1e6) / times.durations.length, 0);
}

export function quantile(values: number[], q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function percentiles(values: number[]): string {
  return `${round(quantile(values, 0.5), 2)} / ${round(quantile(values, 0.99), 2)}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--child")) console.log(JSON.stringify(await measureInThisProcess()));
  else console.table(await runFlowBench());
}
