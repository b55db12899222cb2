import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { reporterStatusMessage } from "../../src/bot/reports/notices.js";
import { enqueue } from "../../src/db/repo/outbox.js";
import { findReport, reporterOf } from "../../src/db/repo/reports.js";
import { revokeGrant } from "../../src/db/repo/staff.js";
import { chatMessages, staff } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import { createLogger } from "../../src/logger.js";
import { createHarness, type Harness, onboard, texts } from "../support/harness.js";
import { grantRole, outboxRows, sendReport } from "../support/reports.js";
import { groupChat, person, press, text } from "../support/updates.js";

const en = translator("en");
const OFFICERS_GROUP = -100555;
const REF = "R-2026-0001";

/** A Russian-speaking reporter of Balykchy, two of its officers and its officers' group, a report. */
async function setting() {
  const h = await createHarness();
  const reporter = person(8700, "ru");
  const asker = person(8701, "en");
  const colleague = person(8702, "en");
  const admin = person(900, "en");
  for (const who of [reporter, asker, colleague, admin]) await onboard(h, who);
  await grantRole(h, asker.id, "officer", 1);
  await grantRole(h, colleague.id, "officer", 1);
  await h.send(text(admin, "/officers_here balykchy", groupChat(OFFICERS_GROUP)));
  const id = await sendReport(h, reporter, { mayContact: true });
  await h.dispatch();
  h.take();
  return { h, id, reporter, asker, colleague, admin };
}

const messageIdsOf = async (h: Harness, chatId: number) =>
  (await h.db.select().from(chatMessages).where(eq(chatMessages.chatId, chatId))).map((m) => m.messageId);

describe("a notice to a reporter that Telegram refuses for good", () => {
  it("reaches /failures as 'a reporter' and the logs without the person, the report or its key", async () => {
    const { h, id, reporter, asker, admin } = await setting();
    h.rejecting.add(reporter.id);
    await h.send(press(asker, `1|ro|a|${id}|acknowledge`));
    // The other rows edit the report's card where officers see it.
    const row = (await outboxRows(h)).filter((r) => r.toReporter).at(-1)!;
    expect(row).toMatchObject({ chatId: reporter.id, toReporter: true, status: "pending" });
    const lines: string[] = [];
    const logger = createLogger("debug", { write: (line) => lines.push(line), hashId: h.deps.hashes.chat });
    expect(await h.dispatch(logger)).toMatchObject({ failed: 1 });
    expect((await outboxRows(h)).find((r) => r.id === row.id)).toMatchObject({ status: "failed" });
    h.take();

    await h.send(text(admin, "/failures"));
    const shown = texts(h.take()).join("\n");
    expect(shown).toContain(
      en("admin.failureLineReporter", { attempts: 1, error: "400: Bad Request: chat not found" }),
    );
    const log = lines.join("\n");
    expect(log).toContain("outbox: message rejected");
    // Nothing that names the person, even hashed, nor anything that leads to the report.
    const forbidden = [
      String(reporter.id),
      h.deps.hashes.chat(reporter.id),
      REF,
      `report:${id}`,
      row.dedupeKey!,
      `"outboxId":${row.id}`,
    ];
    for (const trace of forbidden) {
      expect(shown, trace).not.toContain(trace);
      expect(log, trace).not.toContain(trace);
    }
    // The key stored with the row names neither the report nor the chat.
    expect(row.dedupeKey).toMatch(/^k[0-9a-f]{32}$/);
  });

  it("still dedupes: the same status notice queued twice is stored once", async () => {
    const { h, id, asker } = await setting();
    await h.send(press(asker, `1|ro|a|${id}|acknowledge`));
    const rows = (await outboxRows(h)).filter((r) => r.toReporter);
    expect(rows).toHaveLength(1);
    const report = (await findReport(h.db, id))!;
    await enqueue(
      h.database,
      reporterStatusMessage(h.deps, await reporterOf(h.db, id), report),
      h.deps.now(),
    );
    expect((await outboxRows(h)).filter((r) => r.toReporter)).toHaveLength(1);
  });
});

