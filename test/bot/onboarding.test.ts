import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { privacySummary } from "../../src/bot/views/privacy-notice.js";
import {
  findMunicipalityBySlug,
  municipalityDistrict,
  municipalityLabel,
  municipalityName,
} from "../../src/db/repo/municipalities.js";
import { findUser } from "../../src/db/repo/users.js";
import { conversationState, users } from "../../src/db/schema.js";
import { LOCALES, translator } from "../../src/i18n/index.js";
import { buttons, createHarness, lastWithKeyboard, texts } from "../support/harness.js";
import { person, press, text } from "../support/updates.js";

describe("onboarding", () => {
  for (const locale of LOCALES) {
    it(`takes a new person through every step in ${locale}`, async () => {
      const h = await createHarness();
      const t = translator(locale);
      const alice = person(7001, locale);

      await h.send(text(alice, "/start"));
      let calls = h.take();
      expect(calls.map((c) => c.method)).toEqual(["sendMessage"]);
      expect(buttons(calls[0]).map((b) => b.text)[0]).toMatch(/^✅/);
      expect(buttons(calls[0]).map((b) => b.data)).toContain(`1|ob|lang|${locale}`);
      expect(await findUser(h.db, alice.id)).toBeUndefined();

      // Each press turns the message it was on into the next step: one call besides the answer.
      await h.send(press(alice, `1|ob|lang|${locale}`));
      calls = h.take();
      expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
      expect(texts(calls)).toEqual([
        `${t("onboarding.welcome")}\n\n${privacySummary(t, undefined)}\n\n${t("emergency.line")}`,
      ]);
      // Nothing about the person is kept before consent.
      expect(await h.db.select().from(users)).toEqual([]);
      expect(await h.db.select().from(conversationState)).toEqual([]);

      await h.send(press(alice, `1|ob|ok|${locale}`));
      calls = h.take();
      expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
      const [prompt] = texts(calls);
      expect(prompt).toContain(`${t("privacy.accepted")}\n\n${t("profile.municipalityPrompt")}`);
      const places = buttons(lastWithKeyboard(calls));
      expect(places).toHaveLength(8);
      // The two Lenins: the buttons tell them apart by a number, the text above names each district.
      const lenins = places.filter((p) => /Ленин|Lenin/.test(p.text));
      expect(new Set(lenins.map((p) => p.text)).size).toBe(2);
      for (const [i, slug] of ["lenin-alai", "lenin-alamudun"].entries()) {
        const lenin = (await findMunicipalityBySlug(h.db, slug))!;
        expect(lenins[i]!.text).toBe(`${municipalityName(lenin, locale)} (${i + 1})`);
        expect(prompt).toContain(`${lenins[i]!.text}: ${municipalityDistrict(lenin, locale)}`);
      }
      expect((await findUser(h.db, alice.id))?.locale).toBe(locale);

      await h.send(press(alice, places[2]!.data));
      calls = h.take();
      const sumbula = (await findMunicipalityBySlug(h.db, "sumbula"))!;
      expect(places[2]!.text).toBe(municipalityName(sumbula, locale));
      const chosenPlace = t("profile.municipalityChosen", { name: municipalityLabel(sumbula, locale) });
      expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
      expect(texts(calls)).toEqual([`${chosenPlace}\n\n${t("profile.genderPrompt")}`]);
      expect(buttons(calls[1]).map((b) => b.data)).toContain("1|ob|gender|woman");

      await h.send(press(alice, "1|ob|gender|woman"));
      const answers = `${chosenPlace}\n${t("profile.genderChosen.woman")}`;
      expect(texts(h.take())).toEqual([`${answers}\n\n${t("profile.agePrompt")}`]);

      await h.send(press(alice, "1|ob|age|18-28"));
      calls = h.take();
      expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
      const age = t("profile.ageChosen", { band: t("profile.age.18-28") });
      expect(texts(calls)).toEqual([`${answers}\n${age}\n\n${t("profile.done")}\n\n${t("menu.title")}`]);
      expect(buttons(lastWithKeyboard(calls)).map((b) => b.data)).toContain("1|menu|language");

      const stored = await findUser(h.db, alice.id);
      expect(stored).toMatchObject({ locale, gender: "woman", ageBand: "18-28", municipalityId: 3 });
      expect(stored?.onboardedAt).not.toBeNull();
    });
  }

  it("preselects the Telegram language and falls back to the default one", async () => {
    const h = await createHarness({ env: { DEFAULT_LOCALE: "ru" } });
    await h.send(text(person(7002, "de"), "/start"));
    const [call] = h.take();
    expect(buttons(call)[0]).toEqual({ text: "✅ Русский", data: "1|ob|lang|ru" });
  });

  it("keeps nothing when the person declines, and lets them come back", async () => {
    const h = await createHarness();
    const bob = person(7003, "ru");
    await h.send(text(bob, "/start"), press(bob, "1|ob|lang|ru"), press(bob, "1|ob|no|ru"));
    expect(texts(h.take()).at(-1)).toBe(translator("ru")("privacy.declined"));
    expect(await findUser(h.db, bob.id)).toBeUndefined();
  });

  it("answers text and stickers during a step with a hint and keeps the step", async () => {
    const h = await createHarness();
    const ann = person(7004, "en");
    await h.send(text(ann, "/start"), press(ann, "1|ob|lang|en"), press(ann, "1|ob|ok|en"));
    h.take();
    await h.send(text(ann, "Kurama please"));
    expect(texts(h.take())).toEqual([translator("en")("common.useButtons")]);
    await h.send(press(ann, "1|ob|mun|8"), press(ann, "1|ob|gender|skip"), press(ann, "1|ob|age|skip"));
    expect(await findUser(h.db, ann.id)).toMatchObject({ municipalityId: 8, gender: null, ageBand: null });
  });

  it("sends a person who finished onboarding to the menu on /start", async () => {
    const h = await createHarness();
    const ann = person(7005, "en");
    await h.send(
      text(ann, "/start"),
      press(ann, "1|ob|lang|en"),
      press(ann, "1|ob|ok|en"),
      press(ann, "1|ob|mun|1"),
      press(ann, "1|ob|gender|man"),
      press(ann, "1|ob|age|56plus"),
    );
    h.take();
    await h.send(text(ann, "/start"));
    const calls = h.take();
    expect(texts(calls)).toEqual([
      `${translator("en")("onboarding.welcomeBack")}\n\n${translator("en")("menu.title")}`,
    ]);
  });

  it("drops a profile stored by an older build instead of replaying it, and /start asks again", async () => {
    const h = await createHarness();
    const en = translator("en");
    const lena = person(7007, "en");
    await h.send(text(lena, "/start"), press(lena, "1|ob|lang|en"), press(lena, "1|ob|ok|en"));
    // As the build before storage version 2 left it: same plugin, data version 1.
    const [stored] = await h.db
      .select()
      .from(conversationState)
      .where(eq(conversationState.key, String(lena.id)));
    const older = { ...JSON.parse(stored!.value), version: [0, 1] };
    await h.db
      .update(conversationState)
      .set({ value: JSON.stringify(older) })
      .where(eq(conversationState.key, String(lena.id)));
    h.take();

    await h.send(press(lena, "1|ob|mun|3"));
    const calls = h.take();
    expect(texts(calls).join("\n")).not.toContain(en("profile.genderPrompt"));
    expect(await findUser(h.db, lena.id)).toMatchObject({ municipalityId: null, onboardedAt: null });

    await h.send(text(lena, "/start"));
    expect(texts(h.take()).at(-1)?.startsWith(en("profile.municipalityPrompt"))).toBe(true);
    await h.send(press(lena, "1|ob|mun|3"));
    expect(texts(h.take()).at(-1)).toContain(en("profile.genderPrompt"));
  });

  it("continues onboarding after a restart of the process", async () => {
    const { openSqlite } = await import("../../src/db/sqlite.js");
    const { mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "yntymak-")), "bot.sqlite");
    const before = await createHarness({ database: openSqlite(file) });
    const kim = person(7006, "ky");
    await before.send(
      text(kim, "/start"),
      press(kim, "1|ob|lang|ky"),
      press(kim, "1|ob|ok|ky"),
      press(kim, "1|ob|mun|5"),
    );
    before.database.close();

    const after = await createHarness({ database: openSqlite(file) });
    await after.send(press(kim, "1|ob|gender|undisclosed"));
    const ky = translator("ky");
    expect(
      texts(after.take())
        .at(-1)
        ?.endsWith(`\n${ky("profile.genderChosen.undisclosed")}\n\n${ky("profile.agePrompt")}`),
    ).toBe(true);
    await after.send(press(kim, "1|ob|age|36-55"));
    expect(await findUser(after.db, kim.id)).toMatchObject({
      municipalityId: 5,
      gender: "undisclosed",
      ageBand: "36-55",
    });
    const [state] = await after.db
      .select()
      .from(conversationState)
      .where(eq(conversationState.key, String(kim.id)));
    expect(state === undefined || !state.value.includes("profile")).toBe(true);
  });
});
