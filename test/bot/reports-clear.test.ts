import { describe, expect, it } from "vitest";
import { chatMessages, reports } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import { createHarness, onboard } from "../support/harness.js";
import { answers, DETAILS, draftId } from "../support/reports.js";
import { person, press, text } from "../support/updates.js";

const en = translator("en");
const HOUR = 60 * 60 * 1000;

describe("clearing the report conversation", () => {
  it("deletes the bot's and the person's messages of the report after sending; the report stays", async () => {
    const h = await createHarness();
    const citizen = person(8600, "en");
    await onboard(h, citizen);
    const start = text(citizen, "/report");
    await h.send(start);
    const id = await draftId(h, citizen);
    const answer = text(citizen, DETAILS);
    await h.send(
      press(citizen, `1|rf|cat|${id}|youth`),
      press(citizen, `1|rf|urg|${id}|recent`),
      press(citizen, `1|rf|mun|${id}|1`),
      press(citizen, `1|rf|anon|${id}|y`),
      press(citizen, `1|rf|next|${id}|place`),
      answer,
      press(citizen, `1|rf|next|${id}|affected`),
      press(citizen, `1|rf|cont|${id}|n`),
      press(citizen, `1|rf|send|${id}`),
    );
    const recorded = (await h.db.select().from(chatMessages)).map((m) => m.messageId);
    const userIds = [start.message!.message_id, answer.message!.message_id];
    expect(recorded).toEqual(expect.arrayContaining(userIds));
    // Safety line, eight steps, the summary and the confirmation (a full description needs no receipt).
    expect(recorded).toHaveLength(userIds.length + 11);
    h.take();

    await h.send(press(citizen, "1|rr|clear"));
    const calls = h.take();
    const deletions = calls.filter((c) => c.method === "deleteMessages");
    expect(deletions).toHaveLength(1);
    expect(deletions[0]!.payload).toEqual({
      chat_id: citizen.id,
      message_ids: [...recorded].sort((a, b) => a - b),
    });
    expect(answers(calls)).toEqual([en("report.cleared")]);
    expect(calls.filter((c) => c.method === "sendMessage")).toEqual([]);
    expect(await h.db.select().from(chatMessages)).toEqual([]);
    expect((await h.db.select().from(reports))[0]).toMatchObject({ status: "new", text: DETAILS });
  });

  it("clears with /clear, deleting the command too, and skips what Telegram no longer lets a bot delete", async () => {
    const h = await createHarness();
    const citizen = person(8601, "en");
    await onboard(h, citizen);
    const old = text(citizen, "/report");
    await h.send(old);
    h.advance(49 * HOUR);
    const recent = text(citizen, "/myreports");
    await h.send(recent);
    h.take();
    const clear = text(citizen, "/clear");
    await h.send(clear);
    const deletion = h.take().find((c) => c.method === "deleteMessages")!;
    expect(deletion.payload.message_ids).toContain(recent.message!.message_id);
    expect(deletion.payload.message_ids).toContain(clear.message!.message_id);
    expect(deletion.payload.message_ids).not.toContain(old.message!.message_id);
    expect(deletion.payload.message_ids).toHaveLength(3);

    await h.send(text(citizen, "/clear"));
    const nothing = h.take();
    expect(nothing.filter((c) => c.method === "sendMessage").map((c) => c.payload.text)).toEqual([
      en("report.nothingToClear"),
    ]);
  });

  it("offers to clear the chat after a cancelled report too", async () => {
    const h = await createHarness();
    const citizen = person(8602, "ru");
    await onboard(h, citizen);
    await h.send(text(citizen, "/report"));
    const id = await draftId(h, citizen);
    h.take();
    await h.send(press(citizen, `1|rf|cancel|${id}`));
    const cancelled = h.take().find((c) => c.method === "sendMessage")!;
    expect(cancelled.payload.reply_markup.inline_keyboard.flat()[0].callback_data).toBe("1|rr|clear");
    await h.send(press(citizen, "1|rr|clear"));
    expect(h.take().find((c) => c.method === "deleteMessages")!.payload.message_ids).toHaveLength(4);
  });
});