describe("the reporter's answer to a question", () => {
  it("goes to the municipality's current officers and group when the asker's role was revoked", async () => {
    const { h, id, reporter, asker, colleague } = await setting();
    await h.send(press(asker, `1|ro|ask|${id}`), text(asker, "Which street?"));
    const question = (await outboxRows(h)).at(-1)!;
    const eventId = Number(/\|(\d+)"/.exec(JSON.stringify(question.payload.buttons))![1]);
    const [grant] = await h.db.select().from(staff).where(eq(staff.userId, asker.id));
    await revokeGrant(h.database, grant!.id, 900);

    await h.send(press(reporter, `1|rr|ans|${id}|${eventId}`));
    const before = (await outboxRows(h)).at(-1)!.id;
    await h.send(text(reporter, "Toktogul street."));
    const relayed = (await outboxRows(h)).filter((r) => r.id > before);
    expect(relayed.map((r) => r.chatId).sort()).toEqual([colleague.id, OFFICERS_GROUP].sort());
    expect(relayed[0]!.payload.text).toBe(
      en("officer.answerFromReporter", { reference: REF, answer: "Toktogul street." }),
    );
  });

  it("goes to the asker alone while they still hold the role", async () => {
    const { h, id, reporter, asker } = await setting();
    await h.send(press(asker, `1|ro|ask|${id}`), text(asker, "Which street?"));
    const question = (await outboxRows(h)).at(-1)!;
    const eventId = Number(/\|(\d+)"/.exec(JSON.stringify(question.payload.buttons))![1]);
    await h.send(press(reporter, `1|rr|ans|${id}|${eventId}`));
    const before = (await outboxRows(h)).at(-1)!.id;
    await h.send(text(reporter, "Toktogul street."));
    expect((await outboxRows(h)).filter((r) => r.id > before).map((r) => r.chatId)).toEqual([asker.id]);
  });
});

describe("clearing the report chat after the outbox delivered to it", () => {
  it("records every message a long notice became", async () => {
    const { h, reporter } = await setting();
    const before = await messageIdsOf(h, reporter.id);
    const paragraph = "Word ".repeat(500).trim();
    await enqueue(
      h.database,
      { chatId: reporter.id, payload: { text: `${paragraph}\n\n${paragraph}` }, chatLogFlow: "report" },
      h.deps.now(),
    );
    h.take();
    expect(await h.dispatch()).toMatchObject({ sent: 1 });
    expect(h.take().filter((c) => c.method === "sendMessage")).toHaveLength(2);
    expect((await messageIdsOf(h, reporter.id)).filter((m) => !before.includes(m))).toHaveLength(2);
  });

  for (const [how, clear] of [
    ["/clear", (who: ReturnType<typeof person>) => text(who, "/clear")],
    ["the 'clear this chat' button", (who: ReturnType<typeof person>) => press(who, "1|rr|clear")],
  ] as const) {
    it(`deletes the status notice and the officer's question with ${how}`, async () => {
      const { h, id, reporter, asker } = await setting();
      const before = await messageIdsOf(h, reporter.id);
      await h.send(
        press(asker, `1|ro|a|${id}|acknowledge`),
        press(asker, `1|ro|ask|${id}`),
        text(asker, "Which street?"),
      );
      expect((await outboxRows(h)).filter((r) => r.toReporter).map((r) => r.chatLogFlow)).toEqual([
        "report",
        "report",
      ]);
      await h.dispatch();
      const toReporter = (await outboxRows(h)).filter((r) => r.toReporter);
      expect(toReporter.map((r) => r.status)).toEqual(["sent", "sent"]);
      const delivered = (await messageIdsOf(h, reporter.id)).filter((m) => !before.includes(m));
      expect(delivered).toHaveLength(2);
      h.take();

      await h.send(clear(reporter));
      const deleted = h
        .take()
        .filter((c) => c.method === "deleteMessages")
        .flatMap((c) => c.payload.message_ids as number[]);
      expect(deleted).toEqual(expect.arrayContaining([...before, ...delivered]));
      expect(await messageIdsOf(h, reporter.id)).toEqual([]);
    });
  }
});
