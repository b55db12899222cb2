import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { countFloodHit } from "../../src/db/repo/flood-counters.js";
import { createUserWithConsent } from "../../src/db/repo/users.js";
import { confirmPhone, retireVoterPhoneHashes } from "../../src/db/repo/voter-phones.js";
import { installationSettings, rounds, voterPhones } from "../../src/db/schema.js";
import { seedMunicipalities } from "../../src/db/seed.js";
import { openTestDatabase } from "./test-database.js";

describe("flood counters and voter phones on this backend", () => {
  it("counts hits in one window with one statement each, and starts a window anew once it ran out", async () => {
    const { db } = await openTestDatabase();
    const options = { limit: 2, windowMs: 1000 };
    const hits = [];
    for (const now of [0, 10, 20, 999]) hits.push(await countFloodHit(db, "hA", options, now));
    hits.push(await countFloodHit(db, "hB", options, 999));
    hits.push(await countFloodHit(db, "hA", options, 1000));
    expect(hits).toEqual([1, 2, 3, 4, 1, 1]);
  });

  it("refuses a number of another account under either scheme, and retires what no longer serves", async () => {
    const database = await openTestDatabase();
    const { db } = database;
    await seedMunicipalities(db);
    for (const id of [1, 2, 3]) await createUserWithConsent(db, id, "en", 0);
    await db.insert(installationSettings).values({ key: "phone_salt", value: "salt" });
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("salt:+996700000001"));
    const legacy = Buffer.from(digest).toString("hex");
    await db.insert(voterPhones).values({ userId: 1, phoneHash: legacy, verifiedAt: 0 });
    const confirm = (userId: number, phone: string, keyedHash: string) =>
      confirmPhone(db, { userId, phone, keyedHash, now: 1 });

    expect(await confirm(2, "+996700000001", "k1")).toBe("takenByAnother");
    expect(await confirm(2, "+996700000002", "k2")).toBe("confirmed");
    expect(await confirm(3, "+996700000002", "k2")).toBe("takenByAnother");

    await db.insert(rounds).values({ municipalityId: 1, createdBy: 1, requirePhone: true, status: "open" });
    await retireVoterPhoneHashes(database, "check-1");
    expect((await db.select().from(voterPhones)).map((r) => r.scheme).sort()).toEqual([
      "hmac-sha256",
      "salted-sha256",
    ]);
    await db.update(rounds).set({ status: "closed" });
    await retireVoterPhoneHashes(database, "check-1");
    expect(await db.select({ userId: voterPhones.userId }).from(voterPhones)).toEqual([{ userId: 2 }]);
    expect(
      await db.select().from(installationSettings).where(eq(installationSettings.key, "phone_salt")),
    ).toEqual([]);
    await retireVoterPhoneHashes(database, "check-2");
    expect(await db.select().from(voterPhones)).toEqual([]);
  });
});
