import { describe, expect, it } from "vitest";
import { NOTE_MAX } from "../../src/domain/report-status.js";
import { MESSAGE_TEXT_LIMIT } from "../../src/notify/payload.js";
import { createHarness, onboard } from "../support/harness.js";
import { grantRole, outboxRows, sendReport } from "../support/reports.js";
import { telegramVisibleText } from "../support/telegram-html.js";
import { person, press, text } from "../support/updates.js";

describe("long HTML through the outbox", () => {
  it("a report of 1,500 & reaches the officer as valid HTML showing every character", async () => {
    const h = await createHarness();
    const reporter = person(8500, "ru");
    const officer = person(8501, "ky");
    for (const who of [reporter, officer]) await onboard(h, who);
    await grantRole(h, officer.id, "officer", 1);
    const details = `Water ${"&".repeat(1_500)} land`;
    await sendReport(h, reporter, { details: (who) => [text(who, details)] });
    const [card] = (await outboxRows(h)).filter((row) => row.chatId === officer.id);
    // Escaped, the card is far longer than a message; what the officer sees is not.
    expect(card!.payload.text.length).toBeGreaterThan(MESSAGE_TEXT_LIMIT);
    h.take();

    await h.dispatch();
    const sent = h.take().filter((c) => c.method === "sendMessage" && c.payload.chat_id === officer.id);
    expect(sent.length).toBeGreaterThan(0);
    const visible = sent.map((c) => telegramVisibleText(c.payload.text));
    for (const shown of visible) expect(shown.length).toBeLessThanOrEqual(MESSAGE_TEXT_LIMIT);
    expect(visible.join("")).toBe(telegramVisibleText(card!.payload.text));
    expect(visible.join("")).toContain(details);
  });

  it("an officer's comment of 1,000 & reaches the reporter whole, in one valid message", async () => {
    const h = await createHarness();
    const reporter = person(8502, "en");
    const officer = person(8503, "en");
    for (const who of [reporter, officer]) await onboard(h, who);
    await grantRole(h, officer.id, "officer", 1);
    const id = await sendReport(h, reporter, { mayContact: true });
    await h.dispatch();
    const comment = "&".repeat(NOTE_MAX);
    await h.send(press(officer, `1|ro|cmt|${id}`), text(officer, comment));
    h.take();
    await h.dispatch();
    const sent = h.take().filter((c) => c.method === "sendMessage" && c.payload.chat_id === reporter.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload.text.length).toBeGreaterThan(MESSAGE_TEXT_LIMIT);
    expect(telegramVisibleText(sent[0]!.payload.text)).toContain(comment);
  });
});
