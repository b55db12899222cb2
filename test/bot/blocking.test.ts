import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findUser } from "../../src/db/repo/users.js";
import { auditLog, blockedAccounts, reports } from "../../src/db/schema.js";
import { createKeyedHashes } from "../../src/domain/keyed-hash.js";
import { formatDateTime } from "../../src/i18n/format.js";
import { translator } from "../../src/i18n/index.js";
import {
  buttons,
  createHarness,
  HASH_KEY,
  type Harness,
  lastWithKeyboard,
  onboard,
  texts,
} from "../support/harness.js";
import { submitInitiative } from "../support/initiatives.js";
import { answers, fillReport, grantRole, outboxRows, sendReport } from "../support/reports.js";
import { approvedInitiatives, openRoundNow, votesOf } from "../support/rounds.js";
import { groupChat, person, press, text } from "../support/updates.js";

const en = translator("en");
const hashes = createKeyedHashes(HASH_KEY);
const MODERATION_CHAT = -100777;

const reporter = person(8501, "ky", "Айгерим");
reporter.username = "aigerim_kg";
const officer = person(8502, "en");
const moderator = person(8503, "en");
const admin = person(900, "en");

async function community() {
  const h = await createHarness({ env: { MODERATION_CHAT_ID: String(MODERATION_CHAT) } });
  for (const who of [reporter, officer, moderator, admin]) await onboard(h, who);
  await grantRole(h, officer.id, "officer", 1);
  await grantRole(h, moderator.id, "moderator");
  return h;
}

async function blockRows(h: Harness) {
  return h.db.select().from(blockedAccounts);
}

/** Everything a block wrote: it must not name the blocked person. */
async function blockTraces(h: Harness) {
  const audit = await h.db.select().from(auditLog);
  return JSON.stringify({ blocks: await blockRows(h), audit });
}

/** What the person sees when they try /report, /propose and a report draft's Send. */
async function expectPaused(h: Harness, who: typeof reporter) {
  const t = translator((who.language_code ?? "ky") as "ky");
  await h.send(text(who, "/report"));
  const [onReport] = texts(h.take());
  expect(onReport).toBe(`${t("blocking.paused")}\n\n${t("report.capEmergency")}`);
  await h.send(text(who, "/propose"));
  expect(texts(h.take())).toEqual([t("blocking.paused")]);
}

