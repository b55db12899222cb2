import { describe, expect, it } from "vitest";
import { enqueue } from "../../src/db/repo/outbox.js";
import { findUser } from "../../src/db/repo/users.js";
import { conversationState, inactiveRecipients, outbox, users } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import { buttons, createHarness, onboard, onboardUpToGender, texts } from "../support/harness.js";
import { blockedBot, groupChat, person, press, sticker, text, unblockedBot } from "../support/updates.js";

const en = translator("en");

describe("robustness", () => {
  it("handles an update delivered twice only once", async () => {
    const h = await createHarness();
    const update = text(person(8001, "en"), "/start");
    await h.send(update, update);
    expect(h.take().filter((c) => c.method === "sendMessage")).toHaveLength(1);
  });

  it("answers a stale or unknown button with a clear message and changes nothing", async () => {
    const h = await createHarness();
    const ann = person(8002, "en");
    await onboard(h, ann, 2);
    await h.send(press(ann, "1|ob|mun|5"), press(ann, "0|old|format"), press(ann, "garbage"));
    const answers = h.take().filter((c) => c.method === "answerCallbackQuery");
    expect(answers.map((a) => a.payload.text)).toEqual([
      en("errors.staleButton"),
      en("errors.staleButton"),
      en("errors.staleButton"),
    ]);
    expect((await findUser(h.db, ann.id))?.municipalityId).toBe(2);
  });

  it("refuses a citizen who forges admin buttons or types admin commands", async () => {
    const h = await createHarness();
    const eve = person(8003, "en");
    await onboard(h, eve);
    await h.send(
      press(eve, "1|adm|im"),
      press(eve, "1|adm|iom|1"),
      press(eve, "1|adm|rv|1"),
      press(eve, "1|adm|staff"),
      press(eve, "1|menu|admin"),
      text(eve, "/admin"),
      text(eve, "/muni_disable kurama"),
    );
    const calls = h.take();
    const refusals = calls.filter(
      (c) =>
        c.payload.text === en("errors.notAllowed") &&
        (c.method === "answerCallbackQuery" || c.method === "sendMessage"),
    );
    expect(refusals).toHaveLength(7);
    expect(calls.some((c) => String(c.payload.text).includes("t.me/"))).toBe(false);
    const { invites, municipalities } = await import("../../src/db/schema.js");
    expect(await h.db.select().from(invites)).toEqual([]);
    expect((await h.db.select().from(municipalities)).every((m) => m.active)).toBe(true);
  });

  it("leaves a flow on /cancel and on any other command", async () => {
    const h = await createHarness();
    const ann = person(8004, "en");
    await onboardUpToGender(h, ann);
    h.take();
    await h.send(text(ann, "/help"));
    expect(texts(h.take())[0]).toContain(en("help.text"));
    // The flow is left: its old button is now stale.
    await h.send(press(ann, "1|ob|gender|woman"));
    expect(h.take().find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      en("errors.staleButton"),
    );
    // /start picks onboarding up again where the stored profile ends.
    await h.send(text(ann, "/start"));
    const [prompt, ...rest] = texts(h.take());
    expect(prompt?.startsWith(en("profile.municipalityPrompt"))).toBe(true);
    expect(rest).toEqual([]);
    await h.send(text(ann, "/cancel"));
    expect(texts(h.take())).toEqual([en("cancel.notRegistered")]);
  });

  it("answers anything it does not understand with help and the menu", async () => {
    const h = await createHarness();
    const ann = person(8005, "ru");
    await h.send(text(ann, "привет"));
    expect(texts(h.take())).toEqual([translator("ru")("errors.startFirst")]);
    await onboard(h, ann);
    await h.send(sticker(ann), text(ann, "🙂".repeat(5000)), text(ann, "'; DROP TABLE users; --"));
    const replies = h.take();
    expect(texts(replies)).toHaveLength(3);
    for (const reply of texts(replies)) expect(reply).toContain(translator("ru")("unhandled.text"));
    expect(await h.db.select().from(users)).toHaveLength(1);
  });

  it("slows down a flood with one polite message and keeps answering others", async () => {
    const h = await createHarness({ flood: { limit: 5, windowMs: 10_000 } });
    const spammer = person(8006, "en");
    const other = person(8007, "en");
    for (let i = 0; i < 12; i++) await h.send(text(spammer, `spam ${i}`));
    const toSpammer = h.take();
    expect(toSpammer.filter((c) => c.payload.text === en("errors.slowDown"))).toHaveLength(1);
    expect(toSpammer).toHaveLength(6);
    await h.send(text(other, "/start"));
    expect(h.take()).toHaveLength(1);
    h.advance(11_000);
    await h.send(text(spammer, "again"));
    expect(texts(h.take())).toEqual([en("errors.startFirst")]);
  });

  it("ignores citizen flows in groups and never crashes there", async () => {
    const h = await createHarness();
    const ann = person(8008, "en");
    const group = groupChat();
    await h.send(
      text(ann, "/start", group),
      text(ann, "hello group", group),
      press(ann, "1|ob|lang|en", 1, group),
    );
    const calls = h.take();
    expect(texts(calls)).toEqual([en("group.privateOnly")]);
    expect(buttons(calls[0])[0]?.data).toBe("https://t.me/yntymak_test_bot");
    expect(calls.find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      en("errors.staleButton"),
    );
    expect(await h.db.select().from(users)).toEqual([]);
  });

  it("stops notifying a person who blocks the bot, and resumes when they unblock it", async () => {
    const h = await createHarness();
    const ann = person(8009, "en");
    await onboard(h, ann);
    await enqueue(h.database, { chatId: ann.id, payload: { text: "news" } }, h.deps.now());
    await h.send(blockedBot(ann));
    expect((await findUser(h.db, ann.id))?.status).toBe("inactive");
    expect((await h.db.select().from(outbox)).map((r) => r.status)).toEqual(["dropped"]);
    expect(await h.db.select().from(inactiveRecipients)).toHaveLength(1);
    await h.send(unblockedBot(ann));
    expect((await findUser(h.db, ann.id))?.status).toBe("active");
    expect(await h.db.select().from(inactiveRecipients)).toEqual([]);
  });

  it("/forget deletes personal data after confirmation", async () => {
    const h = await createHarness();
    const ann = person(8010, "en");
    await onboard(h, ann, 4);
    await h.send(text(ann, "/forget"));
    expect(buttons(h.take()[0]).map((b) => b.data)).toEqual(["1|forget|confirm|yes", "1|forget|confirm|no"]);
    await h.send(press(ann, "1|forget|confirm|no"));
    expect(await findUser(h.db, ann.id)).toBeDefined();
    h.take();
    await h.send(press(ann, "1|forget|confirm|yes"));
    expect(texts(h.take())).toEqual([en("forget.done")]);
    expect(await findUser(h.db, ann.id)).toBeUndefined();
    expect(await h.db.select().from(conversationState)).toEqual([]);
    const { auditLog } = await import("../../src/db/schema.js");
    const audit = await h.db.select().from(auditLog);
    expect(audit.map((a) => [a.action, a.actorId, a.subject])).toEqual([["user.forgotten", null, null]]);
  });

  it("/forget in the middle of onboarding ends the conversation and keeps nothing", async () => {
    const h = await createHarness();
    const ann = person(8012, "en");
    await onboardUpToGender(h, ann, 3);
    await h.send(text(ann, "/forget"), press(ann, "1|forget|confirm|yes"));
    h.take();
    await h.send(press(ann, "1|ob|gender|woman"));
    expect(h.take().find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      en("errors.staleButton"),
    );
    expect(await findUser(h.db, ann.id)).toBeUndefined();
    expect(await h.db.select().from(conversationState)).toEqual([]);
  });

  it("/cancel shows a registered person the menu", async () => {
    const h = await createHarness();
    const ann = person(8013, "en");
    await onboard(h, ann, 2);
    await h.send(text(ann, "/cancel"));
    const [reply] = h.take();
    expect(reply?.payload.text).toBe(`${en("cancel.done")}\n\n${en("menu.title")}`);
    expect(buttons(reply).map((b) => b.data)).toContain("1|menu|propose");
  });

  it("changes language and municipality from the menu", async () => {
    const h = await createHarness();
    const ann = person(8011, "ky");
    await onboard(h, ann, 1);
    await h.send(press(ann, "1|menu|language"));
    expect(buttons(h.take()[1]).map((b) => b.data)).toContain("1|lang|set|ru");
    await h.send(press(ann, "1|lang|set|ru"));
    expect(texts(h.take())[0]).toBe(translator("ru")("language.changed"));
    await h.send(text(ann, "/municipality"), press(ann, "1|mun|set|6"));
    expect(await findUser(h.db, ann.id)).toMatchObject({ locale: "ru", municipalityId: 6 });
  });
});

describe("operator help", () => {
  it("/myid tells anyone their Telegram id without registering them", async () => {
    const h = await createHarness();
    await h.send(text(person(8120, "ky"), "/myid"));
    expect(texts(h.take())).toEqual([translator("ky")("help.yourId", { id: 8120 })]);
    expect(await h.db.select().from(users)).toEqual([]);
  });
});
