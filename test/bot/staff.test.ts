import { describe, expect, it } from "vitest";
import { findMunicipality, municipalityLabel } from "../../src/db/repo/municipalities.js";
import { enqueue, markFailed } from "../../src/db/repo/outbox.js";
import { findUser } from "../../src/db/repo/users.js";
import { auditLog, invites, municipalities, outbox, staff } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import { buttons, createHarness, type Harness, onboard, texts } from "../support/harness.js";
import { person, press, text } from "../support/updates.js";

const en = translator("en");
const admin = person(900, "en");

async function inviteLink(h: Harness, data: string): Promise<string> {
  await h.send(press(admin, data));
  const link = texts(h.take())
    .join("\n")
    .match(/https:\/\/t\.me\/yntymak_test_bot\?start=(inv-[\w-]+)/);
  expect(link).not.toBeNull();
  return link![1]!;
}

describe("staff", () => {
  it("an admin invites an officer of a municipality, who gets the role once", async () => {
    const h = await createHarness();
    await h.send(text(admin, "/admin"));
    expect(buttons(h.take()[0]).map((b) => b.data)).toEqual([
      "1|adm|io",
      "1|adm|im",
      "1|adm|staff",
      "1|adm|munis",
      "1|adm|fail",
      "1|blk|list",
    ]);
    await h.send(press(admin, "1|adm|io"));
    expect(buttons(h.take()[1])).toHaveLength(8);
    const payload = await inviteLink(h, "1|adm|iom|7");

    const officer = person(901, "ky");
    await h.send(text(officer, `/start ${payload}`));
    // Consent comes first; the invite rides along through the buttons.
    const choose = buttons(h.take()[0]);
    const lang = choose.find((b) => b.data.startsWith("1|ob|lang|ky"))!.data;
    await h.send(press(officer, lang));
    const consent = buttons(h.take().at(-1)).find((b) => b.data.startsWith("1|ob|ok|"))!.data;
    await h.send(press(officer, consent));
    // The officer reads the invite's municipality by name, and it is their place: not asked again.
    const ky = translator("ky");
    const name = municipalityLabel((await findMunicipality(h.db, 7))!, "ky");
    const shown = texts(h.take());
    expect(shown).toContain(ky("staff.invite.accepted.officer", { municipality: name }));
    expect(shown.at(-1)).toBe(
      `${ky("profile.municipalityChosen", { name })}\n\n${ky("profile.genderPrompt")}`,
    );
    expect(shown.join("\n")).not.toContain(ky("profile.municipalityPrompt"));
    expect((await findUser(h.db, 901))?.municipalityId).toBe(7);
    expect(await h.db.select().from(staff)).toMatchObject([
      { userId: 901, role: "officer", municipalityId: 7, grantedBy: 900 },
    ]);

    const intruder = person(902, "en");
    await onboard(h, intruder);
    await h.send(text(intruder, `/start ${payload}`));
    expect(texts(h.take())[0]).toBe(en("staff.invite.used"));
    expect(await h.db.select().from(staff)).toHaveLength(1);
  });

  it("a registered person opening a moderator invite becomes a moderator; expired links are refused", async () => {
    const h = await createHarness();
    const mod = person(903, "ru");
    await onboard(h, mod);
    const payload = await inviteLink(h, "1|adm|im");
    await h.send(text(mod, `/start ${payload}`));
    expect(texts(h.take())[0]).toBe(translator("ru")("staff.invite.accepted.moderator"));

    const late = person(904, "en");
    await onboard(h, late);
    const stale = await inviteLink(h, "1|adm|im");
    h.advance(7 * 24 * 60 * 60 * 1000 + 1);
    await h.send(text(late, `/start ${stale}`), text(late, "/start inv-doesnotexist"));
    expect(texts(h.take()).slice(0, 3)).toEqual([
      en("staff.invite.expired"),
      expect.stringContaining(en("onboarding.welcomeBack")),
      en("staff.invite.unknown"),
    ]);
    expect((await h.db.select().from(staff)).map((s) => s.userId)).toEqual([903]);
  });

  it("an admin lists and revokes staff; every grant and revoke is audited", async () => {
    const h = await createHarness();
    const mod = person(905, "en");
    await onboard(h, mod);
    const payload = await inviteLink(h, "1|adm|im");
    await h.send(text(mod, `/start ${payload}`));
    h.take();
    await h.send(press(admin, "1|adm|staff"));
    const list = h.take()[1]!;
    expect(list.payload.text).toContain('<a href="tg://user?id=905">905</a>');
    const [revoke] = buttons(list);
    await h.send(press(admin, revoke!.data), press(admin, revoke!.data));
    const answers = h.take().filter((c) => c.method === "answerCallbackQuery");
    expect(answers.map((a) => a.payload.text)).toEqual([en("admin.revoked"), en("errors.staleButton")]);
    expect(await h.db.select().from(staff)).toEqual([]);
    const audit = (await h.db.select().from(auditLog)).map((a) => a.action);
    expect(audit).toEqual(["invite.created", "staff.granted", "staff.revoked"]);
    expect((await h.db.select().from(invites))[0]?.usedBy).toBe(905);
  });

  it("an admin adds, renames, disables and enables municipalities without code", async () => {
    const h = await createHarness();
    await h.send(
      text(
        admin,
        "/muni_add ak-tal; ky Ак-Тал айыл аймагы | Ак-Талаа району; ru Ак-Талский айылный аймак | Ак-Талинский район; en Ak-Tal aiyl aimak | Ak-Talaa district",
      ),
    );
    expect(texts(h.take())[0]).toBe(
      en("admin.municipalityAdded", { name: "Ak-Tal aiyl aimak (Ak-Talaa district)" }),
    );
    await h.send(text(admin, "/muni_add ak-tal; ky x"));
    expect(texts(h.take())[0]).toContain("already exists");
    await h.send(text(admin, "/muni_rename ak-tal en Ak-Tal <new>"));
    expect(texts(h.take())[0]).toContain("Ak-Tal &lt;new&gt; (Ak-Talaa district)");
    await h.send(
      text(admin, "/muni_add ak-suu; ru Ак-Суу"),
      text(admin, "/muni_add ak-suu; ky Ак-Суу; xx Ak-Suu"),
    );
    expect(texts(h.take())).toEqual([en("admin.municipalityHelp"), en("admin.municipalityHelp")]);
    await h.send(text(admin, "/muni_disable kurama"), text(admin, "/muni_disable nowhere"));
    expect(texts(h.take())[1]).toBe(en("admin.municipalityUnknown", { slug: "nowhere" }));

    const citizen = person(906, "en");
    await h.send(text(citizen, "/start"), press(citizen, "1|ob|lang|en"), press(citizen, "1|ob|ok|en"));
    const offered = buttons(h.take().at(-1)).map((b) => b.text);
    expect(offered).toContain("Ak-Tal <new>");
    expect(offered.some((name) => name.startsWith("Kurama"))).toBe(false);
    await h.send(press(citizen, "1|ob|mun|8"));
    expect(h.take().find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      en("errors.staleButton"),
    );

    await h.send(text(admin, "/muni_enable kurama"));
    const rows = await h.db.select().from(municipalities);
    expect(rows.find((m) => m.slug === "kurama")?.active).toBe(true);
    const audit = (await h.db.select().from(auditLog)).map((a) => a.action);
    expect(audit).toEqual([
      "municipality.added",
      "municipality.renamed",
      "municipality.disabled",
      "municipality.enabled",
    ]);
    const [, renamed] = await h.db.select().from(auditLog);
    expect(renamed).toMatchObject({
      actorId: admin.id,
      subject: "ak-tal",
      details: { locale: "en", name: "Ak-Tal <new>" },
    });
    expect(renamed!.createdAt).toBeGreaterThan(0);
  });

  it("an admin sees notifications that could not be delivered, and a citizen cannot", async () => {
    const h = await createHarness();
    await h.send(press(admin, "1|adm|fail"));
    expect(texts(h.take())).toEqual([en("admin.noFailures")]);
    await enqueue(h.database, { chatId: 555, payload: { text: "hello" }, dedupeKey: "test:1" }, h.deps.now());
    const [row] = await h.db.select().from(outbox);
    await markFailed(h.db, row!.id, "Bad Request: chat not found", h.deps.now());
    await h.send(text(admin, "/failures"));
    const [listing] = texts(h.take());
    expect(listing).toContain("<code>555</code>");
    expect(listing).toContain("Bad Request: chat not found");
    const citizen = person(907, "en");
    await h.send(text(citizen, "/failures"), press(citizen, "1|adm|fail"));
    const refusals = h.take().filter((c) => c.payload.text === en("errors.notAllowed"));
    expect(refusals).toHaveLength(2);
  });
});
