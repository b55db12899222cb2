import { describe, expect, it } from "vitest";
import { findMunicipality, municipalityLabel } from "../../src/db/repo/municipalities.js";
import { reportFlows, reports } from "../../src/db/schema.js";
import { type Locale, translator } from "../../src/i18n/index.js";
import { buttons, createHarness, onboard, texts } from "../support/harness.js";
import {
  DETAILS,
  draftId,
  fillReport,
  grantRole,
  outboxRows,
  report,
  sendReport,
  withAll,
  withPhoto,
  withVoice,
} from "../support/reports.js";
import { groupChat, person, press, sticker, text, voice } from "../support/updates.js";

const en = translator("en");

async function withOfficers() {
  const h = await createHarness();
  const officerKy = person(8101, "ky");
  const officerRu = person(8102, "ru");
  const elsewhere = person(8103, "en");
  for (const who of [officerKy, officerRu, elsewhere]) await onboard(h, who);
  await grantRole(h, officerKy.id, "officer", 1);
  await grantRole(h, officerRu.id, "officer", 1);
  await grantRole(h, elsewhere.id, "officer", 2);
  return { h, officerKy, officerRu, elsewhere };
}

const variants: { locale: Locale; kind: string; details: typeof withVoice }[] = [
  { locale: "ky", kind: "text", details: (w) => [text(w, DETAILS)] },
  { locale: "ru", kind: "voice", details: withVoice },
  { locale: "en", kind: "photo", details: withPhoto },
];

