import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { awaiting } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import {
  buttons,
  createHarness,
  type Harness,
  lastWithKeyboard,
  onboard,
  texts,
} from "../support/harness.js";
import { events, grant, initiative, outboxRows, submitInitiative, TITLE } from "../support/initiatives.js";
import { groupChat, person, press, text } from "../support/updates.js";

const MODERATORS = -100777;
const group = groupChat(MODERATORS);
const en = translator("en");
const ru = translator("ru");
const ky = translator("ky");

/** A submitted initiative by a Russian-speaking author in Balykchy, two moderators, and officers. */
async function setting(
  env: Record<string, string> = { MODERATION_CHAT_ID: String(MODERATORS) },
  unreachableChats: number[] = [],
) {
  const h = await createHarness({ env });
  const author = person(7301, "ru");
  const mod = person(7302, "en");
  const mod2 = person(7303, "ky");
  const officerKy = person(7304, "ky");
  const officerEn = person(7305, "en");
  const elsewhere = person(7306, "en");
  for (const who of [author, mod, mod2, officerKy, officerEn, elsewhere]) await onboard(h, who);
  await grant(h, mod.id, "moderator");
  await grant(h, mod2.id, "moderator");
  await grant(h, officerKy.id, "officer", 1);
  await grant(h, officerEn.id, "officer", 1);
  await grant(h, elsewhere.id, "officer", 2);
  for (const chat of unreachableChats) h.unreachable.add(chat);
  const id = await submitInitiative(h, author);
  return { h, id, author, mod, mod2, officerKy, officerEn, elsewhere };
}

const newRows = async (h: Harness, after: number) => (await outboxRows(h)).filter((r) => r.id > after);
const lastRowId = async (h: Harness) => (await outboxRows(h)).at(-1)?.id ?? 0;
const callbackAnswers = (h: Harness) =>
  h
    .take()
    .filter((c) => c.method === "answerCallbackQuery")
    .map((c) => c.payload.text);

