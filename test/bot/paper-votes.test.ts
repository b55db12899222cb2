import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findMunicipality, municipalityLabel } from "../../src/db/repo/municipalities.js";
import { roundEntries } from "../../src/db/repo/rounds.js";
import { revokeGrant } from "../../src/db/repo/staff.js";
import { auditLog, municipalities, staff } from "../../src/db/schema.js";
import { formatNumber } from "../../src/i18n/format.js";
import { translator } from "../../src/i18n/index.js";
import { createHarness, texts } from "../support/harness.js";
import { openRoundNow, roundCast } from "../support/rounds.js";
import { person, press, text } from "../support/updates.js";

const en = translator("en");
const admin = person(900, "en");

async function setUp() {
  const h = await createHarness({ env: { PAPER_VOTES_MAX: "500" } });
  const officer = person(9701, "en");
  const author = person(9702, "en");
  const moderator = person(9703, "en");
  const ids = await roundCast(h, { author, moderator, officer }, 2);
  const round = await openRoundNow(h, officer.id);
  const place = (await findMunicipality(h.db, 1))!;
  h.take();
  return { h, officer, ids, round, place, name: municipalityLabel(place, "en") };
}

const paperAudit = async (h: Awaited<ReturnType<typeof setUp>>["h"]) =>
  (await h.db.select().from(auditLog).where(eq(auditLog.action, "round.paper_votes"))).map((row) => ({
    actorId: row.actorId,
    subject: row.subject,
    details: row.details,
  }));

describe("paper votes", () => {
  it("audits every entry and change with the old and the new count, the round, the initiative and who", async () => {
    const { h, officer, ids, round } = await setUp();
    await h.send(press(officer, `1|rnd|pp|${round.id}|${ids[0]}`), text(officer, "40"));
    await h.send(press(officer, `1|rnd|pp|${round.id}|${ids[0]}`), text(officer, "35"));
    await h.send(press(officer, `1|rnd|pp|${round.id}|${ids[1]}`), text(officer, "7"));
    expect(texts(h.take()).filter((t) => t.startsWith("Saved"))).toHaveLength(3);
    expect((await roundEntries(h.db, round.id)).map((e) => e.paperVotes)).toEqual([35, 7]);
    const entry = (initiativeId: number, old: number, count: number) => ({
      actorId: officer.id,
      subject: `round:${round.id}`,
      details: { roundId: round.id, initiativeId, old, new: count },
    });
    expect(await paperAudit(h)).toEqual([
      entry(ids[0]!, 0, 40),
      entry(ids[0]!, 40, 35),
      entry(ids[1]!, 0, 7),
    ]);
  });

  it("refuses a count above the setting while the residents are unknown, naming the limit, and asks again", async () => {
    const { h, officer, ids, round, name } = await setUp();
    await h.send(press(officer, `1|rnd|pp|${round.id}|${ids[0]}`), text(officer, "501"));
    expect(texts(h.take()).at(-1)).toBe(
      en("round.errors.paperOver.setting", { max: "500", municipality: name }),
    );
    expect((await roundEntries(h.db, round.id)).map((e) => e.paperVotes)).toEqual([0, 0]);
    expect(await paperAudit(h)).toEqual([]);
    // The question still waits: the corrected count is taken.
    await h.send(text(officer, "500"));
    expect((await roundEntries(h.db, round.id)).map((e) => e.paperVotes)).toEqual([500, 0]);
  });

  it("refuses a count above the residents an admin set with /muni_residents, which is audited", async () => {
    const { h, officer, ids, round, place, name } = await setUp();
    await h.send(
      text(admin, `/muni_residents ${place.slug} 1200`),
      text(admin, "/muni_residents nowhere 5"),
      text(admin, `/muni_residents ${place.slug}`),
    );
    expect(texts(h.take())).toEqual([
      en("residents.set", { name, count: formatNumber(1200) }),
      en("admin.municipalityUnknown", { slug: "nowhere" }),
      en("residents.help"),
    ]);
    await h.send(text(officer, `/muni_residents ${place.slug} 999999`));
    expect(texts(h.take())).toEqual([en("errors.notAllowed")]);

    await h.send(press(officer, `1|rnd|pp|${round.id}|${ids[0]}`), text(officer, "1201"));
    expect(texts(h.take()).at(-1)).toBe(
      en("round.errors.paperOver.residents", { max: formatNumber(1200), municipality: name }),
    );
    // Above the setting of 500, but within the residents.
    await h.send(text(officer, "800"));
    expect((await roundEntries(h.db, round.id)).map((e) => e.paperVotes)).toEqual([800, 0]);

    await h.send(text(admin, `/muni_residents ${place.slug} 0`));
    expect(texts(h.take()).at(-1)).toBe(en("residents.cleared", { name, max: "500" }));
    const [row] = await h.db.select().from(municipalities).where(eq(municipalities.id, place.id));
    expect(row!.residents).toBeNull();
    const audit = await h.db.select().from(auditLog).where(eq(auditLog.action, "municipality.residents"));
    expect(audit.map((a) => [a.actorId, a.subject, a.details])).toEqual([
      [admin.id, place.slug, { old: null, new: 1200 }],
      [admin.id, place.slug, { old: 1200, new: null }],
    ]);
    // The initiative budget next to it is audited the same way.
    await h.send(text(admin, `/muni_budget ${place.slug} 47000`));
    const budget = await h.db.select().from(auditLog).where(eq(auditLog.action, "municipality.budget"));
    expect(budget.map((a) => [a.actorId, a.subject, a.details])).toEqual([
      [admin.id, place.slug, { old: null, new: 47000 }],
    ]);
  });

  it("re-checks the role at the typed count: a revoked officer changes nothing and leaves no audit row", async () => {
    const { h, officer, ids, round } = await setUp();
    await h.send(press(officer, `1|rnd|pp|${round.id}|${ids[0]}`));
    const [row] = await h.db.select().from(staff).where(eq(staff.userId, officer.id));
    await revokeGrant(h.database, row!.id, admin.id);
    await h.send(text(officer, "40"));
    expect((await roundEntries(h.db, round.id)).map((e) => e.paperVotes)).toEqual([0, 0]);
    expect(await paperAudit(h)).toEqual([]);
  });
});
