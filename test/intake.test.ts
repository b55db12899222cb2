import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { countFloodHit } from "../src/db/repo/flood-counters.js";
import { forgetIntake, resumeIntake, storeIntake } from "../src/db/repo/intake.js";
import { claimUpdate } from "../src/db/repo/updates.js";
import { createUserWithConsent } from "../src/db/repo/users.js";
import { intake, users } from "../src/db/schema.js";
import { openSqlite, withFirstWrite } from "../src/db/sqlite.js";
import { person, text } from "./support/updates.js";

const update = (id: number): Update => ({ ...text(person(100 + id, "en"), `/help ${id}`), update_id: id });
const ids = (updates: Update[]) => updates.map((u) => u.update_id);

async function stored(db: ReturnType<typeof openSqlite>["db"]): Promise<number[]> {
  return (await db.select({ id: intake.updateId }).from(intake)).map((row) => row.id).sort((a, b) => a - b);
}

describe("durable intake (long polling)", () => {
  it("stores a batch and hands out only the updates neither stored nor begun before", async () => {
    const { db } = openSqlite(":memory:");
    const batch = [update(1), update(2), update(3)];
    expect(ids(await storeIntake(db, batch, 0))).toEqual([1, 2, 3]);
    await claimUpdate(db, 4, 0);
    // Telegram sends the last unconfirmed batch again after a restart.
    expect(ids(await storeIntake(db, [update(2), update(3), update(4), update(5)], 0))).toEqual([5]);
    expect(await stored(db)).toEqual([1, 2, 3, 5]);
    const [first] = await db.select().from(intake);
    expect(first!.payload).toEqual(batch[0]);
  });

  it("lets an update go at its first write that changes data, in that write's transaction", async () => {
    const database = openSqlite(":memory:");
    const { db } = database;
    await storeIntake(db, [update(10), update(11)], 0);
    await withFirstWrite(
      () => void forgetIntake(db, 10),
      async () => {
        // The claim and a flood count change nothing a person meant.
        await claimUpdate(db, 10, 0);
        await countFloodHit(db, "h", { limit: 5, windowMs: 1000 }, 0);
        expect(await stored(db)).toEqual([10, 11]);
        // A write that fails leaves the update where it was.
        const unknownMunicipality = { id: 8, locale: "en", consentAt: 0, municipalityId: 999 };
        await expect(async () => db.insert(users).values(unknownMunicipality)).rejects.toThrow(/FOREIGN KEY/);
        expect(await stored(db)).toEqual([10, 11]);
        await createUserWithConsent(db, 7, "en", 0);
        expect(await stored(db)).toEqual([11]);
      },
    );
    database.close();
  });

  it("at start gives back what was left in update_id order, the one cut off mid-way claimable again", async () => {
    const { db } = openSqlite(":memory:");
    await storeIntake(db, [update(22), update(20), update(21)], 0);
    await claimUpdate(db, 20, 0);
    // 30 was handled (it left the intake): its claim stays.
    await claimUpdate(db, 30, 0);
    expect(ids(await resumeIntake(db))).toEqual([20, 21, 22]);
    expect(await claimUpdate(db, 20, 2)).toBe(true);
    expect(await claimUpdate(db, 30, 2)).toBe(false);
  });
});
