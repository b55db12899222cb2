import { describe, expect, it } from "vitest";
import { submitDraft } from "../../src/db/repo/reports.js";
import { reports } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import { escalateOverdueReports } from "../../src/jobs/escalate-reports.js";
import { createHarness, type Harness, onboard } from "../support/harness.js";
import { fillReport, grantRole, outboxRows, report, reportHistory, sendReport } from "../support/reports.js";
import { person, press, text } from "../support/updates.js";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const en = translator("en");

async function setting() {
  const h = await createHarness();
  const reporter = person(8700, "ky");
  const officer = person(8701, "ky");
  const moderator = person(8702, "en");
  for (const who of [reporter, officer, moderator]) await onboard(h, who);
  await grantRole(h, officer.id, "officer", 1);
  await grantRole(h, moderator.id, "moderator");
  return { h, reporter, officer, moderator };
}

const escalationRows = async (h: Harness) =>
  (await outboxRows(h)).filter((r) => r.dedupeKey?.includes(":escalated:"));

describe("escalating unacknowledged reports", () => {
  it("escalates an urgent report after an hour and another after 48 hours, to moderators and admins", async () => {
    const { h, reporter, moderator } = await setting();
    const urgent = await sendReport(h, reporter, { urgency: "danger" });
    const calm = await sendReport(h, reporter, { urgency: "tension" });
    const sentAt = (await report(h, calm)).submittedAt!;

    expect(await escalateOverdueReports(h.deps, sentAt + 59 * MINUTE)).toEqual({
      routed: 0,
      escalated: 0,
      draftsPurged: 0,
    });
    let wakeUps = 0;
    h.deps.onEnqueued = () => wakeUps++;
    expect(await escalateOverdueReports(h.deps, sentAt + HOUR + MINUTE)).toEqual({
      routed: 0,
      escalated: 1,
      draftsPurged: 0,
    });
    expect(wakeUps).toBe(1);
    expect(await report(h, urgent)).toMatchObject({ status: "escalated", version: 2 });
    expect((await reportHistory(h, urgent)).at(-1)).toMatchObject({
      action: "escalate",
      actorKind: "system",
      actorId: null,
      fromStatus: "new",
      toStatus: "escalated",
    });
    const rows = await escalationRows(h);
    expect(rows.map((r) => r.chatId).sort()).toEqual([900, moderator.id].sort());
    const toModerator = rows.find((r) => r.chatId === moderator.id)!;
    expect(toModerator.payload.text).toContain(
      en("officer.card.escalatedLead", { reference: "R-2026-0001" }),
    );
    const moderatorButtons = toModerator.payload
      .buttons!.inline_keyboard.flat()
      .map((b) => "callback_data" in b && b.callback_data);
    expect(moderatorButtons).toEqual([
      `1|ro|m|${urgent}|spam`,
      `1|ro|m|${urgent}|abuse`,
      `1|blk|r|${urgent}`,
    ]);

    expect(await escalateOverdueReports(h.deps, sentAt + 47 * HOUR)).toEqual({
      routed: 0,
      escalated: 0,
      draftsPurged: 0,
    });
    expect(await escalateOverdueReports(h.deps, sentAt + 48 * HOUR)).toEqual({
      routed: 0,
      escalated: 1,
      draftsPurged: 0,
    });
    expect((await report(h, calm)).status).toBe("escalated");
    // Nothing is escalated twice.
    expect(await escalateOverdueReports(h.deps, sentAt + 100 * HOUR)).toEqual({
      routed: 0,
      escalated: 0,
      draftsPurged: 0,
    });
    expect(await escalationRows(h)).toHaveLength(4);
  });

  it("leaves acknowledged reports alone and lets officers act on escalated ones", async () => {
    const { h, reporter, officer } = await setting();
    const seen = await sendReport(h, reporter, { urgency: "danger" });
    const late = await sendReport(h, reporter, { urgency: "danger" });
    await h.send(press(officer, `1|ro|a|${seen}|acknowledge`));
    const sentAt = (await report(h, late)).submittedAt!;
    expect(await escalateOverdueReports(h.deps, sentAt + 2 * HOUR)).toEqual({
      routed: 0,
      escalated: 1,
      draftsPurged: 0,
    });
    expect((await report(h, seen)).status).toBe("acknowledged");
    await h.send(press(officer, `1|ro|a|${late}|acknowledge`));
    expect(await report(h, late)).toMatchObject({ status: "acknowledged", version: 3 });
  });

  it("takes other delays as options", async () => {
    const { h, reporter } = await setting();
    const id = await sendReport(h, reporter, { urgency: "recent" });
    const sentAt = (await report(h, id)).submittedAt!;
    const deps = { ...h.deps, escalationDelays: { otherMs: 2 * HOUR } };
    expect(await escalateOverdueReports(deps, sentAt + HOUR)).toEqual({
      routed: 0,
      escalated: 0,
      draftsPurged: 0,
    });
    expect(await escalateOverdueReports(deps, sentAt + 2 * HOUR)).toEqual({
      routed: 0,
      escalated: 1,
      draftsPurged: 0,
    });
  });

  it("routes a report that a crash left sent but never routed", async () => {
    const { h, reporter, officer } = await setting();
    const id = await fillReport(h, reporter);
    const now = h.deps.now();
    await submitDraft(h.db, id, 2026, now);
    expect(await outboxRows(h)).toEqual([]);
    expect(await escalateOverdueReports(h.deps, now + 30_000)).toEqual({
      routed: 0,
      escalated: 0,
      draftsPurged: 0,
    });
    expect(await escalateOverdueReports(h.deps, now + 2 * 60_000)).toEqual({
      routed: 1,
      escalated: 0,
      draftsPurged: 0,
    });
    expect((await outboxRows(h)).map((r) => r.chatId)).toEqual([officer.id]);
    expect((await report(h, id)).routedAt).toBe(now + 2 * 60_000);
    expect((await reportHistory(h, id)).map((e) => e.action)).toEqual(["submit"]);
    expect(await escalateOverdueReports(h.deps, now + 3 * 60_000)).toEqual({
      routed: 0,
      escalated: 0,
      draftsPurged: 0,
    });
  });

  it("deletes drafts abandoned for a week, and at once those of a person who asked to be forgotten", async () => {
    const { h, reporter } = await setting();
    const forgetful = person(8703, "en");
    await onboard(h, forgetful);
    const stale = await fillReport(h, reporter);
    h.advance(6 * 24 * HOUR);
    const orphan = await fillReport(h, forgetful);
    await h.send(text(forgetful, "/forget"), press(forgetful, "1|forget|confirm|yes"));
    const now = h.deps.now();
    expect(await escalateOverdueReports(h.deps, now + 30 * 60 * 1000)).toMatchObject({ draftsPurged: 0 });
    expect(await escalateOverdueReports(h.deps, now + 2 * HOUR)).toMatchObject({ draftsPurged: 1 });
    expect((await h.db.select().from(reports)).map((r) => r.id)).toEqual([stale]);
    expect(await escalateOverdueReports(h.deps, now + 25 * HOUR)).toMatchObject({ draftsPurged: 1 });
    expect(await h.db.select().from(reports)).toEqual([]);
    expect(orphan).not.toBe(stale);
  });
});
