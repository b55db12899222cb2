import { createHash, createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createRoundDraft, findRound, scheduleRound, updateRoundDraft } from "../../src/db/repo/rounds.js";
import { installationSettings, voterPhones } from "../../src/db/schema.js";
import { openSqlite } from "../../src/db/sqlite.js";
import { createKeyedHashes } from "../../src/domain/keyed-hash.js";
import { translator } from "../../src/i18n/index.js";
import { runScheduledJobs } from "../../src/jobs/index.js";
import { createHarness, HASH_KEY, type Harness, onboard, texts } from "../support/harness.js";
import { HOUR, openRoundNow, roundCast } from "../support/rounds.js";
import { contact, person, press } from "../support/updates.js";

const en = translator("en");
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
/** What the code before the key stored: SHA-256 of the salt kept in installation_settings and the number. */
const oldConstruction = (salt: string, phone: string) => sha256(`${salt}:${phone}`);
const OLD_SALT = "5f1c0a9e3b7d4c2a8e6f0b1d3c5a7e9f2b4d6c8a0e1f3b5d7c9a2e4f6b8d0c1a";

async function setUp(options: { database?: ReturnType<typeof openSqlite> } = {}) {
  const h = await createHarness({ database: options.database });
  const author = person(9301, "en");
  const moderator = person(9302, "en");
  const officer = person(9303, "en");
  const ids = await roundCast(h, { author, moderator, officer }, 2);
  return { h, officer, ids };
}

/** A row and its salt as the code before the key wrote them, for an installation that upgraded. */
async function legacyConfirmation(h: Harness, userId: number, phone: string) {
  await h.db
    .insert(installationSettings)
    .values({ key: "phone_salt", value: OLD_SALT })
    .onConflictDoNothing();
  await h.db
    .insert(voterPhones)
    .values({ userId, phoneHash: oldConstruction(OLD_SALT, phone), verifiedAt: 1 });
}

const phoneRows = (h: Harness) =>
  h.db
    .select({ userId: voterPhones.userId, phoneHash: voterPhones.phoneHash, scheme: voterPhones.scheme })
    .from(voterPhones);
const saltRows = (h: Harness) =>
  h.db.select().from(installationSettings).where(eq(installationSettings.key, "phone_salt"));

/** Every value of every table of a database file, read with nothing but the file. */
function everyValue(path: string): string[] {
  const file = new BetterSqlite3(path, { readonly: true });
  try {
    const tables = file.prepare("select name from sqlite_master where type = 'table'").all() as {
      name: string;
    }[];
    const values = new Set<string>();
    for (const { name } of tables)
      for (const row of file.prepare(`select * from "${name}"`).all() as Record<string, unknown>[])
        for (const value of Object.values(row)) if (value !== null) values.add(String(value));
    return [...values];
  } finally {
    file.close();
  }
}

/** The first paragraph of each message: the confirmation heads the ballot it comes with. */
const firstLines = (calls: Parameters<typeof texts>[0]) => texts(calls).map((t) => t.split("\n\n")[0]);

