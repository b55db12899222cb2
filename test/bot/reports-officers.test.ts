import { describe, expect, it } from "vitest";
import { transitionReport } from "../../src/db/repo/report-history.js";
import { awaiting } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import { buttons, createHarness, type Harness, onboard, texts } from "../support/harness.js";
import {
  answers,
  grantRole,
  outboxRows,
  report,
  reportHistory,
  sendReport,
  withAll,
} from "../support/reports.js";
import { groupChat, person, press, text } from "../support/updates.js";

const en = translator("en");
const ru = translator("ru");
const ky = translator("ky");
const OFFICERS_GROUP = -100444;
const group = groupChat(OFFICERS_GROUP);
const REF = "R-2026-0001";

/** A report by a Russian-speaking citizen of Balykchy, its officers, an officer elsewhere, a moderator. */
async function setting(options: { mayContact?: boolean; unreachableChats?: number[] } = {}) {
  const h = await createHarness();
  const reporter = person(8400, "ru");
  const officer = person(8401, "ky");
  const officerEn = person(8402, "en");
  const elsewhere = person(8403, "en");
  const moderator = person(8404, "en");
  for (const who of [reporter, officer, officerEn, elsewhere, moderator]) await onboard(h, who);
  await grantRole(h, officer.id, "officer", 1);
  await grantRole(h, officerEn.id, "officer", 1);
  await grantRole(h, elsewhere.id, "officer", 2);
  await grantRole(h, moderator.id, "moderator");
  for (const chat of options.unreachableChats ?? []) h.unreachable.add(chat);
  await h.send(text(person(900, "en"), "/officers_here balykchy", group));
  const id = await sendReport(h, reporter, { mayContact: options.mayContact ?? true });
  h.take();
  // The reporter's flood window starts afresh: the tests below press many buttons as them.
  h.advance(10_000);
  return { h, id, reporter, officer, officerEn, elsewhere, moderator };
}

const lastRowId = async (h: Harness) => (await outboxRows(h)).at(-1)?.id ?? 0;
const rowsAfter = async (h: Harness, after: number) => (await outboxRows(h)).filter((r) => r.id > after);

