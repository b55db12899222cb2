import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { claimedUpdates, expectEveryoneServed, freshCommunity, seededRandom } from "../support/community.js";
import { type FakeBotApi, startFakeBotApi } from "../support/fake-bot-api.js";
import { TOKEN } from "../support/harness.js";
import { Person } from "../support/person.js";
import { loggedErrors, npmStart, type RunningProgram } from "../support/program.js";

const PEOPLE = 30;
const KILLS = 4;
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

let api: FakeBotApi | undefined;
let program: RunningProgram | undefined;
afterEach(async () => {
  await program?.kill();
  await api?.close();
});

describe("crash recovery", () => {
  it(`people finish what they started although the program is killed again and again (seed ${SEED})`, {
    timeout: 240_000,
  }, async () => {
    const context = `seed ${SEED} (repeat with CRASH_SEED=${SEED})`;
    const random = seededRandom(SEED);
    const { path, plans } = await freshCommunity("crash", PEOPLE, random);
    api = await startFakeBotApi({ token: TOKEN });
    const pushed = recordPushedUpdates(api);
    const start = async () => {
      program = await npmStart({
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: api!.url,
        DATABASE_PATH: path,
        LOG_LEVEL: "warn",
      });
      return program;
    };
    const outputs: string[] = [];
    await start();

    const people = plans.map((plan) => new Person(api!, plan, { random: seededRandom(SEED + plan.id) }));
    const deadline = Date.now() + 180_000;
    const lives = people.map(async (person, i) => {
      // They do not all open the bot in the same second.
      await sleep(seededRandom(SEED + i)() * 3_000);
      await person.live(deadline);
    });
    const unfinishedAtKill: number[] = [];
    /** How many people were in the middle of what they came for at each kill. */
    const midwayAtKill: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      await sleep(2_000 + random() * 7_000);
      midwayAtKill.push(people.filter((p) => p.goal !== undefined).length);
      await program!.kill();
      outputs.push(program!.output());
      const claims = await claimedUpdates(path);
      unfinishedAtKill.push(...claims.filter((c) => !c.finished).map((c) => c.updateId));
      await sleep(random() * 2_000);
      await start();
    }
    const outcomes = await Promise.allSettled(lives);
    const failed = outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
    expect(failed, context).toEqual([]);
    await program!.stop();
    outputs.push(program!.output());
    expect(program!.output(), context).toMatch(/Yntymak stopped\.\s*$/);

    await expectEveryoneServed(path, plans, context);
    // The kills must have caught people in the middle of their flows, or nothing was tested.
    expect(midwayAtKill[0], context).toBeGreaterThan(0);
    const retried = people.filter((p) => p.retries.length > 0);
    expect(outputs.flatMap(loggedErrors), context).toEqual([]);

    const claimed = new Set((await claimedUpdates(path)).map((c) => c.updateId));
    const lost = pushed.filter((id) => !claimed.has(id));
    const redelivered = new Set(deliveredTwice(api));
    console.info(
      `crash recovery, ${context}: ${PEOPLE} people, ${KILLS} kills, ${pushed.length} updates sent, ` +
        `${lost.length} never handled (lost with a killed process), ${unfinishedAtKill.length} being handled ` +
        `when killed (${unfinishedAtKill.filter((id) => redelivered.has(id)).length} delivered again), ` +
        `${midwayAtKill.join("/")} people midway at the kills, ${retried.length} had to try again (${people.reduce((n, p) => n + p.retries.length, 0)} times)`,
    );
  });
});

/** Ids of every update the people sent. */
function recordPushedUpdates(api: FakeBotApi): number[] {
  const ids: number[] = [];
  const push = api.pushUpdate;
  api.pushUpdate = (update) => {
    const full = push(update);
    ids.push(full.update_id);
    return full;
  };
  return ids;
}

/** Update ids that getUpdates returned more than once. */
function deliveredTwice(api: FakeBotApi): number[] {
  const seen = new Map<number, number>();
  for (const call of api.callsTo("getUpdates")) {
    for (const update of (call.result as { update_id: number }[] | undefined) ?? [])
      seen.set(update.update_id, (seen.get(update.update_id) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}
