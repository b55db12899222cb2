import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findDraft } from "../../src/db/repo/initiatives.js";
import { translator } from "../../src/i18n/index.js";
import { createHarness, onboard, texts } from "../support/harness.js";
import { outboxRows } from "../support/initiatives.js";
import { person, text } from "../support/updates.js";

describe("when Telegram cannot be reached", () => {
  it("keeps what the person sent and queues one apology, in their language, for when it is back", async () => {
    const h = await createHarness();
    let wakes = 0;
    h.deps.onEnqueued = () => {
      wakes += 1;
    };
    const aida = person(7101, "ru");
    await onboard(h, aida);

    h.network.down = true;
    await h.send(text(aida, "/propose"), text(aida, "/propose"));
    h.network.down = false;

    // The draft was created before the prompt failed to go out; nothing the person did is lost.
    expect(await findDraft(h.db, aida.id)).toBeDefined();
    const apologies = (await outboxRows(h)).filter((row) => row.chatId === aida.id);
    expect(apologies).toHaveLength(1);
    expect(apologies[0]!.payload.text).toBe(translator("ru")("errors.telegramTrouble"));
    expect(wakes).toBe(2);

    h.take();
    await h.send(text(aida, "/start"));
    expect(texts(h.take()).join("\n")).toContain(translator("ru")("onboarding.welcomeBack"));
  });

  it("still answers a fault of our own directly, as an error", async () => {
    const h = await createHarness();
    const logged: string[] = [];
    h.deps.logger = { ...h.deps.logger, error: (message) => void logged.push(message) };
    const bolot = person(7102, "ky");
    await onboard(h, bolot);
    await h.db.run(sql`alter table initiatives rename to initiatives_gone`);
    await h.send(text(bolot, "/my"));
    expect(logged).toEqual(["update failed"]);
    expect(texts(h.take())).toEqual([translator("ky")("errors.generic")]);
    expect(await outboxRows(h)).toEqual([]);
  });
});