describe("moderation", () => {
  it("approves from the moderators' group; the author and the municipality's officers are told in their languages", async () => {
    const { h, id, author, mod, officerKy, officerEn } = await setting();
    const before = await lastRowId(h);
    let wakeUps = 0;
    h.deps.onEnqueued = () => wakeUps++;
    await h.send(press(mod, `1|mod|ok|${id}|1`, 50, group));
    expect(wakeUps).toBe(1);
    const calls = h.take();
    expect(calls.find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      en("moderation.decided.approved", { reference: "I-2026-0001" }),
    );
    expect(calls.find((c) => c.method === "editMessageReplyMarkup")?.payload).toMatchObject({
      chat_id: MODERATORS,
      message_id: 50,
    });
    expect(await initiative(h, id)).toMatchObject({ status: "approved", version: 2 });
    expect((await events(h, id)).at(-1)).toMatchObject({
      version: 2,
      actorId: mod.id,
      fromStatus: "submitted",
      toStatus: "approved",
    });

    const rows = await newRows(h, before);
    // Each officer gets the card, then the initiative's photo to look at.
    expect(rows.map((r) => r.chatId).sort()).toEqual(
      [MODERATORS, author.id, officerKy.id, officerKy.id, officerEn.id, officerEn.id].sort(),
    );
    expect(rows.filter((r) => r.chatId === officerKy.id).map((r) => r.payload.media)).toEqual([
      undefined,
      { kind: "photo", fileId: "photo-of-street" },
    ]);
    const to = (chatId: number) => rows.find((r) => r.chatId === chatId)!.payload.text;
    expect(to(author.id)).toBe(ru("moderation.author.approved", { reference: "I-2026-0001", title: TITLE }));
    expect(to(officerKy.id)).toContain(ky("moderation.officerLead"));
    expect(to(officerKy.id)).toContain(ky("initiative.status.approved"));
    expect(to(officerKy.id)).toContain("+996700123456");
    expect(to(officerEn.id)).toContain(en("moderation.officerLead"));
    expect(to(MODERATORS)).toBe(
      ky("moderation.groupDecision.approved", {
        reference: "I-2026-0001",
        title: TITLE,
        name: mod.first_name,
      }),
    );
    expect(rows.find((r) => r.chatId === author.id)?.dedupeKey).toBe(`initiative:${id}:approved:v2:author`);
  });

  it("does not tell the author that officers were told when the municipality has none", async () => {
    const h = await createHarness({ env: { MODERATION_CHAT_ID: String(MODERATORS) } });
    const author = person(7311, "ru");
    const mod = person(7312, "en");
    for (const who of [author, mod]) await onboard(h, who);
    await grant(h, mod.id, "moderator");
    const id = await submitInitiative(h, author);
    const before = await lastRowId(h);
    await h.send(press(mod, `1|mod|ok|${id}|1`, 50, group));
    const rows = await newRows(h, before);
    expect(rows.find((r) => r.chatId === author.id)!.payload.text).toBe(
      ru("moderation.author.approvedNoOfficers", { reference: "I-2026-0001", title: TITLE }),
    );
  });

  it("refuses a citizen pressing forged moderation buttons, in private and in the group", async () => {
    const { h, id, author, elsewhere } = await setting();
    const before = await lastRowId(h);
    await h.send(
      press(author, `1|mod|ok|${id}|1`),
      press(author, `1|mod|rr|${id}|1|duplicate`),
      press(author, `1|mod|chg|${id}|1`),
      press(elsewhere, `1|mod|ok|${id}|1`, 1, group),
      press(elsewhere, `1|mod|rej|${id}|1`, 1, group),
      text(author, "/queue"),
    );
    const calls = h.take();
    const refusals = calls.filter(
      (c) => c.payload.text === en("errors.notAllowed") || c.payload.text === ru("errors.notAllowed"),
    );
    expect(refusals).toHaveLength(6);
    expect(await initiative(h, id)).toMatchObject({ status: "submitted", version: 1 });
    expect(await events(h, id)).toHaveLength(1);
    expect(await newRows(h, before)).toEqual([]);
    expect(await h.db.select().from(awaiting)).toEqual([]);
  });

  it("ignores moderation buttons in any other group", async () => {
    const { h, id, mod } = await setting();
    await h.send(press(mod, `1|mod|ok|${id}|1`, 1, groupChat(-100999)));
    expect(callbackAnswers(h)).toEqual([en("errors.staleButton")]);
    expect((await initiative(h, id)).status).toBe("submitted");
  });

  it("lets the first of two moderators acting at once decide, and tells the second", async () => {
    const { h, id, author, mod, mod2 } = await setting();
    const before = await lastRowId(h);
    await Promise.all([
      h.bot.handleUpdate(press(mod, `1|mod|ok|${id}|1`)),
      h.bot.handleUpdate(press(mod2, `1|mod|rr|${id}|1|duplicate`)),
    ]);
    const answers = callbackAnswers(h);
    const status = (await initiative(h, id)).status;
    expect(["approved", "rejected"]).toContain(status);
    const loserText =
      status === "approved"
        ? ky("moderation.alreadyDecided", { status: ky("initiative.status.approved") })
        : en("moderation.alreadyDecided", { status: en("initiative.status.rejected") });
    expect(answers).toContain(loserText);
    expect(await events(h, id)).toHaveLength(2);
    const authorRows = (await newRows(h, before)).filter((r) => r.chatId === author.id);
    expect(authorRows).toHaveLength(1);

    // Pressed again later, in the group, the old card's button says who was first.
    await h.send(press(mod2, `1|mod|ok|${id}|1`, 1, group));
    expect(callbackAnswers(h)).toEqual([
      ky("moderation.alreadyDecided", { status: ky(`initiative.status.${status}`) }),
    ]);
  });

  it("requests changes through the moderator's private chat, even across a restart; the author edits and resubmits", async () => {
    const { h: first, id, author, mod } = await setting();
    await first.send(press(mod, `1|mod|chg|${id}|1`, 60, group));
    const calls = first.take();
    expect(calls.find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      en("moderation.askedInPrivate"),
    );
    const question = calls.find((c) => c.method === "sendMessage")!;
    expect(question.payload.chat_id).toBe(mod.id);
    expect(question.payload.text).toBe(
      en("moderation.askChanges", { reference: "I-2026-0001", title: TITLE }),
    );
    expect(await first.db.select().from(awaiting)).toMatchObject([
      { userId: mod.id, kind: "moderation.decision", step: "requestChanges", subjectId: id, detailId: 1 },
    ]);

    const h = await createHarness({
      database: first.database,
      env: { MODERATION_CHAT_ID: String(MODERATORS) },
    });
    await h.send(text(mod, "ok"));
    expect(texts(h.take())).toEqual([en("initiative.errors.tooShort", { min: 3, max: 1000, length: 2 })]);
    const before = await lastRowId(h);
    await h.send(text(mod, "Please add the estimate <b>from the master</b>."));
    expect(texts(h.take())).toEqual([
      en("moderation.decided.changes_requested", { reference: "I-2026-0001" }),
    ]);
    expect(await initiative(h, id)).toMatchObject({ status: "changes_requested", version: 2 });
    expect((await events(h, id)).at(-1)).toMatchObject({
      actorId: mod.id,
      toStatus: "changes_requested",
      reasonText: "Please add the estimate <b>from the master</b>.",
    });
    expect(await h.db.select().from(awaiting)).toEqual([]);
    const notice = (await newRows(h, before)).find((r) => r.chatId === author.id)!;
    expect(notice.payload.text).toBe(
      ru("moderation.author.changes_requested", {
        reference: "I-2026-0001",
        title: TITLE,
        reason: "Please add the estimate <b>from the master</b>.",
      }),
    );
    expect(notice.payload.text).toContain("&lt;b&gt;from the master&lt;/b&gt;");
    expect(notice.payload.buttons?.inline_keyboard[0]?.[0]).toMatchObject({
      callback_data: `1|ini|fix|${id}`,
    });

    // The author opens the same initiative with the answers kept, changes one, and sends it again.
    h.advance(60_000);
    await h.send(press(author, `1|ini|fix|${id}`));
    const summary = lastWithKeyboard(h.take())!;
    expect(summary.payload.text).toContain(
      ru("initiative.summary.changesAsked", { reason: "Please add the estimate <b>from the master</b>." }),
    );
    expect(summary.payload.text).toContain(TITLE);
    // Cancel stops editing but keeps the initiative and its answers.
    await h.send(press(author, `1|ini|cancel|${id}`));
    expect(texts(h.take())).toEqual([ru("initiative.editStopped")]);
    expect(await initiative(h, id)).toMatchObject({
      status: "changes_requested",
      title: TITLE,
    });
    expect(await h.db.select().from(awaiting).where(eq(awaiting.userId, author.id))).toEqual([]);
    await h.send(press(author, `1|ini|fix|${id}`));
    h.take();
    await h.send(
      press(author, `1|ini|goto|${id}|attachments`),
      press(author, `1|ini|skip|${id}|attachments`),
    );
    h.take();
    const beforeResubmit = await lastRowId(h);
    await h.send(press(author, `1|ini|submit|${id}`));
    expect(texts(h.take())[0]).toContain(ru("initiative.submitted", { reference: "I-2026-0001" }));
    expect(await initiative(h, id)).toMatchObject({ status: "submitted", version: 3, refSeq: 1 });
    const card = (await newRows(h, beforeResubmit)).find((r) => !r.payload.media)!;
    expect(card.payload.text).toContain(ky("moderation.resubmittedLead"));
    expect(card.payload.buttons?.inline_keyboard[0]?.[0]).toMatchObject({
      callback_data: `1|mod|ok|${id}|3`,
    });

    // The card of the first submission is stale now.
    await h.send(press(mod, `1|mod|ok|${id}|1`, 1, group));
    expect(callbackAnswers(h)).toEqual([en("errors.staleButton")]);
    expect((await events(h, id)).map((e) => e.toStatus)).toEqual([
      "submitted",
      "changes_requested",
      "submitted",
    ]);
  });

  it("rejects with a common reason or a written one, told to the author in the author's language", async () => {
    const { h, id, author, mod, mod2 } = await setting();
    await h.send(press(mod, `1|mod|rej|${id}|1`, 70));
    const calls = h.take();
    expect(calls.find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      en("moderation.chooseReason"),
    );
    const reasons = buttons(calls.find((c) => c.method === "editMessageReplyMarkup"));
    expect(reasons.map((b) => b.data)).toEqual([
      `1|mod|rr|${id}|1|notLocal`,
      `1|mod|rr|${id}|1|duplicate`,
      `1|mod|rr|${id}|1|notFeasible`,
      `1|mod|rr|${id}|1|notLsg`,
      `1|mod|rr|${id}|1|incomplete`,
      `1|mod|rw|${id}|1`,
      `1|mod|back|${id}|1`,
    ]);
    expect(reasons.every((b) => new TextEncoder().encode(b.data).length <= 64)).toBe(true);
    await h.send(press(mod, `1|mod|back|${id}|1`, 70));
    expect(buttons(h.take().find((c) => c.method === "editMessageReplyMarkup"))).toHaveLength(4);

    const before = await lastRowId(h);
    await h.send(press(mod, `1|mod|rr|${id}|1|notLocal`));
    h.take();
    expect((await events(h, id)).at(-1)).toMatchObject({
      toStatus: "rejected",
      reasonCode: "notLocal",
      actorId: mod.id,
    });
    const notice = (await newRows(h, before)).find((r) => r.chatId === author.id)!;
    expect(notice.payload.text).toBe(
      ru("moderation.author.rejected", {
        reference: "I-2026-0001",
        title: TITLE,
        reason: ru("moderation.reasons.notLocal"),
      }),
    );

    // A written reason, from the private queue of another moderator, for another initiative.
    const other = person(7310, "en");
    await onboard(h, other);
    const second = await submitInitiative(h, other);
    await h.send(text(mod2, "/queue"));
    const card = lastWithKeyboard(h.take())!;
    expect(card.payload.text).toContain("I-2026-0002");
    await h.send(press(mod2, `1|mod|rw|${second}|1`));
    expect(texts(h.take())).toEqual([ky("moderation.askReason", { reference: "I-2026-0002", title: TITLE })]);
    await h.send(press(mod2, "1|mod|pc"));
    expect(texts(h.take())).toEqual([ky("moderation.promptCancelled")]);
    await h.send(text(mod2, "This is not a decision"));
    expect(texts(h.take())[0]).toContain(ky("unhandled.text"));
    await h.send(press(mod2, `1|mod|rw|${second}|1`), text(mod2, "Дубликат I-2026-0001"));
    h.take();
    expect(await initiative(h, second)).toMatchObject({ status: "rejected" });
    const written = (await outboxRows(h)).find((r) => r.chatId === other.id)!;
    expect(written.payload.text).toBe(
      en("moderation.author.rejected", {
        reference: "I-2026-0002",
        title: TITLE,
        reason: "Дубликат I-2026-0001",
      }),
    );
  });

  it("shows the queue oldest first, one card with its attachments, to moderators only", async () => {
    const { h, id, mod } = await setting({});
    const other = person(7311, "en");
    await onboard(h, other);
    h.advance(60_000);
    const second = await submitInitiative(h, other);

    // Without a moderators' group, each moderator is pointed to the queue in their own language.
    const pointers = (await outboxRows(h)).filter((r) => r.chatId === mod.id);
    expect(pointers.map((r) => r.payload.text)).toEqual([
      en("moderation.newForModerator", { reference: "I-2026-0001" }),
      en("moderation.newForModerator", { reference: "I-2026-0002" }),
    ]);

    await h.send(press(mod, "1|menu|queue"));
    let calls = h.take();
    const first = calls.find((c) => c.payload.reply_markup?.inline_keyboard)!;
    expect(first.payload.text).toContain(en("moderation.queueHead", { count: 2, position: 1 }));
    expect(first.payload.text).toContain("I-2026-0001");
    expect(buttons(first).map((b) => b.data)).toEqual([
      `1|mod|ok|${id}|1`,
      `1|mod|chg|${id}|1`,
      `1|mod|rej|${id}|1`,
      `1|blk|i|${id}`,
      "1|mod|q|1",
    ]);
    expect(calls.find((c) => c.method === "sendPhoto")?.payload).toMatchObject({
      photo: "photo-of-street",
      caption: en("moderation.attachmentCaption", { reference: "I-2026-0001", n: 1, total: 1 }),
    });

    await h.send(press(mod, "1|mod|q|1"));
    calls = h.take();
    expect(calls.find((c) => c.payload.reply_markup?.inline_keyboard)?.payload.text).toContain("I-2026-0002");

    await h.send(press(mod, `1|mod|ok|${second}|1`), press(mod, `1|mod|ok|${id}|1`), press(mod, "1|mod|q|1"));
    calls = h.take();
    expect(texts(calls)).toEqual([
      en("moderation.decided.approved", { reference: "I-2026-0002" }),
      en("moderation.decided.approved", { reference: "I-2026-0001" }),
      en("moderation.queueEmpty"),
    ]);
  });

  it("asks a moderator whose private chat with the bot is closed to open it first", async () => {
    const { h, id, mod } = await setting(undefined, [7302]);
    await h.send(press(mod, `1|mod|chg|${id}|1`, 1, group));
    const answer = h.take().find((c) => c.method === "answerCallbackQuery")!;
    expect(answer.payload).toMatchObject({ text: en("moderation.openPrivateFirst"), show_alert: true });
    expect(await h.db.select().from(awaiting)).toEqual([]);
    expect((await initiative(h, id)).status).toBe("submitted");
  });

  it("keeps every message about a decision within Telegram's limit, however the reason is written", async () => {
    const { h, id, author, mod } = await setting();
    const reason = `"${"<&".repeat(499)}"`;
    await h.send(press(mod, `1|mod|chg|${id}|1`), text(mod, reason));
    h.take();
    expect((await events(h, id)).at(-1)?.reasonText).toBe(reason);
    const notices = (await outboxRows(h)).filter((r) => r.dedupeKey?.includes(":changes_requested:"));
    expect(notices).toHaveLength(2);
    for (const notice of notices) {
      expect(notice.payload.text.length).toBeLessThanOrEqual(4096);
      expect(notice.payload.text).toContain("&lt;&amp;");
      expect(notice.payload.text).toContain("…");
    }
    await h.send(press(author, `1|ini|fix|${id}`), press(author, `1|my|v|${id}`));
    for (const message of texts(h.take())) {
      expect(message.length).toBeLessThanOrEqual(4096);
      expect(message).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
    }
  });
});
