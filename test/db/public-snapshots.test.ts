import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findPublicPage, findSnapshot } from "../../src/db/repo/public-page.js";
import { createUserWithConsent } from "../../src/db/repo/users.js";
import { users } from "../../src/db/schema.js";
import { seedMunicipalities } from "../../src/db/seed.js";
import { refreshPublicSnapshots } from "../../src/jobs/public-snapshots.js";
import { openTestDatabase } from "./test-database.js";

const DAY = 24 * 60 * 60 * 1000;
// 30.11.2026 16:00 in Bishkek.
const NOW = Date.parse("2026-11-30T10:00:00Z");

describe("public page snapshots", () => {
  it("stores the counts up to the last Bishkek midnight once a day, and finds them by slug in one query", async () => {
    const database = await openTestDatabase();
    await seedMunicipalities(database.db);
    for (const id of [1, 2, 3, 4, 5, 6]) {
      await createUserWithConsent(database.db, id, "en", id === 6 ? NOW - 60_000 : NOW - 2 * DAY);
      await database.db.update(users).set({ municipalityId: 1 }).where(eq(users.id, id));
    }
    expect(await findPublicPage(database.db, "balykchy")).toMatchObject({ snapshotAt: null });
    const computed = await refreshPublicSnapshots({ database }, NOW);
    expect(computed).toBeGreaterThan(0);
    expect(await refreshPublicSnapshots({ database }, NOW + 60_000)).toBe(0);
    const page = await findPublicPage(database.db, "balykchy");
    expect(page).toMatchObject({ municipality: { slug: "balykchy" }, snapshotAt: NOW });
    const snapshot = await findSnapshot(database.db, page!.municipality.id);
    expect(snapshot?.day).toBe("2026-11-29");
    // Five registered before midnight; the sixth, a minute ago, waits for the next day.
    expect(snapshot?.statistics.citizens.gender.total).toBe(5);
    expect(await refreshPublicSnapshots({ database }, NOW + DAY)).toBe(computed);
    expect((await findSnapshot(database.db, page!.municipality.id))?.statistics.citizens.gender.total).toBe(
      6,
    );
    expect(await findPublicPage(database.db, "atlantis")).toBeUndefined();
    await database.close();
  });
});
