import { describe, expect, it } from "vitest";
import { LOCALES, translator } from "../../src/i18n/index.js";
import { buttons, createHarness, lastWithKeyboard, onboard, texts } from "../support/harness.js";
import { draftId, grantRole, outboxRows, report, sendReport } from "../support/reports.js";
import { location, person, press, text, voice } from "../support/updates.js";

const PIN = { latitude: 42.876543, longitude: 74.612349 };

async function withOfficer() {
  const h = await createHarness();
  const officer = person(8301, "en");
  await onboard(h, officer);
  await grantRole(h, officer.id, "officer", 1);
  return { h, officer };
}

/** /report up to the anonymity question; returns the draft id. */
async function upToAnonymity(h: Awaited<ReturnType<typeof createHarness>>, who: ReturnType<typeof person>) {
  await h.send(text(who, "/report"));
  const id = await draftId(h, who);
  await h.send(
    press(who, `1|rf|cat|${id}|family`),
    press(who, `1|rf|urg|${id}|recent`),
    press(who, `1|rf|mun|${id}|1`),
  );
  return id;
}

describe("anonymity comes before the details", () => {
  for (const locale of LOCALES) {
    it(`asks "anonymous?" before "what happened" and warns of voice and map pin (${locale})`, async () => {
      const { h } = await withOfficer();
      const t = translator(locale);
      const citizen = person(8310, locale);
      await onboard(h, citizen);
      const id = await upToAnonymity(h, citizen);
      const asked = texts(h.take());
      // Right after the municipality comes the anonymity question, not the place or the details.
      expect(asked.at(-1)).toContain(t("report.steps.anonymous"));
      expect(asked.join("\n")).not.toContain(t("report.steps.details"));

      await h.send(press(citizen, `1|rf|anon|${id}|y`));
      const [placeStep] = texts(h.take());
      expect(placeStep).toContain(t("report.anonymityWarning"));
      expect(placeStep).toContain(t("report.stepsAnonymous.place"));
      await h.send(press(citizen, `1|rf|next|${id}|place`));
      const [detailsStep] = texts(h.take());
      // Text is the invited answer; the voice risk is said plainly.
      expect(detailsStep).toContain(t("report.stepsAnonymous.details"));
      expect(detailsStep).not.toContain(t("report.steps.details"));

      // A voice sent anyway is kept, with the warning again and a button to take it back.
      await h.send(voice(citizen, "voice-risky"));
      const received = h.take();
      expect(texts(received)[0]).toContain(t("report.voiceWarning"));
      expect(buttons(lastWithKeyboard(received)).map((b) => b.data)).toContain(`1|rf|novoice|${id}`);
      expect((await report(h, id)).voiceFileId).toBe("voice-risky");
      await h.send(press(citizen, `1|rf|novoice|${id}`));
      expect(texts(h.take())[0]).toContain(t("report.voiceRemoved"));
      expect((await report(h, id)).voiceFileId).toBeNull();
      await h.send(text(citizen, "They shout every night."));
      expect(texts(h.take())[0]).not.toContain(t("report.voiceWarning"));
    });
  }

  it("says nothing of the voice risk to a reporter who chose to be named", async () => {
    const { h } = await withOfficer();
    const en = translator("en");
    const citizen = person(8311, "en");
    await onboard(h, citizen);
    const id = await upToAnonymity(h, citizen);
    h.take();
    await h.send(press(citizen, `1|rf|anon|${id}|n`), press(citizen, `1|rf|next|${id}|place`));
    const said = texts(h.take()).join("\n");
    expect(said).not.toContain(en("report.anonymityWarning"));
    expect(said).toContain(en("report.steps.details"));
    await h.send(voice(citizen, "voice-named"));
    expect(texts(h.take())[0]).not.toContain(en("report.voiceWarning"));
  });
});

