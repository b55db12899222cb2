import { eq } from "drizzle-orm";
import type { User } from "grammy/types";
import { describe, expect, it } from "vitest";
import { findMunicipality, municipalityLabel } from "../../src/db/repo/municipalities.js";
import { roundEntries } from "../../src/db/repo/rounds.js";
import { awaiting, staff } from "../../src/db/schema.js";
import { type Locale, translator } from "../../src/i18n/index.js";
import { createHarness, type Harness, onboard, texts } from "../support/harness.js";
import { grant } from "../support/initiatives.js";
import { openRoundNow, roundCast, roundRow } from "../support/rounds.js";
import { person, press, text } from "../support/updates.js";

const en = translator("en");
const admin = person(900, "en");

/** What a revoked officer of municipality 1 is told, in their language. */
async function roleGone(h: Harness, locale: Locale) {
  const municipality = municipalityLabel((await findMunicipality(h.db, 1))!, locale);
  return translator(locale)("round.errors.roleGone", { municipality });
}

/** An admin revokes the person's officer grant for municipality 1 from the admin panel, as in use. */
async function revokeFromPanel(h: Harness, who: User) {
  const [row] = await h.db.select().from(staff).where(eq(staff.userId, who.id));
  await h.send(press(admin, `1|adm|rv|${row!.id}`));
  expect(h.take().map((c) => c.payload.text)).toEqual([en("admin.revoked")]);
}

const answers = (calls: { method: string; payload: { text?: string } }[]) =>
  calls.filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload.text);

describe("a round step after the role was revoked", () => {
  it("refuses the draft's typed answer, stores nothing, and ends the question", async () => {
    const h = await createHarness();
    const officer = person(9601, "en");
    await onboard(h, officer);
    await onboard(h, admin);
    await grant(h, officer.id, "officer", 1);
    await h.send(text(officer, "/newround"));
    expect(texts(h.take()).at(-1)).toBe(en("round.steps.title"));
    const [prompt] = await h.db.select().from(awaiting);
    await revokeFromPanel(h, officer);

    await h.send(text(officer, "Budget 2027"));
    expect(texts(h.take())).toEqual([await roleGone(h, "en")]);
    expect((await roundRow(h, prompt!.subjectId)).title).toBeNull();
    expect(await h.db.select().from(awaiting)).toEqual([]);
    // The question no longer waits: the next message is not taken for a title either.
    await h.send(text(officer, "Budget 2028"));
    expect((await roundRow(h, prompt!.subjectId)).title).toBeNull();
  });

  it("refuses an officer still in charge elsewhere, in their language", async () => {
    const h = await createHarness();
    const officer = person(9602, "ru");
    await onboard(h, officer);
    await grant(h, officer.id, "officer", 1);
    await grant(h, officer.id, "officer", 2);
    await h.send(text(officer, "/newround"), press(officer, "1|rnd|mun|1"));
    const [prompt] = await h.db.select().from(awaiting);
    h.take();
    await revokeFromPanel(h, officer);
    await h.send(text(officer, "Бюджет 2027"));
    expect(texts(h.take())).toEqual([await roleGone(h, "ru")]);
    expect((await roundRow(h, prompt!.subjectId)).title).toBeNull();
    expect(await h.db.select().from(awaiting)).toEqual([]);
    // Every button of the draft is refused the same way.
    await h.send(press(officer, `1|rnd|skip|${prompt!.subjectId}|title`), press(officer, "1|rnd|mun|1"));
    expect(answers(h.take())).toEqual([await roleGone(h, "ru"), await roleGone(h, "ru")]);
    expect(await h.db.select().from(awaiting)).toEqual([]);
  });

  it("refuses the paper votes typed after the revocation, and the panel's buttons", async () => {
    const h = await createHarness();
    const officer = person(9603, "en");
    const author = person(9604, "en");
    const moderator = person(9605, "en");
    const ids = await roundCast(h, { author, moderator, officer }, 2);
    const round = await openRoundNow(h, officer.id);
    await h.send(press(officer, `1|rnd|pp|${round.id}|${ids[0]}`));
    expect(texts(h.take()).at(-1)).toContain(
      en("round.ask.paper", { title: "", reference: "" }).slice(0, 12),
    );
    await revokeFromPanel(h, officer);

    await h.send(text(officer, "40"));
    expect(texts(h.take())).toEqual([await roleGone(h, "en")]);
    expect(await h.db.select().from(awaiting)).toEqual([]);
    expect((await roundEntries(h.db, round.id)).map((e) => e.paperVotes)).toEqual([0, 0]);

    for (const data of [`1|rnd|v|${round.id}`, `1|rnd|pp|${round.id}|${ids[1]}`, `1|rnd|cly|${round.id}`]) {
      await h.send(press(officer, data));
      expect(answers(h.take())).toEqual([await roleGone(h, "en")]);
    }
    expect(await h.db.select().from(awaiting)).toEqual([]);
    expect((await roundRow(h, round.id)).status).toBe("open");
    // Someone who never had the role is simply not allowed, as before.
    await h.send(press(author, `1|rnd|v|${round.id}`));
    expect(answers(h.take())).toEqual([en("errors.notAllowed")]);
  });
});
