import { afterEach, describe, expect, it, vi } from "vitest";
import { createRoundDraft, findRound, scheduleRound, updateRoundDraft } from "../../src/db/repo/rounds.js";
import { startRoundClock } from "../../src/jobs/round-clock.js";
import { createHarness } from "../support/harness.js";
import { roundCast, roundRow } from "../support/rounds.js";
import { person } from "../support/updates.js";

const MINUTE = 60_000;

afterEach(() => {
  vi.useRealTimers();
});

describe("the round clock of npm start", () => {
  it("opens and closes a round within a second of its times, and notices a round scheduled after it started", async () => {
    const h = await createHarness();
    const author = person(9601, "en");
    const moderator = person(9602, "en");
    const officer = person(9603, "en");
    await roundCast(h, { author, moderator, officer }, 1);

    // Timers and the bot's clock move together, as real time moves both.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const passes = async (ms: number) => {
      h.advance(ms);
      await vi.advanceTimersByTimeAsync(ms);
    };
    const clock = startRoundClock(h.deps, h.deps.now);
    await passes(1_000);

    // Scheduled while the clock sleeps: opening 10 minutes and 17 seconds from now.
    const now = h.deps.now();
    const opensAt = now + 10 * MINUTE + 17_000;
    const draft = await createRoundDraft(h.db, { municipalityId: 1, createdBy: officer.id, now });
    await updateRoundDraft(h.db, draft.id, {
      title: "Budget 2027",
      opensAt,
      closesAt: opensAt + 20 * MINUTE,
    });
    await scheduleRound(h.database, (await findRound(h.db, draft.id))!, officer.id, now);

    await passes(opensAt - h.deps.now() - 1_000);
    expect((await roundRow(h, draft.id)).status).toBe("scheduled");
    await passes(1_000);
    expect((await roundRow(h, draft.id)).status).toBe("open");
    expect((await roundRow(h, draft.id)).openedAt).toBe(opensAt);

    await passes(20 * MINUTE - 1_000);
    expect((await roundRow(h, draft.id)).status).toBe("open");
    await passes(1_000);
    expect((await roundRow(h, draft.id)).status).toBe("closed");

    clock.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
