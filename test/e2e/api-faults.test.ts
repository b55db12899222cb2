import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { expectEveryoneServed, freshCommunity, seededRandom } from "../support/community.js";
import { type FakeBotApi, faults, isMessageMethod, startFakeBotApi } from "../support/fake-bot-api.js";
import { TOKEN } from "../support/harness.js";
import { Person } from "../support/person.js";
import { npmStart, type RunningProgram } from "../support/program.js";

const PEOPLE = 12;
const SEED = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Short, so that a hanging request is given up (and retried) within the test's time. */
const REQUEST_TIMEOUT_SECONDS = 3;

let api: FakeBotApi | undefined;
let program: RunningProgram | undefined;
afterEach(async () => {
  await program?.kill();
  await api?.close();
});

const replies = (method: string) => isMessageMethod(method) || method.startsWith("edit");

/** Each a few seconds of trouble, as Telegram or the network give it. */
const TROUBLES: Record<string, (api: FakeBotApi, random: () => number) => Promise<void>> = {
  "429 with retry_after on replies": async (api) => {
    api.failWhen(replies, faults.tooManyRequests(1), { times: 12 });
  },
  "500s on replies and answers": async (api) => {
    api.failNext(8, faults.serverError());
  },
  "dropped connections, getUpdates included": async (api) => {
    api.failNext(6, faults.dropConnection());
    api.failNext(2, faults.dropConnection(), { methods: ["getUpdates"] });
  },
  "replies that hang until the bot gives up": async (api) => {
    api.failWhen(replies, faults.hang(), { times: 4 });
  },
  "getUpdates hangs": async (api) => {
    api.failNext(1, faults.hang(6_000), { methods: ["getUpdates"] });
  },
  "the whole API answers 500 for a while": async (api, random) => {
    // Only this trouble ends here: another one set just before still has to happen.
    const recover = api.failWhen(() => true, faults.serverError());
    await sleep(3_000 + random() * 3_000);
    recover();
  },
};

describe("Bot API faults", () => {
  it(`no submission is lost or doubled and people hear back once the API recovers (seed ${SEED})`, {
    timeout: 240_000,
  }, async () => {
    const context = `seed ${SEED} (repeat with FAULTS_SEED=${SEED})`;
    const random = seededRandom(SEED);
    const { path, plans } = await freshCommunity("faults", PEOPLE, random);
    api = await startFakeBotApi({ token: TOKEN });
    program = await npmStart({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.url,
      DATABASE_PATH: path,
      LOG_LEVEL: "warn",
      TELEGRAM_TIMEOUT_SECONDS: String(REQUEST_TIMEOUT_SECONDS),
    });

    // Patient enough to outwait every trouble and the outbox's backoff: they never have to guess
    // that they should try again.
    const people = plans.map(
      (plan) => new Person(api!, plan, { patienceMs: 90_000, random: seededRandom(SEED + plan.id) }),
    );
    const deadline = Date.now() + 200_000;
    const lives = Promise.allSettled(
      people.map(async (person, i) => {
        await sleep(seededRandom(SEED + i)() * 2_000);
        await person.live(deadline);
      }),
    );
    const order = Object.keys(TROUBLES).sort(() => random() - 0.5);
    for (const trouble of order) {
      await sleep(1_000 + random() * 2_000);
      await TROUBLES[trouble]!(api, random);
    }
    const failed = (await lives).flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
    const story = `${context}, troubles in this order: ${order.join(", ")}; the program said:\n${program.output().slice(-6_000)}`;
    expect(failed, story).toEqual([]);
    await program.stop();

    await expectEveryoneServed(path, plans, context);
    const unanswered = people.filter((p) => p.retries.length > 0);
    const said = program
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .slice(-60)
      .join("\n");
    expect(
      unanswered.map((p) => p.story()),
      `${context}; the program logged:\n${said}`,
    ).toEqual([]);
    const outcomes = new Set(api.calls.map((c) => c.outcome));
    for (const outcome of [429, 500, "dropped"])
      expect(outcomes, `${context}, troubles in this order: ${order.join(", ")}`).toContain(outcome);
    console.info(
      `Bot API faults, ${context}: ${PEOPLE} people, ${api.calls.length} Bot API calls, ` +
        `${api.calls.filter((c) => c.outcome !== "ok").length} of them failed; order: ${order.join(", ")}`,
    );
  });
});