describe("voter phones", () => {
  it("a copy of the database file alone matches no candidate number, even with the old salt in it", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "yntymak-phones-")), "bot.sqlite");
    const database = openSqlite(path);
    const { h, officer, ids } = await setUp({ database });
    // An installation that ran the old code has its salt in the database.
    await h.db.insert(installationSettings).values({ key: "phone_salt", value: OLD_SALT });
    const round = await openRoundNow(h, officer.id, { requirePhone: true });
    const real = ["+996700111222", "+996700111987"];
    const voters = [person(9311, "en"), person(9312, "en")];
    for (const [i, voter] of voters.entries()) {
      await onboard(h, voter);
      await h.send(press(voter, `1|vote|t|${round.id}|${ids[0]}`), contact(voter, real[i]!));
      expect(firstLines(h.take())).toContain(en("vote.phone.confirmed"));
    }
    // The jobs leave their check of the key in the database too.
    await runScheduledJobs(h.deps, h.deps.now());
    database.close();

    const values = everyValue(path);
    const stored = new Set(values);
    const candidates = Array.from({ length: 1000 }, (_, n) => `+996700111${String(n).padStart(3, "0")}`);
    const matches = (hash: (number: string) => string) => candidates.filter((c) => stored.has(hash(c)));
    // Every value in the file tried as the salt, the old scheme's construction, and plain SHA-256.
    for (const salt of values) expect(matches((c) => oldConstruction(salt, c))).toEqual([]);
    for (const form of [(c: string) => c, (c: string) => c.slice(1), (c: string) => `0${c.slice(4)}`])
      expect(matches((c) => sha256(form(c)))).toEqual([]);
    // The same search with the key, which is not in the file, finds exactly the two numbers.
    const phoneKey = createHmac("sha256", HASH_KEY).update("yntymak:phone").digest();
    expect(matches((c) => createHmac("sha256", phoneKey).update(c).digest("hex"))).toEqual(real);
    expect(values.some((value) => value.includes(HASH_KEY))).toBe(false);
  });

  it("a number confirmed before the key is re-keyed when its voter shares it again, and refused to a second account", async () => {
    const { h, officer, ids } = await setUp();
    const ann = person(9313, "en");
    const bob = person(9314, "en");
    for (const who of [ann, bob]) await onboard(h, who);
    await legacyConfirmation(h, ann.id, "+996700222333");
    const round = await openRoundNow(h, officer.id, { requirePhone: true });
    h.take();

    // The old row still counts as confirmed for the round that relies on it.
    await h.send(press(ann, `1|vote|t|${round.id}|${ids[0]}`));
    expect(texts(h.take()).join()).not.toContain(en("vote.phone.ask"));
    await h.send(contact(bob, "+996 700 222 333"));
    expect(texts(h.take())).toEqual([en("vote.phone.taken")]);

    await h.send(contact(ann, "996700222333"));
    expect(firstLines(h.take())[0]).toBe(en("vote.phone.confirmed"));
    expect(await phoneRows(h)).toEqual([
      { userId: ann.id, phoneHash: h.deps.hashes.phone("+996700222333"), scheme: "hmac-sha256" },
    ]);
    await h.send(contact(bob, "0700 222 333"));
    expect(texts(h.take())).toEqual([en("vote.phone.taken")]);
  });

  it("the jobs delete the old rows and their salt once no round asks for phones, not while one is scheduled or open", async () => {
    const { h, officer, ids } = await setUp();
    const ann = person(9315, "en");
    const bob = person(9316, "en");
    for (const who of [ann, bob]) await onboard(h, who);
    await legacyConfirmation(h, ann.id, "+996700333444");
    const now = h.deps.now();
    const scheduled = await createRoundDraft(h.db, { municipalityId: 1, createdBy: officer.id, now });
    await updateRoundDraft(h.db, scheduled.id, {
      title: "Later",
      opensAt: now + HOUR,
      closesAt: now + 2 * HOUR,
      requirePhone: true,
    });
    await scheduleRound(h.database, (await findRound(h.db, scheduled.id))!, officer.id, now);
    await runScheduledJobs(h.deps, now);
    expect(await phoneRows(h)).toHaveLength(1);
    expect(await saltRows(h)).toHaveLength(1);

    await runScheduledJobs(h.deps, now + HOUR);
    expect((await findRound(h.db, scheduled.id))!.status).toBe("open");
    await h.send(press(bob, `1|vote|t|${scheduled.id}|${ids[0]}`), contact(bob, "+996700444555"));
    h.take();
    expect(await phoneRows(h)).toHaveLength(2);
    expect(await saltRows(h)).toHaveLength(1);

    await runScheduledJobs(h.deps, now + 2 * HOUR);
    expect((await findRound(h.db, scheduled.id))!.status).toBe("closed");
    expect(await phoneRows(h)).toEqual([
      { userId: bob.id, phoneHash: h.deps.hashes.phone("+996700444555"), scheme: "hmac-sha256" },
    ]);
    expect(await saltRows(h)).toEqual([]);

    // Ann confirms once more in her next round that asks for phones.
    h.advance(3 * HOUR);
    const next = await openRoundNow(h, officer.id, { requirePhone: true });
    h.take();
    await h.send(press(ann, `1|vote|t|${next.id}|${ids[0]}`));
    expect(texts(h.take())).toEqual([en("vote.phone.ask")]);
  });

  it("after the key is replaced, the jobs delete the numbers confirmed with the old one: voters confirm again", async () => {
    const { h, officer, ids } = await setUp();
    const ann = person(9317, "en");
    const bob = person(9318, "en");
    for (const who of [ann, bob]) await onboard(h, who);
    const round = await openRoundNow(h, officer.id, { requirePhone: true });
    await h.send(press(ann, `1|vote|t|${round.id}|${ids[0]}`), contact(ann, "+996700555666"));
    await runScheduledJobs(h.deps, h.deps.now());
    expect(await phoneRows(h)).toHaveLength(1);

    // A restart with another PHONE_HASH_KEY (the key file lost): the old hash refuses no one now.
    h.deps.hashes = createKeyedHashes("a-replaced-hash-key-0123456789abcdef0123");
    await runScheduledJobs(h.deps, h.deps.now());
    expect(await phoneRows(h)).toEqual([]);
    h.take();
    await h.send(press(ann, `1|vote|t|${round.id}|${ids[0]}`));
    expect(texts(h.take())).toEqual([en("vote.phone.ask")]);
    await h.send(contact(ann, "+996700555666"), contact(bob, "+996700555666"));
    expect(firstLines(h.take())).toEqual(
      expect.arrayContaining([en("vote.phone.confirmed"), en("vote.phone.taken")]),
    );
  });
});
