import { describe, expect, it } from "vitest";
import { createRoundDraft, findRound, scheduleRound, updateRoundDraft } from "../../src/db/repo/rounds.js";
import { translator } from "../../src/i18n/index.js";
import { createHarness, texts } from "../support/harness.js";
import { HOUR, roundCast } from "../support/rounds.js";
import { person, text } from "../support/updates.js";

describe("/vote before a round opens", () => {
  it("says when voting opens instead of that there is none", async () => {
    const h = await createHarness();
    const author = person(9701, "ru");
    const moderator = person(9702, "en");
    const officer = person(9703, "en");
    await roundCast(h, { author, moderator, officer }, 1);

    await h.send(text(author, "/vote"));
    expect(texts(h.take())).toEqual([translator("ru")("vote.noRound")]);

    const now = h.deps.now();
    // 2026-11-29 10:00 UTC is 16:00 in Bishkek; the round opens 41 minutes after 17:00 there.
    const opensAt = now + HOUR + 41 * 60_000;
    const draft = await createRoundDraft(h.db, { municipalityId: 1, createdBy: officer.id, now });
    await updateRoundDraft(h.db, draft.id, { title: "Бюджет 2027", opensAt, closesAt: opensAt + 48 * HOUR });
    await scheduleRound(h.database, (await findRound(h.db, draft.id))!, officer.id, now);

    await h.send(text(author, "/vote"));
    expect(texts(h.take())).toEqual([
      translator("ru")("vote.opensAt", { title: "Бюджет 2027", date: "29.11.2026 17:41" }),
    ]);
  });
});
