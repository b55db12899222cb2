import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { enqueue } from "../../src/db/repo/outbox.js";
import { referenceOfReport } from "../../src/db/repo/reports.js";
import { reportCards } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import { INIT_DATA_HEADER } from "../../src/web/app/routes.js";
import type { ApiCall, Harness } from "../support/harness.js";
import { OFFICERS_GROUP, workspace } from "../support/mini-app.js";
import { outboxRows, report } from "../support/reports.js";
import { groupChat, press } from "../support/updates.js";

const en = translator("en");
const ky = translator("ky");

const copies = (h: Harness) => h.db.select().from(reportCards).orderBy(asc(reportCards.id));
const edits = (calls: ApiCall[]) => calls.filter((c) => c.method === "editMessageText");
const sends = (calls: ApiCall[], chatId: number) =>
  calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === chatId);

/**
 * The workspace's municipality: its officer (ky) in private and its officers' group (en) each hold
 * the urgent report's card, delivered by the outbox before anything below.
 */
async function delivered() {
  const w = await workspace();
  const id = w.reports.urgent;
  const cards = (await copies(w.h)).filter((c) => c.reportId === id);
  const inGroup = cards.find((c) => c.chatId === OFFICERS_GROUP)!;
  const inPrivate = cards.find((c) => c.chatId === w.officer.id)!;
  const act = (action: string) =>
    w.app.request(`/app/v/reports/${id}/act`, {
      method: "POST",
      headers: {
        [INIT_DATA_HEADER]: w.initDataOf(w.officer),
        "content-type": "application/x-www-form-urlencoded",
      },
      body: `action=${action}`,
    });
  const reference = referenceOfReport(await report(w.h, id));
  return { ...w, id, cards, inGroup, inPrivate, act, reference };
}

