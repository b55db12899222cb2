import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { initiatives, reportReporters, reports } from "../../src/db/schema.js";
import { CAP_WINDOW_MS, checkCap } from "../../src/domain/daily-cap.js";
import { formatDateTime } from "../../src/i18n/format.js";
import { LOCALES, translator } from "../../src/i18n/index.js";
import { createHarness, onboard, texts } from "../support/harness.js";
import { fillDraft, submitInitiative } from "../support/initiatives.js";
import { fillReport, grantRole, outboxRows, report, sendReport } from "../support/reports.js";
import { person, press, text } from "../support/updates.js";

const HOUR = 60 * 60 * 1000;

/** A report the person sent from elsewhere at `at` (another phone, a second tap), straight into the table. */
async function sentElsewhere(h: Awaited<ReturnType<typeof createHarness>>, userId: number, at: number) {
  const [row] = await h.db
    .insert(reports)
    .values({ municipalityId: 1, status: "new", version: 1, updatedAt: at, submittedAt: at, routedAt: at })
    .returning();
  await h.db.insert(reportReporters).values({ reportId: row!.id, userId });
}

describe("the daily cap", () => {
  it("frees a slot when the oldest submission in the window turns 24 hours old", () => {
    expect(checkCap([1, 2], 3)).toEqual({ reached: false });
    expect(checkCap([10, 20, 30], 3)).toEqual({ reached: true, nextAt: 10 + CAP_WINDOW_MS });
    expect(checkCap([10, 20, 30, 40], 3)).toEqual({ reached: true, nextAt: 20 + CAP_WINDOW_MS });
  });

  for (const locale of LOCALES) {
    it(`takes 5 reports a day and then says kindly when the next is possible (${locale})`, async () => {
      const h = await createHarness();
      const t = translator(locale);
      const officer = person(8401, "en");
      const citizen = person(8402, locale);
      for (const who of [officer, citizen]) await onboard(h, who);
      await grantRole(h, officer.id, "officer", 1);
      for (let i = 0; i < 5; i++) {
        await sendReport(h, citizen);
        h.advance(HOUR);
      }
      const sent = (await h.db.select().from(reports)).filter((r) => r.status === "new");
      expect(sent).toHaveLength(5);
      const first = sent[0]!.submittedAt!;
      h.take();
      await h.send(text(citizen, "/report"));
      const [said, ...rest] = texts(h.take());
      expect(said).toBe(
        `${t("report.capReached", { count: 5, time: formatDateTime(first + CAP_WINDOW_MS) })}\n\n${t("report.capEmergency")}`,
      );
      expect(said).toMatch(/102.*112/s);
      expect(rest).toEqual([]);
      expect((await h.db.select().from(reports)).filter((r) => r.status === "draft")).toEqual([]);

      // Once the oldest is a day old, one more can be sent.
      h.advance(first + CAP_WINDOW_MS - h.deps.now() + 1);
      await sendReport(h, citizen);
      expect((await h.db.select().from(reports)).filter((r) => r.status === "new")).toHaveLength(6);
    });
  }

  it("is checked again at sending: a draft opened before the cap does not pass it", async () => {
    const h = await createHarness({ env: { REPORTS_PER_DAY: "1" } });
    const en = translator("en");
    const citizen = person(8403, "en");
    await onboard(h, citizen);
    const id = await fillReport(h, citizen);
    const at = h.deps.now();
    await sentElsewhere(h, citizen.id, at);
    h.take();
    await h.send(press(citizen, `1|rf|send|${id}`));
    expect(texts(h.take())).toEqual([
      en("report.capReached", { count: 1, time: formatDateTime(at + CAP_WINDOW_MS) }),
    ]);
    // The draft waits for its time; nothing went to anyone.
    expect((await report(h, id)).status).toBe("draft");
    expect(await outboxRows(h)).toEqual([]);
  });

  it("never drops an urgent report silently: past the cap, the emergency numbers are shown", async () => {
    const h = await createHarness({ env: { REPORTS_PER_DAY: "1" } });
    const ru = translator("ru");
    const citizen = person(8404, "ru");
    await onboard(h, citizen);
    const id = await fillReport(h, citizen, { urgency: "danger", category: "family" });
    await sentElsewhere(h, citizen.id, h.deps.now());
    h.take();
    await h.send(press(citizen, `1|rf|send|${id}`));
    const [said] = texts(h.take());
    expect(said).toContain(ru("report.capEmergency"));
    expect(said).toMatch(/102.*112/s);
  });

  for (const locale of LOCALES) {
    it(`takes 3 initiatives a day, at /propose and again at Submit (${locale})`, async () => {
      const h = await createHarness();
      const t = translator(locale);
      const author = person(8410, locale);
      await onboard(h, author);
      for (let i = 0; i < 2; i++) {
        await submitInitiative(h, author);
        h.advance(HOUR);
      }
      const [first] = (await h.db.select().from(initiatives)).map((i) => i.submittedAt!);
      // The third draft is opened within the cap; a third submission (another phone) comes first.
      const id = await fillDraft(h, author);
      const now = h.deps.now();
      await h.db.insert(initiatives).values({
        authorId: author.id,
        municipalityId: 1,
        status: "submitted",
        updatedAt: now,
        submittedAt: now,
      });
      h.take();
      await h.send(press(author, `1|ini|submit|${id}`));
      const time = formatDateTime(first! + CAP_WINDOW_MS);
      expect(texts(h.take())).toEqual([t("initiative.capReached", { count: 3, time })]);
      const [draft] = await h.db.select().from(initiatives).where(eq(initiatives.id, id));
      expect(draft!.status).toBe("draft");

      await h.send(text(author, "/propose"));
      expect(texts(h.take())).toEqual([t("initiative.capReached", { count: 3, time })]);
    });
  }
});