describe("an anonymous reporter's map pin", () => {
  for (const locale of LOCALES) {
    it(`is stored and shown to officers rounded to 2 decimals (${locale})`, async () => {
      const { h, officer } = await withOfficer();
      const t = translator(locale);
      const citizen = person(8320, locale);
      await onboard(h, citizen);
      const id = await upToAnonymity(h, citizen);
      await h.send(press(citizen, `1|rf|anon|${id}|y`));
      h.take();
      await h.send(location(citizen, PIN.latitude, PIN.longitude));
      const choice = h.take();
      expect(texts(choice)[0]).toBe(
        t("report.pinRounded", { lat: "42.88", lon: "74.61", url: "https://maps.google.com/?q=42.88,74.61" }),
      );
      expect(buttons(lastWithKeyboard(choice)).map((b) => b.data)).toContain(
        `1|rf|exact|${id}|42.876543|74.612349`,
      );
      // The database holds no more than the officers will see.
      expect(await report(h, id)).toMatchObject({ latitude: 42.88, longitude: 74.61, exactLocation: false });

      await h.send(press(citizen, `1|rf|next|${id}|place`), text(citizen, "They shout every night."));
      await h.send(press(citizen, `1|rf|next|${id}|details`), press(citizen, `1|rf|next|${id}|affected`));
      await h.send(press(citizen, `1|rf|cont|${id}|n`), press(citizen, `1|rf|send|${id}`));
      const card = (await outboxRows(h)).find((r) => r.chatId === officer.id)!;
      const en = translator("en");
      expect(card.payload.text).toContain(
        en("report.card.locationApproximate", {
          lat: "42.88",
          lon: "74.61",
          url: "https://maps.google.com/?q=42.88,74.61",
        }),
      );
      expect(card.payload.text).not.toContain("42.876");
    });
  }

  it("reaches officers exact when the reporter chose to share the exact point", async () => {
    const { h, officer } = await withOfficer();
    const en = translator("en");
    const citizen = person(8321, "en");
    await onboard(h, citizen);
    const id = await upToAnonymity(h, citizen);
    await h.send(press(citizen, `1|rf|anon|${id}|y`), location(citizen, PIN.latitude, PIN.longitude));
    h.take();
    // A forged button with another point is refused: only the pin now stored can be made exact.
    await h.send(press(citizen, `1|rf|exact|${id}|41.000000|75.000000`));
    expect(texts(h.take())[0]).toContain(en("errors.staleButton"));
    await h.send(press(citizen, `1|rf|exact|${id}|42.876543|74.612349`));
    const [details] = texts(h.take());
    expect(details).toContain(en("report.pinExactKept"));
    expect(details).toContain(en("report.stepsAnonymous.details"));
    expect(await report(h, id)).toMatchObject({
      latitude: 42.876543,
      longitude: 74.612349,
      exactLocation: true,
      anonymous: true,
    });
    await h.send(text(citizen, "They shout every night."), press(citizen, `1|rf|next|${id}|details`));
    await h.send(press(citizen, `1|rf|next|${id}|affected`), press(citizen, `1|rf|cont|${id}|n`));
    await h.send(press(citizen, `1|rf|send|${id}`));
    const card = (await outboxRows(h)).find((r) => r.chatId === officer.id)!;
    expect(card.payload.text).toContain("https://maps.google.com/?q=42.87654,74.61235");
  });

  it("is exact for a named reporter, and rounded again if they turn anonymous", async () => {
    const { h } = await withOfficer();
    const citizen = person(8322, "en");
    await onboard(h, citizen);
    const id = await upToAnonymity(h, citizen);
    await h.send(press(citizen, `1|rf|anon|${id}|n`), location(citizen, PIN.latitude, PIN.longitude));
    expect(await report(h, id)).toMatchObject({ latitude: 42.876543, exactLocation: true });
    // Back from the details to the place, and from there to the anonymity question.
    await h.send(press(citizen, `1|rf|back|${id}|details`), press(citizen, `1|rf|back|${id}|place`));
    await h.send(press(citizen, `1|rf|anon|${id}|y`));
    expect(await report(h, id)).toMatchObject({ latitude: 42.88, longitude: 74.61, exactLocation: false });
  });

  it("keeps the shared helpers' reports anonymous and rounded by default", async () => {
    const { h } = await withOfficer();
    const citizen = person(8323, "ky");
    await onboard(h, citizen);
    const id = await sendReport(h, citizen, { place: PIN });
    expect(await report(h, id)).toMatchObject({ status: "new", latitude: 42.88, longitude: 74.61 });
  });
});
