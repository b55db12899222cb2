import { sql } from "drizzle-orm";
import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { isTelegramTrouble } from "../../src/bot/index.js";
import { findDraft } from "../../src/db/repo/initiatives.js";
import { markSent } from "../../src/db/repo/outbox.js";
import { translator } from "../../src/i18n/index.js";
import { createHarness, onboard, texts } from "../support/harness.js";
import { outboxRows } from "../support/initiatives.js";
import { person, press, text } from "../support/updates.js";

describe("when Telegram cannot be reached", () => {
  it("keeps what the person sent and queues one apology at a time, in their language, for when it is back", async () => {
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
    expect(wakes).toBe(1);

    // Once that apology is out, the next failed step gets its own.
    await markSent(h.db, apologies[0]!.id, h.deps.now());
    h.network.down = true;
    await h.send(text(aida, "/propose"));
    h.network.down = false;
    expect((await outboxRows(h)).filter((row) => row.chatId === aida.id)).toHaveLength(2);

    h.take();
    await h.send(text(aida, "/start"));
    expect(texts(h.take()).join("\n")).toContain(translator("ru")("onboarding.welcomeBack"));
  });

  it("apologises too when the step was inside the onboarding conversation", async () => {
    const h = await createHarness();
    const aibek = person(7103, "ky");
    await h.send(text(aibek, "/start"), press(aibek, "1|ob|lang|ky"), press(aibek, "1|ob|ok|ky"));
    h.network.down = true;
    await h.send(press(aibek, "1|ob|mun|2"));
    h.network.down = false;
    const [apology] = await outboxRows(h);
    expect(apology).toMatchObject({
      chatId: aibek.id,
      payload: { text: translator("ky")("errors.telegramTrouble") },
    });
    h.take();
    await h.send(text(aibek, "/start"));
    const [prompt, ...rest] = texts(h.take());
    expect(prompt?.startsWith(translator("ky")("profile.municipalityPrompt"))).toBe(true);
    expect(rest).toEqual([]);
  });

  it("tells Telegram's troubles from ours, also when the conversations plugin wraps them", () => {
    const serverError = new GrammyError(
      "Call to 'sendMessage' failed!",
      { ok: false, error_code: 502, description: "Bad Gateway" },
      "sendMessage",
      {},
    );
    const badRequest = new GrammyError(
      "Call to 'sendMessage' failed!",
      { ok: false, error_code: 400, description: "Bad Request: message text is empty" },
      "sendMessage",
      {},
    );
    expect(isTelegramTrouble(serverError)).toBe(true);
    expect(
      isTelegramTrouble(new HttpError("Network request for 'sendMessage' failed!", new Error("reset"))),
    ).toBe(true);
    expect(isTelegramTrouble(new Error("Unknown error thrown in conversation", { cause: serverError }))).toBe(
      true,
    );
    expect(isTelegramTrouble(badRequest)).toBe(false);
    expect(isTelegramTrouble(new Error("no such table: initiatives"))).toBe(false);
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

describe("Telegram asking to wait or failing during onboarding", () => {
  it("retries the conversation's calls like the rest: the person sees the next question without typing again", async () => {
    const h = await createHarness();
    const ky = translator("ky");
    const aigul = person(7104, "ky");
    await h.send(text(aigul, "/start"), press(aigul, "1|ob|lang|ky"));
    h.refuseNext("editMessageText", {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    h.take();
    await h.send(press(aigul, "1|ob|ok|ky"));
    const afterConsent = h.take().filter((call) => call.method === "editMessageText");
    // Refused once, asked again after the second Telegram asked for: the question arrived.
    expect(afterConsent).toHaveLength(2);
    expect(afterConsent[1]!.payload.text).toContain(ky("profile.municipalityPrompt"));

    h.refuseNext("editMessageText", { error_code: 500, description: "Internal Server Error" });
    await h.send(press(aigul, "1|ob|mun|2"));
    const afterMunicipality = h.take().filter((call) => call.method === "editMessageText");
    expect(afterMunicipality).toHaveLength(2);
    expect(afterMunicipality[1]!.payload.text).toContain(ky("profile.genderPrompt"));
    expect(await outboxRows(h)).toEqual([]);
  }, 20_000);
});