describe("officers acting on a report", () => {
  it("moves the report through its statuses; the reporter is told each step silently, in their language", async () => {
    const { h, id, reporter, officerEn } = await setting();
    let wakeUps = 0;
    h.deps.onEnqueued = () => wakeUps++;
    const steps = [
      ["acknowledge", "acknowledged"],
      ["progress", "in_progress"],
      ["refer", "referred"],
      ["resolve", "resolved"],
    ] as const;
    for (const [action, status] of steps) {
      const before = await lastRowId(h);
      await h.send(press(officerEn, `1|ro|a|${id}|${action}`));
      const calls = h.take();
      expect(answers(calls)).toEqual([en("officer.toast", { status: en(`report.status.${status}`) })]);
      // The pressed card shows the new status in place, then the presser is told.
      const [card, done, ...others] = texts(calls);
      expect(card).toContain(
        en("officer.card.header", { reference: REF, status: en(`report.status.${status}`) }),
      );
      expect(done).toBe(en("officer.done", { reference: REF, status: en(`report.status.${status}`) }));
      expect(others).toEqual([]);
      expect(buttons(calls.at(-1))).toEqual([
        { text: en("officer.actions.comment"), data: `1|ro|cmt|${id}` },
      ]);
      const [row, ...more] = await rowsAfter(h, before);
      expect(more).toEqual([]);
      expect(row).toMatchObject({ chatId: reporter.id, toReporter: true, chatLogFlow: "report" });
      // Its key names neither the report nor the chat.
      expect(row!.dedupeKey).toMatch(/^k[0-9a-f]{32}$/);
      expect(row!.payload).toMatchObject({
        text: ru(`report.notify.${status}`, { reference: REF }),
        disableNotification: true,
      });
      if (status === "resolved")
        expect(
          row!.payload.buttons!.inline_keyboard.flat().map((b) => "callback_data" in b && b.callback_data),
        ).toEqual([`1|rr|ok|${id}`, `1|rr|no|${id}`]);
    }
    expect(wakeUps).toBe(4);
    expect(await report(h, id)).toMatchObject({ status: "resolved", version: 5 });
    const history = await reportHistory(h, id);
    expect(history.map((e) => [e.action, e.actorKind, e.actorId, e.fromStatus, e.toStatus])).toEqual([
      ["submit", "reporter", null, "draft", "new"],
      ["acknowledge", "officer", officerEn.id, "new", "acknowledged"],
      ["progress", "officer", officerEn.id, "acknowledged", "in_progress"],
      ["refer", "officer", officerEn.id, "in_progress", "referred"],
      ["resolve", "officer", officerEn.id, "referred", "resolved"],
    ]);

    const before = await lastRowId(h);
    await h.send(press(officerEn, `1|ro|a|${id}|acknowledge`));
    expect(answers(h.take())).toEqual([en("officer.notPossible", { status: en("report.status.resolved") })]);
    expect(await rowsAfter(h, before)).toEqual([]);
  });

  it("lets the first of two officers acting at once win; nothing of the second is stored", async () => {
    const { h, id, officer, officerEn } = await setting();
    const snapshot = await report(h, id);
    const first = await transitionReport(h.database, {
      report: snapshot,
      action: "acknowledge",
      to: "acknowledged",
      actor: { kind: "officer", id: officer.id },
      now: h.deps.now(),
    });
    const second = await transitionReport(h.database, {
      report: snapshot,
      action: "unconfirm",
      to: "unconfirmed",
      actor: { kind: "officer", id: officerEn.id },
      now: h.deps.now(),
      notices: () => [{ chatId: 4242, payload: { text: "never" } }],
    });
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, current: { status: "acknowledged", version: 2 } });
    expect((await outboxRows(h)).filter((r) => r.chatId === 4242)).toEqual([]);
    expect((await reportHistory(h, id)).map((e) => e.action)).toEqual(["submit", "acknowledge"]);
  });

  it("relays an optional comment to the reporter, escaped, without the officer's name", async () => {
    const { h, id, reporter, officer } = await setting();
    await h.send(press(officer, `1|ro|a|${id}|acknowledge`), press(officer, `1|ro|cmt|${id}`));
    expect(texts(h.take()).at(-1)).toBe(ky("officer.commentPrompt", { reference: REF }));
    const before = await lastRowId(h);
    await h.send(text(officer, "We will come on <b>Monday</b>."));
    expect(texts(h.take())).toEqual([ky("officer.commentSent")]);
    const [row] = await rowsAfter(h, before);
    expect(row).toMatchObject({ chatId: reporter.id });
    expect(row!.payload.text).toBe(
      ru("report.notify.comment", { reference: REF, comment: "We will come on <b>Monday</b>." }),
    );
    expect(row!.payload.text).toContain("&lt;b&gt;Monday&lt;/b&gt;");
    expect(row!.payload.disableNotification).toBe(true);
    expect(JSON.stringify(row!.payload)).not.toContain(String(officer.id));
    expect((await reportHistory(h, id)).at(-1)).toMatchObject({ action: "comment", actorId: officer.id });
    expect(await h.db.select().from(awaiting)).toEqual([]);
  });

  it("refuses forged buttons from anyone but the municipality's officers and admins", async () => {
    const { h, id, reporter, elsewhere, officer } = await setting();
    const before = await lastRowId(h);
    const forged = [
      `1|ro|a|${id}|acknowledge`,
      `1|ro|a|${id}|resolve`,
      `1|ro|cmt|${id}`,
      `1|ro|ask|${id}`,
      `1|ro|open|${id}`,
      `1|ro|m|${id}|spam`,
    ];
    for (const data of forged) {
      await h.send(press(elsewhere, data), press(reporter, data), press(elsewhere, data, 77, group));
      const refused = h.take().filter((c) => c.method === "answerCallbackQuery");
      expect(refused.map((c) => [c.payload.text, c.payload.show_alert])).toEqual([
        [en("errors.notAllowed"), true],
        [ru("errors.notAllowed"), true],
        [en("errors.notAllowed"), true],
      ]);
    }
    // An officer of the municipality still cannot moderate.
    await h.send(press(officer, `1|ro|m|${id}|spam`));
    expect(answers(h.take())).toEqual([ky("errors.notAllowed")]);
    expect(await report(h, id)).toMatchObject({ status: "new", version: 1 });
    expect(await rowsAfter(h, before)).toEqual([]);
    expect(await h.db.select().from(awaiting)).toEqual([]);
  });

  it("works from the officers' group, asking for the comment in the officer's private chat", async () => {
    const { h, id, reporter, officerEn } = await setting();
    await h.send(press(officerEn, `1|ro|a|${id}|progress`, 60, group));
    const inGroup = h.take();
    expect(inGroup.find((c) => c.method === "sendMessage")?.payload).toMatchObject({
      chat_id: OFFICERS_GROUP,
      text: en("officer.done", { reference: REF, status: en("report.status.in_progress") }),
    });
    expect((await report(h, id)).status).toBe("in_progress");

    await h.send(press(officerEn, `1|ro|cmt|${id}`, 61, group));
    const prompt = h.take();
    expect(prompt.find((c) => c.method === "sendMessage")?.payload).toMatchObject({
      chat_id: officerEn.id,
      text: en("officer.commentPrompt", { reference: REF }),
    });
    expect(answers(prompt)).toEqual([en("officer.promptInPrivate")]);
    const before = await lastRowId(h);
    await h.send(text(officerEn, "A mediator from the aiyl okmotu will visit."));
    const [row] = await rowsAfter(h, before);
    expect(row).toMatchObject({ chatId: reporter.id });
  });

  it("asks an officer who never opened a private chat with the bot to open one first", async () => {
    const { h, id, officerEn } = await setting({ unreachableChats: [8402] });
    await h.send(press(officerEn, `1|ro|cmt|${id}`, 61, group));
    const calls = h.take().filter((c) => c.method === "answerCallbackQuery");
    expect(calls.map((c) => [c.payload.text, c.payload.show_alert])).toEqual([
      [en("officer.openPrivate"), true],
    ]);
    expect(await h.db.select().from(awaiting)).toEqual([]);
  });

  it("relays a question to the reporter and the answer back, neither side learning who the other is", async () => {
    const { h, id, reporter, officer } = await setting();
    await h.send(press(officer, `1|ro|ask|${id}`));
    expect(texts(h.take())).toEqual([ky("officer.questionPrompt", { reference: REF })]);
    let before = await lastRowId(h);
    await h.send(text(officer, "Which street is the ditch on?"));
    expect(texts(h.take())).toEqual([ky("officer.questionSent")]);
    const [question] = await rowsAfter(h, before);
    const questionEvent = (await reportHistory(h, id)).at(-1)!;
    expect(questionEvent).toMatchObject({
      action: "question",
      actorId: officer.id,
      comment: "Which street is the ditch on?",
    });
    expect(question).toMatchObject({ chatId: reporter.id });
    expect(question!.payload).toMatchObject({
      text: ru("report.notify.question", { reference: REF, question: "Which street is the ditch on?" }),
      disableNotification: true,
      buttons: {
        inline_keyboard: [
          [{ text: ru("report.answerButton"), callback_data: `1|rr|ans|${id}|${questionEvent.id}` }],
        ],
      },
    });
    expect(JSON.stringify(question!.payload)).not.toMatch(new RegExp(`${officer.id}|${officer.first_name}`));

    await h.send(press(reporter, `1|rr|ans|${id}|${questionEvent.id}`));
    expect(texts(h.take())).toEqual([ru("report.answerPrompt", { reference: REF })]);
    before = await lastRowId(h);
    await h.send(text(reporter, "Toktogul street, behind the mill."));
    expect(texts(h.take())).toEqual([ru("report.answerSent")]);
    const [answer] = await rowsAfter(h, before);
    expect(answer).toMatchObject({ chatId: officer.id });
    expect(answer!.payload.text).toBe(
      ky("officer.answerFromReporter", { reference: REF, answer: "Toktogul street, behind the mill." }),
    );
    expect((await reportHistory(h, id)).at(-1)).toMatchObject({
      action: "answer",
      actorKind: "reporter",
      actorId: null,
    });

    // Someone else cannot answer in the reporter's place.
    await h.send(press(officer, `1|rr|ans|${id}|${questionEvent.id}`));
    expect(answers(h.take())).toEqual([ky("errors.staleButton")]);
  });

  it("offers no question to a reporter who did not agree to be contacted", async () => {
    const { h, id, officer } = await setting({ mayContact: false });
    const card = (await outboxRows(h)).find((r) => r.chatId === officer.id)!;
    const offered = card.payload
      .buttons!.inline_keyboard.flat()
      .map((b) => "callback_data" in b && b.callback_data);
    expect(offered).toEqual([
      `1|ro|a|${id}|acknowledge`,
      `1|ro|a|${id}|progress`,
      `1|ro|a|${id}|refer`,
      `1|ro|a|${id}|resolve`,
      `1|ro|a|${id}|unconfirm`,
    ]);
    await h.send(press(officer, `1|ro|ask|${id}`));
    expect(answers(h.take())).toEqual([ky("officer.noContact")]);
  });

  it("reopens a resolved report when the reporter says it is not resolved for them", async () => {
    const { h, id, reporter, officer, officerEn } = await setting();
    await h.send(press(officer, `1|ro|a|${id}|resolve`));
    h.take();
    await h.send(press(officer, `1|rr|no|${id}`));
    expect(answers(h.take())).toEqual([ky("errors.staleButton")]);
    const before = await lastRowId(h);
    await h.send(press(reporter, `1|rr|no|${id}`));
    expect(texts(h.take())).toEqual([ru("report.reopened")]);
    expect(await report(h, id)).toMatchObject({ status: "in_progress" });
    expect((await reportHistory(h, id)).at(-1)).toMatchObject({
      action: "reopen",
      actorKind: "reporter",
      actorId: null,
      fromStatus: "resolved",
      toStatus: "in_progress",
    });
    const rows = await rowsAfter(h, before);
    expect(rows.map((r) => r.chatId).sort()).toEqual([OFFICERS_GROUP, officer.id, officerEn.id].sort());
    expect(rows.find((r) => r.chatId === officerEn.id)!.payload.text).toContain(
      en("officer.card.reopenedLead", { reference: REF }),
    );
    // Pressing again changes nothing.
    await h.send(press(reporter, `1|rr|no|${id}`));
    expect(texts(h.take())).toEqual([ru("errors.staleButton")]);

    await h.send(press(officer, `1|ro|a|${id}|resolve`), press(reporter, `1|rr|ok|${id}`));
    expect(texts(h.take()).at(-1)).toBe(ru("report.confirmThanks"));
    expect((await reportHistory(h, id)).at(-1)).toMatchObject({ action: "confirm", actorId: null });
    expect((await report(h, id)).status).toBe("resolved");
  });

  it("lets a moderator mark spam, which hides the report from officers, recording who did it", async () => {
    const { h, id, reporter, officer, moderator } = await setting();
    const before = await lastRowId(h);
    await h.send(press(moderator, `1|ro|m|${id}|spam`));
    expect(texts(h.take())).toEqual([
      en("officer.hidden", { reference: REF, status: en("report.status.spam") }),
    ]);
    expect(await report(h, id)).toMatchObject({ status: "spam" });
    expect((await reportHistory(h, id)).at(-1)).toMatchObject({
      action: "spam",
      actorKind: "moderator",
      actorId: moderator.id,
    });
    expect(await rowsAfter(h, before)).toEqual([]);

    await h.send(text(officer, "/reports"));
    expect(texts(h.take())[0]).toContain(ky("officer.list.empty"));
    await h.send(press(officer, `1|ro|a|${id}|acknowledge`));
    expect(answers(h.take())).toEqual([ky("officer.notPossible", { status: ky("report.status.spam") })]);
    await h.send(text(reporter, "/myreports"));
    expect(texts(h.take())[0]).toContain(ru("report.my.closed"));
  });

  it("lists open reports of the officer's municipality, urgent first, filtered by status and category", async () => {
    const { h, id, officer, moderator, reporter } = await setting();
    const urgent = await sendReport(h, reporter, { category: "family", urgency: "danger", details: withAll });
    const elsewhere = await sendReport(h, reporter, { municipalityId: 2 });
    h.take();
    await h.send(text(officer, "/reports"));
    const list = h.take()[0]!;
    expect(list.payload.text).toContain(ky("officer.list.count", { count: 2 }));
    const opened = buttons(list).filter((b) => b.data.startsWith("1|ro|open|"));
    expect(opened).toEqual([
      { text: "🚨 R-2026-0002", data: `1|ro|open|${urgent}` },
      { text: REF, data: `1|ro|open|${id}` },
    ]);
    expect(buttons(list).map((b) => b.data)).toEqual(
      expect.arrayContaining(["1|ro|ls|new|all|0", "1|ro|ls|open|family|0", "1|ro|ls|resolved|all|0"]),
    );

    await h.send(press(officer, "1|ro|ls|open|family|0"));
    const family = h.take().find((c) => c.method === "editMessageText")!;
    expect(
      buttons({ method: "", payload: family.payload }).filter((b) => b.data.startsWith("1|ro|open|")),
    ).toEqual([{ text: "🚨 R-2026-0002", data: `1|ro|open|${urgent}` }]);
    await h.send(press(officer, "1|ro|ls|resolved|all|0"));
    expect(h.take().find((c) => c.method === "editMessageText")!.payload.text).toContain(
      ky("officer.list.empty"),
    );

    await h.send(text(moderator, "/reports"));
    expect(h.take()[0]!.payload.text).toContain(en("officer.list.count", { count: 3 }));
    await h.send(text(reporter, "/reports"));
    expect(texts(h.take())).toEqual([ru("errors.notAllowed")]);

    await h.send(press(officer, `1|ro|open|${urgent}`));
    const card = h.take();
    expect(card.map((c) => c.method)).toEqual([
      "answerCallbackQuery",
      "sendMessage",
      "sendVoice",
      "sendPhoto",
    ]);
    expect(card[1]!.payload.text.startsWith(ky("officer.card.urgentLead"))).toBe(true);
    expect(card[2]!.payload.voice).toBe("voice-file-1");
    expect(card[3]!.payload.photo).toBe("photo-file-1");
    await h.send(press(officer, `1|ro|open|${elsewhere}`));
    expect(answers(h.take())).toEqual([ky("errors.notAllowed")]);
  });
});
