import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { castVote } from "../../src/db/repo/votes.js";
import { openSqlite } from "../../src/db/sqlite.js";
import { runScheduledJobs } from "../../src/jobs/index.js";
import { createHarness, onboard } from "../support/harness.js";
import { initiative, outboxRows } from "../support/initiatives.js";
import { approvedInitiatives, HOUR, openRoundNow, roundCast, roundRow, votesOf } from "../support/rounds.js";
import { person, press } from "../support/updates.js";

describe("rounds job", () => {
  it("closes a round when its time is up, once, with results for everyone concerned", async () => {
    const h = await createHarness();
    const author = person(9201, "en");
    const moderator = person(9202, "en");
    const officer = person(9203, "ru");
    const ids = await roundCast(h, { author, moderator, officer }, 2);
    const round = await openRoundNow(h, officer.id);
    await h.send(press(author, `1|vote|t|${round.id}|${ids[1]}`));

    await runScheduledJobs(h.deps, h.deps.now() + 47 * HOUR);
    expect((await roundRow(h, round.id)).status).toBe("open");
    await runScheduledJobs(h.deps, h.deps.now() + 48 * HOUR);
    await runScheduledJobs(h.deps, h.deps.now() + 49 * HOUR);
    const closed = await roundRow(h, round.id);
    expect(closed.status).toBe("closed");
    expect(closed.results!.ranking.map((r) => r.initiativeId)).toEqual([ids[1], ids[0]]);
    expect((await initiative(h, ids[0]!)).status).toBe("shortlisted");
    const results = (await outboxRows(h)).filter((r) => r.dedupeKey?.includes(":results:"));
    expect(results.map((r) => r.chatId).sort()).toEqual([author.id, officer.id]);
  });

  it("keeps the per-voter limit when two connections insert at once", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "yntymak-votes-")), "votes.sqlite");
    const first = openSqlite(path);
    const h = await createHarness({ database: first });
    const author = person(9211, "en");
    const moderator = person(9212, "en");
    await onboard(h, author);
    await onboard(h, moderator);
    const ids = await approvedInitiatives(h, author, moderator, 3);
    const round = await openRoundNow(h, moderator.id, { votesPerVoter: 1 });
    const second = openSqlite(path);
    const ballot = (id: number) => ({
      roundId: round.id,
      initiativeId: id,
      voterId: author.id,
      limit: 1,
      now: h.deps.now(),
    });
    const outcomes = await Promise.all([
      castVote(first.db, ballot(ids[0]!)),
      castVote(second.db, ballot(ids[1]!)),
    ]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await castVote(second.db, ballot(ids[0]!))).toBe(false);
    expect(await votesOf(h, round.id)).toHaveLength(1);
    second.close();
  });
});