describe("reporting a conflict", () => {
  for (const { locale, kind, details } of variants) {
    it(`takes a person through every step in ${locale} with ${kind} and gives a reference`, async () => {
      const { h, officerKy } = await withOfficers();
      const t = translator(locale);
      const citizen = person(8200, locale);
      await onboard(h, citizen);

      await h.send(text(citizen, "/report"));
      const opening = h.take();
      const [safety, category] = texts(opening);
      expect(safety).toBe(t("report.safety"));
      expect(safety).toMatch(/102.*112/s);
      expect(category).toContain(t("report.steps.category"));
      const id = await draftId(h, citizen);
      expect(buttons(opening.at(-1)).map((b) => b.data)).toEqual([
        ...["family", "youth", "resources", "lsg", "other"].map((c) => `1|rf|cat|${id}|${c}`),
        `1|rf|cancel|${id}`,
      ]);

      await h.send(press(citizen, `1|rf|cancel|${id}`));
      h.take();
      const filled = await fillReport(h, citizen, { details, affected: ["women", "children"] });
      expect(filled).not.toBe(id);
      const summary = texts(h.take()).at(-1)!;
      expect(summary).toContain(t("report.summary.lead"));
      expect(summary).toContain(t("report.categories.resources"));
      expect(summary).toContain("Ak-Jar village, near the school");
      expect(summary).toContain(
        `${t("report.affectedGroups.women")}, ${t("report.affectedGroups.children")}`,
      );

      await h.send(press(citizen, `1|rf|send|${filled}`));
      const sent = h.take();
      expect(texts(sent).at(-1)).toBe(t("report.sent", { reference: "R-2026-0001" }));
      expect(buttons(sent.at(-1))).toEqual([{ text: t("report.clearButton"), data: "1|rr|clear" }]);
      expect(await report(h, filled)).toMatchObject({
        status: "new",
        version: 1,
        refYear: 2026,
        refSeq: 1,
        category: "resources",
        urgency: "recent",
        urgent: false,
        municipalityId: 1,
        anonymous: true,
        mayContact: false,
        affected: ["women", "children"],
        text: kind === "text" ? DETAILS : null,
        voiceFileId: kind === "voice" ? "voice-file-1" : null,
        photoFileId: kind === "photo" ? "photo-file-1" : null,
      });
      expect(await h.db.select().from(reportFlows)).toEqual([]);

      const card = (await outboxRows(h)).find((r) => r.chatId === officerKy.id && !r.payload.media)!;
      expect(card.payload.text).toContain(
        translator("ky")("officer.card.newLead", { reference: "R-2026-0001" }),
      );

      await h.send(text(citizen, "/myreports"));
      expect(texts(h.take())[0]).toContain(
        t("report.my.line", {
          reference: "R-2026-0001",
          category: t("report.categories.resources"),
          status: t("report.status.new"),
          date: "29.11.2026",
        }),
      );
    });
  }

  it("shows the emergency numbers again for danger now and marks the report urgent", async () => {
    const { h, officerKy } = await withOfficers();
    const citizen = person(8201, "en");
    await onboard(h, citizen);
    await h.send(text(citizen, "/report"));
    const id = await draftId(h, citizen);
    h.take();
    await h.send(press(citizen, `1|rf|cat|${id}|family`), press(citizen, `1|rf|urg|${id}|danger`));
    const said = texts(h.take()).slice(1);
    expect(said[0]).toBe(en("report.emergency"));
    expect(said[0]).toMatch(/102.*112.*103.*101/s);
    expect(said[1]).toContain(en("report.steps.municipality"));
    await h.send(press(citizen, `1|rf|cancel|${id}`));
    await sendReport(h, citizen, { urgency: "danger", category: "family" });
    const sent = (await h.db.select().from(reports)).find((r) => r.status === "new")!;
    expect(sent).toMatchObject({ urgent: true, urgency: "danger" });
    const card = (await outboxRows(h)).find((r) => r.chatId === officerKy.id)!;
    expect(card.payload.text.startsWith(translator("ky")("officer.card.urgentLead"))).toBe(true);
    expect(card.payload.disableNotification).toBeUndefined();
  });

  it("shows the emergency numbers on /report to someone not registered, and on a resumed report", async () => {
    const h = await createHarness();
    const stranger = person(8120, "ky");
    await h.send(text(stranger, "/report"));
    const ky = translator("ky");
    expect(texts(h.take())).toEqual([`${ky("emergency.line")}\n\n${ky("report.startFirst")}`]);
    expect(ky("emergency.line")).toMatch(/102.*112/);
    expect(en("report.resumed")).toMatch(/102.*112/);
    expect(en("privacy.declined")).toMatch(/102.*112/);
  });

  it("goes back a step, keeps the answers, and cancels without sending anything", async () => {
    const { h } = await withOfficers();
    const citizen = person(8202, "en");
    await onboard(h, citizen);
    await h.send(text(citizen, "/report"));
    const id = await draftId(h, citizen);
    await h.send(press(citizen, `1|rf|cat|${id}|youth`));
    h.take();
    await h.send(press(citizen, `1|rf|back|${id}|urgency`));
    expect(texts(h.take())[0]).toContain(en("report.steps.category"));
    // The urgency prompt is out of date now: its buttons are refused.
    await h.send(press(citizen, `1|rf|urg|${id}|recent`));
    expect(h.take().find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      en("errors.staleButton"),
    );
    await h.send(press(citizen, `1|rf|cat|${id}|lsg`));
    expect((await report(h, id)).category).toBe("lsg");
    h.take();

    await h.send(press(citizen, `1|rf|cancel|${id}`));
    expect(texts(h.take())).toEqual([en("report.cancelled")]);
    expect(await h.db.select().from(reports)).toEqual([]);
    expect(await outboxRows(h)).toEqual([]);
  });

  it("explains a wrong answer in one sentence and asks the same step again", async () => {
    const { h } = await withOfficers();
    const citizen = person(8203, "en");
    await onboard(h, citizen);
    await h.send(text(citizen, "/report"));
    const id = await draftId(h, citizen);
    h.take();
    await h.send(text(citizen, "family"));
    expect(texts(h.take())[0]).toContain(en("report.errors.useButtons"));
    await h.send(
      press(citizen, `1|rf|cat|${id}|other`),
      press(citizen, `1|rf|urg|${id}|tension`),
      press(citizen, `1|rf|mun|${id}|1`),
      press(citizen, `1|rf|anon|${id}|y`),
    );
    h.take();
    await h.send(text(citizen, "x".repeat(201)));
    expect(texts(h.take())[0]).toContain(en("report.errors.tooLong", { max: 200, length: 201 }));
    await h.send(press(citizen, `1|rf|next|${id}|place`));
    h.take();
    await h.send(press(citizen, `1|rf|next|${id}|details`));
    expect(texts(h.take())[0]).toContain(en("report.errors.nothingYet"));
    await h.send(sticker(citizen));
    expect(texts(h.take())[0]).toContain(en("report.errors.unsupported"));
    await h.send(text(citizen, "y".repeat(2001)));
    expect(texts(h.take())[0]).toContain(en("report.errors.tooLong", { max: 2000, length: 2001 }));
    // Short pieces and a voice note wait for more or Next; once the text stands alone, it moves on.
    await h.send(text(citizen, "A fight after school."), voice(citizen, "v-2"));
    expect(texts(h.take()).at(-1)).toContain(
      en("report.detailsReceived", {
        list: `${en("report.detailsParts.text")}, ${en("report.detailsParts.voice")}`,
      }),
    );
    await h.send(text(citizen, "Again today."));
    const moved = texts(h.take());
    expect(moved).toHaveLength(1);
    expect(moved[0]).toContain(en("report.steps.affected"));
    expect(await report(h, id)).toMatchObject({
      text: "A fight after school.\n\nAgain today.",
      voiceFileId: "v-2",
      placeText: null,
    });
  });

  it("lets commands and other buttons leave the flow, and /report continues where it stopped", async () => {
    const { h } = await withOfficers();
    const citizen = person(8204, "en");
    await onboard(h, citizen);
    await h.send(text(citizen, "/report"));
    const id = await draftId(h, citizen);
    await h.send(press(citizen, `1|rf|cat|${id}|family`), press(citizen, `1|rf|urg|${id}|recent`));
    await h.send(press(citizen, `1|rf|mun|${id}|1`), press(citizen, `1|rf|anon|${id}|y`));
    await h.send(text(citizen, "/help"));
    h.take();
    await h.send(text(citizen, "Near the mosque"));
    expect(texts(h.take())[0]).toContain(en("unhandled.text"));
    expect((await report(h, id)).placeText).toBeNull();

    await h.send(text(citizen, "/report"));
    const resumed = texts(h.take());
    expect(resumed[0]).toContain(en("report.resumed"));
    expect(resumed[0]).toContain(en("report.stepsAnonymous.place"));
    await h.send(text(citizen, "Near the mosque"));
    expect((await report(h, id)).placeText).toBe("Near the mosque");
  });

  it("sends a report with text, voice and photo, which officers get re-sent by file id, never forwarded", async () => {
    const { h, officerKy } = await withOfficers();
    const citizen = person(8205, "ru");
    await onboard(h, citizen);
    await sendReport(h, citizen, { details: withAll, place: { latitude: 42.46, longitude: 76.19 } });
    const toOfficer = (await outboxRows(h)).filter((r) => r.chatId === officerKy.id);
    expect(toOfficer.map((r) => r.payload.media ?? null)).toEqual([
      null,
      { kind: "voice", fileId: "voice-file-1" },
      { kind: "photo", fileId: "photo-file-1" },
    ]);
    // Anonymous: the pin reaches officers rounded to 2 decimals (about 1 km).
    expect(toOfficer[0]!.payload.text).toContain("https://maps.google.com/?q=42.46,76.19");
    expect(toOfficer.slice(1).every((r) => r.payload.disableNotification)).toBe(true);
    expect(h.calls.some((c) => /^(forward|copy)Messages?$/.test(c.method))).toBe(false);
  });

  it("sends each report to the officers of its own municipality only, and to its officers' group", async () => {
    const { h, officerKy, officerRu, elsewhere } = await withOfficers();
    const admin = person(900, "en");
    const group = groupChat(-100555);
    await h.send(text(officerKy, "/officers_here balykchy", group));
    expect(texts(h.take())).toEqual([translator("ky")("errors.notAllowed")]);
    await h.send(text(admin, "/officers_here nowhere", group));
    expect(texts(h.take())).toEqual([en("officer.group.unknown", { slug: "nowhere" })]);
    await h.send(text(admin, "/officers_here balykchy", group));
    expect(texts(h.take())[0]).toBe(
      en("officer.group.set", { municipality: "Balykchy city (Issyk-Kul oblast)" }),
    );
    const citizen = person(8206, "ky");
    await onboard(h, citizen);

    await sendReport(h, citizen, { municipalityId: 2 });
    expect(new Set((await outboxRows(h)).map((r) => r.chatId))).toEqual(new Set([elsewhere.id]));
    await sendReport(h, citizen, { municipalityId: 1 });
    const second = (await outboxRows(h)).filter((r) => r.dedupeKey?.startsWith("report:2:"));
    expect(second.map((r) => r.chatId).sort()).toEqual([group.id, officerKy.id, officerRu.id].sort());
    const byChat = new Map(second.map((r) => [r.chatId, r.payload.text]));
    expect(byChat.get(officerRu.id)).toContain(
      translator("ru")("officer.card.newLead", { reference: "R-2026-0002" }),
    );
    expect(byChat.get(group.id)).toContain(en("officer.card.newLead", { reference: "R-2026-0002" }));
  });

  it("sends a report of a municipality without officers to moderators and admins at once", async () => {
    const h = await createHarness();
    const moderator = person(8301, "ru");
    const citizen = person(8302, "en");
    for (const who of [moderator, citizen]) await onboard(h, who);
    await grantRole(h, moderator.id, "moderator");
    let wakeUps = 0;
    h.deps.onEnqueued = () => wakeUps++;
    await sendReport(h, citizen, { municipalityId: 5 });
    const place = (await findMunicipality(h.db, 5))!;
    expect(wakeUps).toBe(1);
    const rows = await outboxRows(h);
    expect(rows.map((r) => r.chatId).sort()).toEqual([900, moderator.id].sort());
    expect(rows.find((r) => r.chatId === moderator.id)!.payload.text).toContain(
      translator("ru")("officer.card.noOfficersLead", {
        reference: "R-2026-0001",
        municipality: municipalityLabel(place, "ru"),
      }),
    );
  });

  it("sends once however often Send is pressed, and numbers reports one after another", async () => {
    const { h } = await withOfficers();
    const citizen = person(8207, "en");
    await onboard(h, citizen);
    const id = await fillReport(h, citizen);
    await h.send(press(citizen, `1|rf|send|${id}`), press(citizen, `1|rf|send|${id}`));
    const second = await sendReport(h, citizen);
    const rows = await h.db.select().from(reports);
    expect(rows.map((r) => [r.id, r.refSeq])).toEqual([
      [id, 1],
      [second, 2],
    ]);
    expect((await outboxRows(h)).filter((r) => r.dedupeKey === `report:${id}:new:8101`)).toHaveLength(1);
  });

  it("puts reporting and the reporter's list in the menu, and the officers' list for officers", async () => {
    const { h, officerKy } = await withOfficers();
    const citizen = person(8208, "en");
    await onboard(h, citizen);
    await h.send(text(citizen, "/menu"), text(officerKy, "/menu"));
    const [mine, officers] = h.take().map((c) => buttons(c).map((b) => b.data));
    expect(mine).toEqual(expect.arrayContaining(["1|menu|report", "1|menu|myreports"]));
    expect(mine).not.toContain("1|menu|reports");
    expect(officers).toContain("1|menu|reports");
    await h.send(press(citizen, "1|menu|report"));
    expect(texts(h.take())[0]).toBe(en("report.safety"));
  });
});
