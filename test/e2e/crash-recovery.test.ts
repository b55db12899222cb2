import { setTimeout as sleep } from "node:timers/promises";
import type { Update, User } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { intake } from "../../src/db/schema.js";
import { openSqlite } from "../../src/db/sqlite.js";
import { claimedUpdates, expectEveryoneServed, freshCommunity, seededRandom } from "../support/community.js";
import { chatIdOf, type FakeBotApi, type RecordedCall, startFakeBotApi } from "../support/fake-bot-api.js";
import { TOKEN } from "../support/harness.js";
import { Person } from "../support/person.js";
import { loggedErrors, npmStart, type RunningProgram } from "../support/program.js";
import { person, text } from "../support/updates.js";

const PEOPLE = 30;
/** Kills at random moments; one more comes while a batch of CROWD updates is being handled. */
const KILLS = 4;
/** Neighbours who open the bot in the same second: one getUpdates brings all of them. */
const CROWD = 100;
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
    const sent = recordPushedUpdates(api);
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
    /** Begun and not finished at a kill, nothing changed yet: the intake keeps them for the next start. */
    const cutBeforeWrite: { updateId: number; killedAt: number }[] = [];
    /** Begun and not finished at a kill, with their step already stored: they are not handled again. */
    const cutAfterWrite: number[] = [];
    /** How many people were in the middle of what they came for at each kill. */
    const midwayAtKill: number[] = [];
    const crowd = Array.from({ length: CROWD }, (_, i) => person(5_000 + i, "en", `Neighbour ${i}`));
    const crowdKill = Math.floor(random() * (KILLS + 1));
    let crowdUnhandledAtKill: number[] = [];
    for (let kill = 0; kill <= KILLS; kill++) {
      await sleep(2_000 + random() * 7_000);
      midwayAtKill.push(people.filter((p) => p.goal !== undefined).length);
      if (kill === crowdKill) {
        const ids = await killWithBatchInFlight(api, program!, crowd);
        const finished = new Set(
          (await claimedUpdates(path)).filter((c) => c.finished).map((c) => c.updateId),
        );
        crowdUnhandledAtKill = ids.filter((id) => !finished.has(id));
      } else await program!.kill();
      const killedAt = Date.now();
      outputs.push(program!.output());
      const claims = await claimedUpdates(path);
      const kept = new Set(await storedUpdates(path));
      for (const { updateId } of claims.filter((c) => !c.finished))
        if (kept.has(updateId)) cutBeforeWrite.push({ updateId, killedAt });
        else cutAfterWrite.push(updateId);
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
    // The kills must have caught people in the middle of their flows, and most of the crowd's
    // batch fetched and not yet handled, or nothing was tested.
    expect(midwayAtKill[0], context).toBeGreaterThan(0);
    expect(crowdUnhandledAtKill.length, context).toBeGreaterThan(0);
    const retried = people.filter((p) => p.retries.length > 0);
    expect(outputs.flatMap(loggedErrors), context).toEqual([]);

    // Handled: its handler ran to the end, or a kill cut it off after its step was stored (what
    // it changed is there, checked above; its reply may be missing, and the person tried again).
    const finished = new Set((await claimedUpdates(path)).filter((c) => c.finished).map((c) => c.updateId));
    const stepStored = new Set(cutAfterWrite);
    const pushed = [...sent.keys()];
    const neverHandled = pushed.filter((id) => !finished.has(id) && !stepStored.has(id));
    expect(neverHandled, context).toEqual([]);
    expect(await storedUpdates(path), `${context}: left in the intake`).toEqual([]);
    // The crowd did nothing but /start: each of them was answered, the people's flows are checked above.
    const answered = new Set(api.sentMessages().map((call) => Number(chatIdOf(call))));
    expect(
      crowd.filter((user) => !answered.has(user.id)).map((user) => user.id),
      context,
    ).toEqual([]);
    // An update cut off before it changed anything is handled again from its start: if its first
    // try had already answered (a reply without a write, a button's answer), that came twice.
    const answeredBeforeKill = ({ updateId, killedAt }: { updateId: number; killedAt: number }) => {
      const { chat, at } = sent.get(updateId)!;
      return api!.calls.some(
        (call) => call.outcome === "ok" && call.time >= at && call.time < killedAt && chatIdOf(call) === chat,
      );
    };
    const handledTwice = cutBeforeWrite.filter(
      (cut) => finished.has(cut.updateId) && answeredBeforeKill(cut),
    );
    console.info(
      `crash recovery, ${context}: ${PEOPLE} people and a crowd of ${CROWD}, ${KILLS + 1} kills ` +
        `(one with a batch of ${CROWD} in flight, ${crowdUnhandledAtKill.length} of it not yet handled), ` +
        `${pushed.length} updates sent, ${neverHandled.length} never handled, ` +
        `${handledTwice.length} handled twice (${cutBeforeWrite.length} cut off before changing anything and handled ` +
        "again after the restart, of which these had already answered), " +
        `${cutAfterWrite.length} cut off after their step was stored (not handled again), ` +
        `${midwayAtKill.join("/")} people midway at the kills, ${retried.length} had to try again (${people.reduce((n, p) => n + p.retries.length, 0)} times)`,
    );
  });
});

/**
 * The crowd's /start all arrive together; once getUpdates has brought them as one batch of 100 and
 * the first of them is answered (so the program holds the batch and is handling it), SIGKILL.
 */
async function killWithBatchInFlight(api: FakeBotApi, program: RunningProgram, crowd: User[]) {
  const ids = new Set(
    api.pushUpdates(crowd.map((user) => withoutId(text(user, "/start")))).map((update) => update.update_id),
  );
  const [fetched] = await api.waitForCalls(
    (call) => call.method === "getUpdates" && updateIds(call).some((id) => ids.has(id)),
    { timeoutMs: 30_000 },
  );
  expect(updateIds(fetched!)).toHaveLength(100);
  const crowdChats = new Set(crowd.map((user) => user.id));
  await api.waitForCalls((call) => call.outcome === "ok" && crowdChats.has(Number(chatIdOf(call))), {
    timeoutMs: 30_000,
  });
  await program.kill();
  return [...ids];
}

function withoutId(update: Update): Omit<Update, "update_id"> {
  const { update_id: _, ...rest } = update;
  return rest;
}

function updateIds(call: RecordedCall): number[] {
  return ((call.result as { update_id: number }[] | undefined) ?? []).map((update) => update.update_id);
}

/** Update ids in the intake, read while the program is down. */
async function storedUpdates(path: string): Promise<number[]> {
  const database = openSqlite(path);
  try {
    return (await database.db.select({ id: intake.updateId }).from(intake)).map((row) => row.id);
  } finally {
    database.close();
  }
}

/** Every update the people sent, in order: its chat and when it was sent. */
function recordPushedUpdates(api: FakeBotApi): Map<number, { chat: number; at: number }> {
  const sent = new Map<number, { chat: number; at: number }>();
  const note = (update: Update) => {
    const chat =
      update.message?.chat.id ?? update.callback_query?.message?.chat.id ?? update.callback_query!.from.id;
    sent.set(update.update_id, { chat, at: Date.now() });
  };
  const push = api.pushUpdate;
  const pushMany = api.pushUpdates;
  api.pushUpdate = (update) => {
    const full = push(update);
    note(full);
    return full;
  };
  api.pushUpdates = (updates) => {
    const full = pushMany(updates);
    full.forEach(note);
    return full;
  };
  return sent;
}
