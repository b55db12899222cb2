import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/index.js";
import { advanceRounds } from "../../src/jobs/rounds.js";
import { createHarness, onboard, texts } from "../support/harness.js";
import { outboxRows } from "../support/initiatives.js";
import { HOUR, openRoundNow, roundCast, roundRow, setProfile } from "../support/rounds.js";
import { person, press, text } from "../support/updates.js";

const en = translator("en");

describe("results of a round that few people voted in", () => {
  it("say <5 voters, in the notice at closing and in /results, and give away no group through the ranking", async () => {
    const h = await createHarness();
    const author = person(9301, "en");
    const moderator = person(9302, "en");
    const officer = person(9303, "en");
    const ids = await roundCast(h, { author, moderator, officer }, 2);
    const voters = [9311, 9312, 9313].map((id) => person(id, "en"));
    for (const v of voters) {
      await onboard(h, v);
      await setProfile(h, v.id, "woman", "18-28");
    }
    // One vote each: the ranking's 2 + 1 online votes are the three voters.
    const round = await openRoundNow(h, officer.id, { votesPerVoter: 1 });
    await h.send(
      press(voters[0]!, `1|vote|t|${round.id}|${ids[0]}`),
      press(voters[1]!, `1|vote|t|${round.id}|${ids[0]}`),
      press(voters[2]!, `1|vote|t|${round.id}|${ids[1]}`),
    );
    h.take();
    await advanceRounds(h.deps, h.deps.now() + 49 * HOUR);

    const { participation } = (await roundRow(h, round.id)).results!;
    expect(participation.voters).toBe("<5");
    // "<5 women, 0 men, 0 not said" beside 2 + 1 votes would say all three were women.
    expect(Object.values(participation.byGender)).toContain("*");
    const notice = (await outboxRows(h)).find(
      (r) => r.dedupeKey === `round:${round.id}:results:${voters[0]!.id}`,
    )!;
    expect(notice.payload.text).toContain(en("results.voters", { count: "<5" }));
    expect(notice.payload.text).not.toContain(en("results.voters", { count: 3 }));
    await h.send(text(voters[0]!, "/results"));
    expect(texts(h.take())[0]).toContain(en("results.voters", { count: "<5" }));
  });
});