describe("report cards, edited wherever they were delivered", () => {
  it("records each delivered card: the group's and the officer's, with their language and buttons", async () => {
    const w = await delivered();
    expect(w.cards.map((c) => [c.chatId, c.locale, c.mayAct, c.mayModerate]).sort()).toEqual(
      [
        [OFFICERS_GROUP, "en", true, false],
        [w.officer.id, "ky", true, false],
      ].sort(),
    );
    // A card's media (none here) and notices to the reporter are not cards.
    expect((await copies(w.h)).some((c) => c.chatId === w.reporter.id)).toBe(false);
  });

  it("an action in the Mini App edits the group's and the officer's cards; the reporter is told once", async () => {
    const w = await delivered();
    expect((await w.act("acknowledge")).status).toBe(200);
    await w.h.dispatch();
    const calls = w.h.take();
    const edited = edits(calls);
    expect(edited.map((c) => [c.payload.chat_id, c.payload.message_id]).sort()).toEqual(
      [
        [OFFICERS_GROUP, w.inGroup.messageId],
        [w.officer.id, w.inPrivate.messageId],
      ].sort(),
    );
    const toGroup = edited.find((c) => c.payload.chat_id === OFFICERS_GROUP)!;
    expect(toGroup.payload.text).toContain(
      en("officer.card.header", { reference: w.reference, status: en("report.status.acknowledged") }),
    );
    // The buttons of the new status: acknowledging is no longer offered.
    const offered = JSON.stringify(toGroup.payload.reply_markup);
    expect(offered).toContain(`|${w.id}|progress`);
    expect(offered).not.toContain(`|${w.id}|acknowledge`);
    const toOfficer = edited.find((c) => c.payload.chat_id === w.officer.id)!;
    expect(toOfficer.payload.text).toContain(ky("report.status.acknowledged"));
    // Nothing posted anew in the group; the reporter hears once; the card never names them.
    expect(sends(calls, OFFICERS_GROUP)).toEqual([]);
    expect(sends(calls, w.reporter.id)).toHaveLength(1);
    for (const call of edited) {
      const t = call.payload.chat_id === OFFICERS_GROUP ? en : ky;
      expect(call.payload.text).toContain(t("officer.card.reporterAnonymous"));
      expect(call.payload.text).not.toContain(w.reporter.first_name);
      expect(call.payload.text).not.toContain(String(w.reporter.id));
    }
    // The next run has nothing left to do.
    await w.h.dispatch();
    expect(w.h.take()).toEqual([]);
  });

  it("a press on a card edits that card once, in place; the outbox edits the other copy", async () => {
    const w = await delivered();
    await w.h.send(press(w.officer, `1|ro|a|${w.id}|acknowledge`, w.inPrivate.messageId));
    const inPlace = w.h.take();
    expect(edits(inPlace).map((c) => [c.payload.chat_id, c.payload.message_id])).toEqual([
      [w.officer.id, w.inPrivate.messageId],
    ]);
    expect(edits(inPlace)[0]!.payload.text).toContain(ky("report.status.acknowledged"));
    await w.h.dispatch();
    const later = w.h.take();
    expect(edits(later).map((c) => [c.payload.chat_id, c.payload.message_id])).toEqual([
      [OFFICERS_GROUP, w.inGroup.messageId],
    ]);
    expect(sends(later, w.reporter.id)).toHaveLength(1);

    // From the group's card: the group's card in place, the officer's through the outbox.
    await w.h.send(
      press(w.officer, `1|ro|a|${w.id}|progress`, w.inGroup.messageId, groupChat(OFFICERS_GROUP)),
    );
    expect(edits(w.h.take()).map((c) => [c.payload.chat_id, c.payload.message_id])).toEqual([
      [OFFICERS_GROUP, w.inGroup.messageId],
    ]);
    await w.h.dispatch();
    const fromGroup = edits(w.h.take());
    expect(fromGroup.map((c) => [c.payload.chat_id, c.payload.message_id])).toEqual([
      [w.officer.id, w.inPrivate.messageId],
    ]);
    expect(fromGroup[0]!.payload.text).toContain(ky("report.status.in_progress"));
  });

  it("a card opened from /reports is a copy too; the reporter reopening a report edits every copy", async () => {
    const w = await delivered();
    await w.h.send(press(w.officer, `1|ro|open|${w.id}`));
    const opened = w.h.take().find((c) => c.method === "sendMessage")!;
    const openedId = (await copies(w.h)).at(-1)!;
    expect(openedId).toMatchObject({ reportId: w.id, chatId: w.officer.id, locale: "ky", mayAct: true });
    await w.act("resolve");
    await w.h.dispatch();
    const resolved = edits(w.h.take());
    expect(resolved.map((c) => c.payload.message_id).sort()).toEqual(
      [w.inGroup.messageId, w.inPrivate.messageId, openedId.messageId].sort(),
    );
    expect(opened.payload.text).toContain(ky("report.status.new"));

    await w.h.send(press(w.reporter, `1|rr|no|${w.id}`));
    w.h.take();
    await w.h.dispatch();
    const reopened = w.h.take();
    // The three copies show it open again; the officers also get the card anew, with its lead.
    expect(
      edits(reopened)
        .map((c) => c.payload.message_id)
        .sort(),
    ).toEqual([w.inGroup.messageId, w.inPrivate.messageId, openedId.messageId].sort());
    for (const call of edits(reopened))
      expect(JSON.stringify(call.payload.reply_markup)).toContain(`|${w.id}|resolve`);
    expect(sends(reopened, OFFICERS_GROUP).map((c) => c.payload.text)).toEqual([
      expect.stringContaining(en("officer.card.reopenedLead", { reference: w.reference })),
    ]);
  });

  it("a change drops the edits the one before left waiting, so that no card goes back to an older status", async () => {
    const w = await delivered();
    await w.act("acknowledge");
    await w.h.send(
      press(w.officer, `1|ro|a|${w.id}|progress`, w.inGroup.messageId, groupChat(OFFICERS_GROUP)),
    );
    w.h.take();
    await w.h.dispatch();
    const edited = edits(w.h.take());
    expect(edited.map((c) => [c.payload.chat_id, c.payload.message_id])).toEqual([
      [w.officer.id, w.inPrivate.messageId],
    ]);
    expect(edited[0]!.payload.text).toContain(ky("report.status.in_progress"));
    const dropped = (await outboxRows(w.h)).filter((r) => r.editMessageId !== null && r.status === "dropped");
    expect(dropped.map((r) => r.chatId).sort()).toEqual([OFFICERS_GROUP, w.officer.id].sort());
  });

  it("a deleted card is posted anew, once, and the new one is edited next", async () => {
    const w = await delivered();
    // Telegram's answer for a deleted message, to the first of the two edits; the other goes through.
    w.h.refuseNext("editMessageText", {
      error_code: 400,
      description: "Bad Request: message to edit not found",
    });
    await w.act("acknowledge");
    await w.h.dispatch();
    const calls = w.h.take();
    const refused = edits(calls)[0]!;
    const chat = refused.payload.chat_id as number;
    const posted = sends(calls, chat);
    expect(posted).toHaveLength(1);
    const locale = chat === OFFICERS_GROUP ? en : ky;
    expect(posted[0]!.payload.text).toContain(locale("report.status.acknowledged"));
    expect(JSON.stringify(posted[0]!.payload.reply_markup)).toContain(`|${w.id}|progress`);
    // The new message replaces the old one as the chat's copy of the card.
    const now = (await copies(w.h)).filter((c) => c.reportId === w.id && c.chatId === chat);
    expect(now.map((c) => c.messageId)).not.toContain(refused.payload.message_id);
    expect(now).toHaveLength(1);
    await w.h.dispatch();
    expect(w.h.take()).toEqual([]);

    await w.act("progress");
    await w.h.dispatch();
    const next = w.h.take();
    expect(sends(next, chat)).toEqual([]);
    expect(edits(next).find((c) => c.payload.chat_id === chat)!.payload.message_id).toBe(now[0]!.messageId);
  });

  it("an edit Telegram finds unchanged is done; a card that cannot be edited is posted once, even when that post fails first", async () => {
    const w = await delivered();
    const card = { reportId: w.id, locale: "en", act: true, moderate: false };
    const payload = { text: "<b>card</b>", parseMode: "HTML" as const };
    await enqueue(
      w.h.database,
      { chatId: OFFICERS_GROUP, editMessageId: w.inGroup.messageId, reportCard: card, payload },
      w.h.deps.now(),
    );
    w.h.refuseNext("editMessageText", {
      error_code: 400,
      description:
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    });
    const unchanged = await w.h.dispatch();
    expect(unchanged).toMatchObject({ sent: 1, failed: 0 });
    expect(w.h.take().map((c) => c.method)).toEqual(["editMessageText"]);

    await enqueue(
      w.h.database,
      { chatId: OFFICERS_GROUP, editMessageId: w.inGroup.messageId, reportCard: card, payload },
      w.h.deps.now(),
    );
    w.h.refuseNext("editMessageText", {
      error_code: 400,
      description: "Bad Request: message can't be edited",
    });
    w.h.refuseNext("sendMessage", { error_code: 502, description: "Bad Gateway" });
    const report = await w.h.dispatch();
    expect(report).toMatchObject({ sent: 1, failed: 0, retried: 1 });
    // One edit tried; the post failed once and was retried as a post, not as an edit.
    expect(w.h.take().map((c) => c.method)).toEqual(["editMessageText", "sendMessage", "sendMessage"]);
    const last = (await outboxRows(w.h)).at(-1)!;
    expect(last).toMatchObject({ status: "sent", editMessageId: null });
    const inGroup = (await copies(w.h)).filter((c) => c.reportId === w.id && c.chatId === OFFICERS_GROUP);
    expect(inGroup).toHaveLength(1);
    expect(inGroup[0]!.messageId).not.toBe(w.inGroup.messageId);
  });
});