describe("blocking an account", () => {
  it("from the report card: a moderator blocks the sender without learning who it is", async () => {
    const h = await community();
    const id = await sendReport(h, reporter);
    // Officers' cards have no block button; a moderator's card has one, naming only the report.
    const officerCard = (await outboxRows(h)).find((r) => r.chatId === officer.id)!;
    expect(JSON.stringify(officerCard.payload.buttons)).not.toContain("|blk|");
    h.take();
    await h.send(press(moderator, `1|ro|open|${id}`));
    const card = lastWithKeyboard(h.take());
    const block = buttons(card).find((b) => b.data.startsWith("1|blk|"));
    expect(block).toEqual({ text: en("blocking.reportButton"), data: `1|blk|r|${id}` });

    await h.send(press(moderator, block!.data));
    const asked = h.take();
    expect(texts(asked)).toEqual([en("blocking.confirm", { reference: "R-2026-0001" })]);
    expect(buttons(lastWithKeyboard(asked)).map((b) => b.data)).toEqual([`1|blk|ry|${id}`, "1|blk|no"]);
    // Nothing is blocked before the confirmation.
    expect(await blockRows(h)).toEqual([]);

    await h.send(press(moderator, `1|blk|ry|${id}`));
    const said = h.take();
    expect(texts(said)).toEqual([en("blocking.done", { reference: "R-2026-0001" })]);
    expect(JSON.stringify(said)).not.toContain(String(reporter.id));
    expect(JSON.stringify(said)).not.toContain("Айгерим");

    const [row] = await blockRows(h);
    expect(row).toMatchObject({
      accountHash: hashes.account(reporter.id),
      subject: "report R-2026-0001",
      blockedBy: moderator.id,
    });
    expect(await blockTraces(h)).not.toContain(String(reporter.id));
    expect((await findUser(h.db, reporter.id))?.status).toBe("blocked");
    const audit = await h.db.select().from(auditLog).where(eq(auditLog.action, "account.blocked"));
    expect(audit).toMatchObject([{ actorId: moderator.id, subject: "report R-2026-0001" }]);

    // A second block of the same account changes nothing.
    await h.send(press(moderator, `1|blk|ry|${id}`));
    expect(texts(h.take())).toEqual([en("blocking.already")]);
    expect(await blockRows(h)).toHaveLength(1);
  });

  it("refuses a forged block button or /block from a plain officer, checked on the server", async () => {
    const h = await community();
    const id = await sendReport(h, reporter);
    const author = person(8504, "en");
    await onboard(h, author);
    const initiativeId = await submitInitiative(h, author);
    h.take();
    for (const data of [
      `1|blk|r|${id}`,
      `1|blk|ry|${id}`,
      `1|blk|iy|${initiativeId}`,
      "1|blk|list",
      "1|blk|u|1",
    ]) {
      await h.send(press(officer, data));
      expect(answers(h.take())).toEqual([en("errors.notAllowed")]);
    }
    await h.send(text(officer, `/block ${reporter.id}`));
    expect(texts(h.take())).toEqual([en("errors.notAllowed")]);
    // A moderator may block, but lifting a block is the admins' (from /admin).
    await h.send(press(moderator, "1|blk|list"));
    expect(answers(h.take())).toEqual([en("errors.notAllowed")]);
    expect(await blockRows(h)).toEqual([]);
    expect((await findUser(h.db, reporter.id))?.status).toBe("active");
  });

  it("stops a blocked account's reports, initiatives and votes with a neutral sentence; danger still gets the numbers", async () => {
    const h = await community();
    const ky = translator("ky");
    const author = person(8506, "en");
    await onboard(h, author);
    const [initiativeId] = await approvedInitiatives(h, author, moderator, 1);
    const round = await openRoundNow(h, officer.id);
    await h.send(press(reporter, `1|vote|t|${round.id}|${initiativeId}`));
    expect(await votesOf(h, round.id)).toHaveLength(1);

    // A draft opened before the block, about danger now.
    const draft = await fillReport(h, reporter, { urgency: "danger", category: "family" });
    h.take();
    await h.send(text(admin, `/block ${reporter.id}`));
    expect(texts(h.take())).toEqual([en("blocking.commandDone", { id: String(reporter.id) })]);
    // Their vote in the open round is taken back; a new one is refused.
    expect(await votesOf(h, round.id)).toEqual([]);
    await h.send(press(reporter, `1|vote|t|${round.id}|${initiativeId}`));
    expect(answers(h.take())).toEqual([ky("vote.refused.blocked")]);
    expect(await votesOf(h, round.id)).toEqual([]);

    const before = (await outboxRows(h)).length;
    await h.send(press(reporter, `1|rf|send|${draft}`));
    expect(texts(h.take())).toEqual([`${ky("blocking.paused")}\n\n${ky("report.capEmergency")}`]);
    // Not routed to anyone, and not kept.
    expect((await outboxRows(h)).length).toBe(before);
    expect(await h.db.select().from(reports).where(eq(reports.id, draft))).toEqual([]);
    await expectPaused(h, reporter);
    // Neutral: no word of blocking or abuse in what the person is told.
    expect(ky("blocking.paused")).not.toMatch(/бөгөт/i);
    expect(en("blocking.paused")).not.toMatch(/block|abuse|spam/i);
    expect(translator("ru")("blocking.paused")).not.toMatch(/блок/i);
  });

  it("from the initiative card in the moderators' group and in /queue", async () => {
    const h = await community();
    const author = person(8510, "ru");
    await onboard(h, author);
    const id = await submitInitiative(h, author);
    const groupCard = (await outboxRows(h)).find((r) => r.chatId === MODERATION_CHAT)!;
    expect(JSON.stringify(groupCard.payload.buttons)).toContain(`1|blk|i|${id}`);
    await h.send(text(moderator, "/queue"));
    expect(buttons(lastWithKeyboard(h.take())).map((b) => b.data)).toContain(`1|blk|i|${id}`);

    const group = groupChat(MODERATION_CHAT);
    await h.send(press(moderator, `1|blk|i|${id}`, undefined, group));
    expect(texts(h.take())).toEqual([en("blocking.confirm", { reference: "I-2026-0001" })]);
    await h.send(press(moderator, `1|blk|iy|${id}`, undefined, group));
    expect(texts(h.take())).toEqual([en("blocking.done", { reference: "I-2026-0001" })]);
    expect(await blockRows(h)).toMatchObject([
      { accountHash: hashes.account(author.id), subject: "initiative I-2026-0001" },
    ]);
    expect(await blockTraces(h)).not.toContain(String(author.id));
    await expectPaused(h, author);
  });

  it("survives /forget and a new /start: the new account row is blocked at consent", async () => {
    const h = await community();
    const id = await sendReport(h, reporter);
    await h.send(press(moderator, `1|blk|ry|${id}`));
    await h.send(text(reporter, "/forget"), press(reporter, "1|forget|confirm|yes"));
    expect(await findUser(h.db, reporter.id)).toBeUndefined();
    expect(await blockRows(h)).toHaveLength(1);

    await onboard(h, reporter);
    expect((await findUser(h.db, reporter.id))?.status).toBe("blocked");
    await expectPaused(h, reporter);
  });

  it("applies /block to someone who has not started the bot yet, once they consent", async () => {
    const h = await community();
    const stranger = person(8520, "en");
    await h.send(text(moderator, "/block"));
    expect(texts(h.take())).toEqual([en("blocking.usage")]);
    await h.send(text(moderator, `/block ${stranger.id}`));
    expect(texts(h.take())).toEqual([en("blocking.commandDone", { id: String(stranger.id) })]);
    expect(await blockRows(h)).toMatchObject([
      { subject: "command", accountHash: hashes.account(stranger.id) },
    ]);
    expect(await blockTraces(h)).not.toContain(String(stranger.id));
    await onboard(h, stranger);
    expect((await findUser(h.db, stranger.id))?.status).toBe("blocked");
  });

  it("is lifted from the admin panel, with the subject and date listed, and audited", async () => {
    const h = await community();
    const id = await sendReport(h, reporter);
    await h.send(press(moderator, `1|blk|ry|${id}`));
    const [row] = await blockRows(h);
    h.take();
    await h.send(text(admin, "/admin"));
    expect(buttons(lastWithKeyboard(h.take()))).toContainEqual({
      text: en("blocking.title"),
      data: "1|blk|list",
    });
    await h.send(press(admin, "1|blk|list"));
    const list = h.take();
    const line = en("blocking.line", {
      n: 1,
      subject: en("blocking.subject.report", { reference: "R-2026-0001" }),
      date: formatDateTime(row!.createdAt),
    });
    expect(texts(list)).toEqual([`${en("blocking.title")}\n\n${line}`]);
    expect(buttons(lastWithKeyboard(list))).toEqual([
      { text: en("blocking.unblockButton", { n: 1 }), data: `1|blk|u|${row!.id}` },
    ]);

    await h.send(press(admin, `1|blk|u|${row!.id}`));
    expect(answers(h.take())).toEqual([en("blocking.unblocked")]);
    expect(await blockRows(h)).toEqual([]);
    expect((await findUser(h.db, reporter.id))?.status).toBe("active");
    const audit = (await h.db.select().from(auditLog)).filter((a) => a.action.startsWith("account."));
    expect(audit.map((a) => [a.action, a.actorId, a.subject])).toEqual([
      ["account.blocked", moderator.id, "report R-2026-0001"],
      ["account.unblocked", admin.id, "report R-2026-0001"],
    ]);
    // Reporting works again.
    await sendReport(h, reporter);
    expect((await h.db.select().from(reports)).filter((r) => r.status === "new")).toHaveLength(2);
  });
});
