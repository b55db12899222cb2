import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { setPaperVotes } from "../../src/db/repo/rounds.js";
import { auditLog, initiatives, roundInitiatives, rounds } from "../../src/db/schema.js";
import { seedMunicipalities } from "../../src/db/seed.js";
import { openTestDatabase } from "./test-database.js";

describe("paper votes repository", () => {
  it("writes the count and its audit row with the count it replaced, and nothing once the round closed", async () => {
    const database = await openTestDatabase();
    const { db } = database;
    await seedMunicipalities(db);
    const [initiative] = await db
      .insert(initiatives)
      .values({ municipalityId: 1, authorId: null, status: "shortlisted", updatedAt: 0 })
      .returning({ id: initiatives.id });
    const [round] = await db
      .insert(rounds)
      .values({ municipalityId: 1, createdBy: 5, status: "open" })
      .returning({ id: rounds.id });
    await db.insert(roundInitiatives).values({ roundId: round!.id, initiativeId: initiative!.id });
    const change = { roundId: round!.id, initiativeId: initiative!.id, actorId: 5, now: 1000 };

    expect(await setPaperVotes(database, { ...change, count: 40 })).toBe(true);
    expect(await setPaperVotes(database, { ...change, count: 35, actorId: 6 })).toBe(true);
    await db.update(rounds).set({ status: "closed" });
    expect(await setPaperVotes(database, { ...change, count: 99 })).toBe(false);

    const [entry] = await db.select().from(roundInitiatives);
    expect(entry!.paperVotes).toBe(35);
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, "round.paper_votes"));
    expect(audit.map((a) => [a.actorId, a.subject, a.details, a.createdAt])).toEqual([
      [5, `round:${round!.id}`, { roundId: round!.id, initiativeId: initiative!.id, old: 0, new: 40 }, 1000],
      [6, `round:${round!.id}`, { roundId: round!.id, initiativeId: initiative!.id, old: 40, new: 35 }, 1000],
    ]);
  });
});
