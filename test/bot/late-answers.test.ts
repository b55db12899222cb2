import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/index.js";
import { createLogger } from "../../src/logger.js";
import { createHarness, onboard, texts } from "../support/harness.js";
import { grantRole, reportHistory, sendReport } from "../support/reports.js";
import { person, press } from "../support/updates.js";

const en = translator("en");

/** A press whose answer Telegram will refuse as too old, as after a slow moment or a restart. */
function latePress(h: Awaited<ReturnType<typeof createHarness>>, ...args: Parameters<typeof press>) {
  const update = press(...args);
  h.answeredQueries.add(update.callback_query!.id);
  return update;
}

describe("a button answered too late", () => {
  it("keeps the action, which is recorded once, and the officer still sees its result", async () => {
    const h = await createHarness();
    const logLines: string[] = [];
    h.deps.logger = createLogger("debug", { write: (line) => logLines.push(line) });
    const reporter = person(8801, "en");
    const officer = person(8802, "en");
    for (const who of [reporter, officer]) await onboard(h, who);
    await grantRole(h, officer.id, "officer", 1);
    const id = await sendReport(h, reporter);
    h.take();

    const tap = latePress(h, officer, `1|ro|a|${id}|acknowledge`);
    await h.send(tap, tap);

    const history = await reportHistory(h, id);
    expect(history.filter((event) => event.toStatus === "acknowledged")).toHaveLength(1);
    const calls = h.take();
    expect(calls.some((call) => call.method === "answerCallbackQuery")).toBe(true);
    // The card turns into its new state: what the officer did is what they see.
    expect(calls.some((call) => call.method === "editMessageText" || call.method === "sendMessage")).toBe(
      true,
    );
    expect(texts(calls).join("\n")).not.toContain(en("errors.generic"));
    expect(logLines.some((line) => line.includes("button answer failed"))).toBe(true);
    expect(logLines.some((line) => line.includes('"update failed"'))).toBe(false);
  });

  it("sends a refusal that came as a button answer as a message instead", async () => {
    const h = await createHarness();
    const citizen = person(8803, "en");
    await onboard(h, citizen);
    h.deps.logger = createLogger("silent");
    // An officer's button pressed by a citizen: refused with an alert, which Telegram no longer takes.
    await h.send(latePress(h, citizen, "1|ro|a|1|acknowledge"));
    const calls = h.take();
    const refusal = calls.find((call) => call.method === "answerCallbackQuery")!;
    expect(refusal.payload.text).toBeTruthy();
    expect(texts(calls)).toContain(refusal.payload.text);
  });
});
