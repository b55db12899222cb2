import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findDraft } from "../../src/db/repo/initiatives.js";
import { initiativeAttachments, initiatives, users } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import {
  buttons,
  createHarness,
  type Harness,
  lastWithKeyboard,
  onboard,
  texts,
} from "../support/harness.js";
import {
  commonAnswers,
  events,
  fillDraft,
  grant,
  initiative,
  outboxRows,
  PROBLEM,
  SOLUTION,
  standardAnswers,
  TITLE,
} from "../support/initiatives.js";
import {
  contact,
  document,
  editedText,
  groupChat,
  location,
  person,
  photo,
  press,
  sticker,
  text,
  voice,
} from "../support/updates.js";

const LOCALES = ["ky", "ru", "en"] as const;
const MODERATORS = "-100777";
const en = translator("en");

/** The text of the last message with a keyboard: each step's prompt. */
const prompt = (h: Harness) => lastWithKeyboard(h.take())?.payload.text as string;

describe("proposing an initiative", () => {
  for (const locale of LOCALES) {
    it(`takes a person through every step and submits, in ${locale}`, async () => {
      const h = await createHarness({ env: { MODERATION_CHAT_ID: MODERATORS } });
      const t = translator(locale);
      const ann = person(7201, locale);
      await onboard(h, ann, 3);

      await h.send(text(ann, "/propose"));
      let calls = h.take();
      expect(texts(calls)[0]).toBe(t("initiative.intro"));
      // The profile gives the municipality: the first question is the title.
      expect(texts(calls)[1]).toBe(
        `${t("initiative.progress", { step: 1, total: 8 })}\n\n${t("initiative.steps.title")}`,
      );
      expect(buttons(calls[1]).at(-1)?.text).toBe(t("initiative.nav.cancel"));

      const draft = (await findDraft(h.db, ann.id))!;
      const answers = standardAnswers(ann);
      for (const [index, { step, update }] of answers.entries()) {
        const stored = await initiative(h, draft.id);
        expect(stored.step, `before answer ${index}`).toBe(step);
        h.advance(1_000);
        await h.send(update(draft.id));
        calls = h.take();
        const next = answers[index + 1]?.step;
        if (next && next !== step) expect(texts(calls).join("\n")).toContain(t(`initiative.steps.${next}`));
        if (step === "contact") {
          expect(texts(calls)[0]).toBe(t("initiative.contactSaved"));
          expect(calls[0]?.payload.reply_markup).toEqual({ remove_keyboard: true });
        }
        if (next === "contact") {
          expect(calls.at(-2)?.payload.reply_markup.keyboard[0][0]).toEqual({
            text: t("initiative.shareContact"),
            request_contact: true,
          });
        }
      }
      const summary = calls.at(-1)!;
      expect(summary.payload.text).toContain(t("initiative.summary.lead"));
      expect(summary.payload.text).toContain(`<b>${TITLE}</b>`);
      expect(summary.payload.text).toContain(t("initiative.kindShort.cofinancing"));
      expect(summary.payload.text).toContain("+996700123456");
      expect(buttons(summary).map((b) => b.data)).toEqual([
        `1|ini|submit|${draft.id}`,
        `1|ini|edit|${draft.id}`,
        `1|ini|cancel|${draft.id}`,
      ]);

      await h.send(press(ann, `1|ini|submit|${draft.id}`));
      calls = h.take();
      expect(texts(calls)[0]).toBe(
        `${t("initiative.submitted", { reference: "I-2026-0001" })}\n\n${t("menu.title")}`,
      );
      expect(calls.find((c) => c.method === "editMessageReplyMarkup")).toBeDefined();

      const submitted = await initiative(h, draft.id);
      expect(submitted).toMatchObject({
        status: "submitted",
        version: 1,
        refYear: 2026,
        refSeq: 1,
        municipalityId: 3,
        placeText: "Ak-Jar village",
        title: TITLE,
        problem: PROBLEM,
        solution: SOLUTION,
        kind: "cofinancing",
        beneficiaryCount: 350,
        womenCount: 180,
        youthCount: null,
        cost: 45_000,
        contributionMoney: 5000,
        timelineMonths: 3,
        groupSize: 12,
        groupWomen: 7,
        groupYouth: 5,
        contactPhone: "+996700123456",
      });
      expect(await events(h, draft.id)).toMatchObject([
        { version: 1, actorId: ann.id, fromStatus: "draft", toStatus: "submitted" },
      ]);
      // The moderators' group reads the card in the default language, with the photo after it.
      const ky = translator("ky");
      const rows = await outboxRows(h);
      expect(rows.map((r) => [r.chatId, r.dedupeKey])).toEqual([
        [-100777, `initiative:${draft.id}:submitted:v1:group`],
        [-100777, expect.stringMatching(/^initiative:\d+:submitted:v1:group:file:\d+$/)],
      ]);
      expect(rows[0]?.payload.text).toContain(ky("moderation.newLead"));
      expect(rows[0]?.payload.text).toContain("I-2026-0001");
      expect(
        rows[0]?.payload.buttons?.inline_keyboard.flat().map((b) => "callback_data" in b && b.callback_data),
      ).toEqual([
        `1|mod|ok|${draft.id}|1`,
        `1|mod|chg|${draft.id}|1`,
        `1|mod|rej|${draft.id}|1`,
        `1|blk|i|${draft.id}`,
      ]);
      expect(rows[1]?.payload.media).toEqual({ kind: "photo", fileId: "photo-of-street" });
    });
  }

  it("takes at most 10 messages or taps from /propose to a submitted initiative, with every field the Model Regulation asks for", async () => {
    const h = await createHarness({ env: { MODERATION_CHAT_ID: MODERATORS } });
    const ann = person(7210, "ky");
    await onboard(h, ann, 2);
    let sent = 0;
    const send = async (update: Parameters<Harness["send"]>[0]) => {
      sent++;
      h.advance(1_000);
      await h.send(update);
    };
    await send(text(ann, "/propose"));
    const id = (await findDraft(h.db, ann.id))!.id;
    for (const { update } of commonAnswers(ann)) await send(update(id));
    await send(press(ann, `1|ini|submit|${id}`));
    expect(sent).toBeLessThanOrEqual(10);
    // Application (municipality, title, kind), description, plan and timeline, budget, own contribution.
    expect(await initiative(h, id)).toMatchObject({
      status: "submitted",
      municipalityId: 2,
      title: TITLE,
      kind: "cofinancing",
      problem: PROBLEM,
      solution: SOLUTION,
      timelineMonths: 3,
      cost: 45_000,
      contributionMoney: 5000,
    });
  });

  it("takes a voice note as the problem and the plan, which moderators and then officers get to play", async () => {
    const h = await createHarness({ env: { MODERATION_CHAT_ID: MODERATORS } });
    const ann = person(7212, "ky");
    const mod = person(7213, "en");
    const officer = person(7214, "ru");
    await onboard(h, ann);
    for (const who of [mod, officer]) await onboard(h, who);
    await grant(h, mod.id, "moderator");
    await grant(h, officer.id, "officer", 1);
    await h.send(text(ann, "/propose"));
    const id = (await findDraft(h.db, ann.id))!.id;
    const answers = commonAnswers(ann).map(({ step, update }) =>
      step === "problem"
        ? () => voice(ann, "voice-problem")
        : step === "solution"
          ? () => voice(ann, "voice-plan")
          : update,
    );
    for (const update of answers) {
      h.advance(1_000);
      await h.send(update(id));
    }
    const summary = lastWithKeyboard(h.take())!.payload.text as string;
    const ky = translator("ky");
    expect(summary).toContain(ky("initiative.card.problem", { text: ky("initiative.card.voiceAnswer") }));
    await h.send(press(ann, `1|ini|submit|${id}`));
    expect(await initiative(h, id)).toMatchObject({
      status: "submitted",
      problem: null,
      problemVoice: "voice-problem",
      solution: null,
      solutionVoice: "voice-plan",
    });
    const media = async (chatId: number) =>
      (await outboxRows(h)).filter((r) => r.chatId === chatId && r.payload.media).map((r) => r.payload.media);
    expect(await media(Number(MODERATORS))).toEqual([
      { kind: "voice", fileId: "voice-problem" },
      { kind: "voice", fileId: "voice-plan" },
    ]);
    await h.send(press(mod, `1|mod|ok|${id}|1`, 50, groupChat(Number(MODERATORS))));
    expect(await media(officer.id)).toEqual([
      { kind: "voice", fileId: "voice-problem" },
      { kind: "voice", fileId: "voice-plan" },
    ]);
    // Each voice note comes captioned with the question it answers.
    expect((await outboxRows(h)).find((r) => r.chatId === officer.id && r.payload.media)?.payload.text).toBe(
      translator("ru")("initiative.voiceCaption", {
        reference: "I-2026-0001",
        field: translator("ru")("initiative.fields.problem"),
      }),
    );
  });

  it("numbers the questions the person sees: 'more details' adds its own, a skipped group drops its breakdown", async () => {
    const h = await createHarness();
    const ann = person(7211, "en");
    await onboard(h, ann);
    await h.send(text(ann, "/propose"));
    const id = (await findDraft(h.db, ann.id))!.id;
    const numbers = (shown: string) => {
      const found = /Question (\d+) of (\d+)/.exec(shown);
      return found ? [Number(found[1]), Number(found[2])] : undefined;
    };
    const seen = [numbers(prompt(h))];
    const answers = standardAnswers(ann).filter((a) => !a.step.startsWith("group"));
    const groupAt = answers.findIndex((a) => a.step === "contact");
    answers.splice(groupAt, 0, { step: "groupSize", update: (i) => press(ann, `1|ini|skip|${i}|groupSize`) });
    for (const { step, update } of answers) {
      h.advance(1_000);
      await h.send(update(id));
      // The contact step is two messages (its share button needs a keyboard of its own).
      if (step !== "attachments") seen.push(numbers(texts(h.take()).join("\n")));
    }
    // Title to "more details" are 8 questions; opening them adds 8 more, none jumped over.
    expect(seen.slice(0, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => [n, 8]));
    expect(seen.slice(8).map((n) => n?.[0])).toEqual([9, 10, 11, 12, 13, 14, 15, 16]);
    expect(seen.slice(8).every((n) => n?.[1] === 16)).toBe(true);
  });

  it("explains every wrong answer in one sentence and asks the same step again", async () => {
    const h = await createHarness();
    const ann = person(7202, "en");
    await onboard(h, ann);
    await h.send(text(ann, "/propose"));
    const id = (await findDraft(h.db, ann.id))!.id;
    h.take();

    const expectError = async (update: ReturnType<typeof text>, step: string, error: string, params = {}) => {
      h.advance(2_000);
      await h.send(update);
      const reply = texts(h.take())[0]!;
      expect(reply.split("\n\n")[0], `${step}: ${error}`).toBe(en(`initiative.errors.${error}`, params));
      expect(reply).toContain(en(`initiative.steps.${step}`));
      expect((await initiative(h, id)).step).toBe(step);
    };
    const answer = async (update: ReturnType<typeof text>) => {
      h.advance(2_000);
      await h.send(update);
      h.take();
    };

    // Back from the first question reaches the municipality the profile gave.
    await answer(press(ann, `1|ini|back|${id}|title`));
    await expectError(text(ann, "Balykchy"), "municipality", "useButtons");
    await answer(press(ann, `1|ini|ans|${id}|municipality|1`));
    await expectError(sticker(ann), "title", "textExpected");
    await expectError(text(ann, "Road"), "title", "tooShort", { min: 5, length: 4 });
    await expectError(text(ann, "x".repeat(121)), "title", "tooLong", { max: 120, length: 121 });
    await answer(text(ann, TITLE));
    await expectError(text(ann, "x".repeat(1501)), "problem", "tooLong", { max: "1 500", length: "1 501" });
    await answer(text(ann, PROBLEM));
    await answer(text(ann, SOLUTION));
    await expectError(text(ann, "co-financing"), "kind", "useButtons");
    await answer(press(ann, `1|ini|ans|${id}|kind|completion`));
    await expectError(text(ann, "2 000 000 000"), "cost", "numberTooLarge", { max: "1 000 000 000" });
    await answer(text(ann, "45000"));
    await expectError(text(ann, "50 000"), "contribution", "overCost", { amount: "45 000" });
    await expectError(text(ann, "no"), "contribution", "tooShort", { min: 3, length: 2 });
    await expectError(sticker(ann), "contribution", "textExpected");
    await answer(text(ann, "5000"));
    await expectError(text(ann, "soon"), "timeline", "timelineExpected");
    await expectError(text(ann, "61"), "timeline", "timelineMonths", { max: 60 });
    await expectError(text(ann, "01.01.2020"), "timeline", "dateNotFuture");
    await expectError(text(ann, "01.01.2040"), "timeline", "dateTooFar", { max: 60 });
    await answer(text(ann, "31.08.2027"));
    await expectError(text(ann, "yes"), "details", "useButtons");
    await answer(press(ann, `1|ini|ans|${id}|details|open`));
    await expectError(sticker(ann), "place", "placeExpected");
    await expectError(text(ann, "x"), "place", "tooShort", { min: 2, length: 1 });
    await answer(location(ann, 42.46, 76.19));
    await answer(text(ann, "Everyone in the village"));
    await expectError(text(ann, "many"), "beneficiaryCount", "numberExpected");
    await expectError(text(ann, "0"), "beneficiaryCount", "numberTooSmall", { min: 1 });
    await answer(text(ann, "350"));
    await expectError(text(ann, "400"), "womenCount", "overTotal", { count: 350 });
    await answer(text(ann, "200"));
    await answer(text(ann, "100"));
    await expectError(text(ann, "a lot"), "groupSize", "numberExpected");
    await answer(press(ann, `1|ini|skip|${id}|groupSize`));
    await expectError(text(ann, "+996 700 123 456"), "contact", "contactExpected");
    await expectError(contact(ann, "+996555000111", 99), "contact", "notOwnContact");
    await answer(press(ann, `1|ini|skip|${id}|contact`));
    await expectError(text(ann, "a photo"), "attachments", "mediaExpected");
    for (const n of [1, 2, 3]) await answer(photo(ann, `photo-${n}`));
    await expectError(photo(ann, "photo-4"), "attachments", "tooMany.photo", { max: 3 });
    await answer(document(ann, "estimate"));
    await expectError(document(ann, "estimate-2"), "attachments", "tooMany.document");
    await answer(voice(ann, "voice-1"));
    await expectError(voice(ann, "voice-2"), "attachments", "tooMany.voice");
    await answer(press(ann, `1|ini|skip|${id}|attachments`));

    const stored = await initiative(h, id);
    expect(stored).toMatchObject({
      step: "summary",
      municipalityId: 1,
      contributionMoney: 5000,
      placeText: null,
      latitude: 42.46,
      longitude: 76.19,
      kind: "completion",
      targetDate: "2027-08-31",
      timelineMonths: null,
      groupSize: null,
      contactPhone: null,
    });
    const files = await h.db.select().from(initiativeAttachments);
    expect(files.map((f) => f.kind)).toEqual(["photo", "photo", "photo", "document", "voice"]);
  });

  it("keeps the cost within the municipality's maximum, which an admin sets and clears", async () => {
    const h = await createHarness();
    const admin = person(900, "en");
    await h.send(
      text(admin, "/muni_budget balykchy 47000"),
      text(admin, "/muni_budget nowhere 5"),
      text(admin, "/muni_budget balykchy"),
    );
    expect(texts(h.take())).toEqual([
      en("budget.set", { name: "Balykchy city (Issyk-Kul oblast)", amount: "47 000" }),
      en("admin.municipalityUnknown", { slug: "nowhere" }),
      en("budget.help"),
    ]);
    const eve = person(7203, "en");
    await onboard(h, eve);
    await h.send(text(eve, "/muni_budget balykchy 0"));
    expect(texts(h.take())).toEqual([en("errors.notAllowed")]);

    const id = await fillDraft(h, eve);
    await h.send(press(eve, `1|ini|goto|${id}|cost`));
    expect(prompt(h)).toContain(en("initiative.steps.costWithMax", { max: "47 000" }));
    await h.send(text(eve, "50000"));
    expect(prompt(h).split("\n\n")[0]).toBe(en("initiative.errors.overBudget", { max: "47 000" }));

    // A limit lowered after the answer is checked again at submission.
    await h.send(text(eve, "47000"));
    h.take();
    await h.send(text(admin, "/muni_budget balykchy 10000"), press(eve, `1|ini|submit|${id}`));
    expect(prompt(h)).toContain(en("initiative.errors.overBudget", { max: "10 000" }));
    expect((await initiative(h, id)).status).toBe("draft");
    await h.send(text(admin, "/muni_budget balykchy 0"));
    expect(texts(h.take())).toEqual([en("budget.cleared", { name: "Balykchy city (Issyk-Kul oblast)" })]);
  });

  it("edits one answer from the summary and comes back to it", async () => {
    const h = await createHarness();
    const ann = person(7204, "en");
    await onboard(h, ann);
    const id = await fillDraft(h, ann);
    h.take();

    await h.send(press(ann, `1|ini|edit|${id}`));
    const picker = lastWithKeyboard(h.take())!;
    expect(picker.payload.text).toBe(en("initiative.summary.chooseField"));
    expect(buttons(picker).map((b) => b.data)).toContain(`1|ini|goto|${id}|title`);
    expect(buttons(picker)).toHaveLength(19);

    await h.send(press(ann, `1|ini|goto|${id}|title`));
    const titlePrompt = lastWithKeyboard(h.take())!;
    expect(titlePrompt.payload.text).toContain(en("initiative.steps.title"));
    expect(buttons(titlePrompt).map((b) => b.data)).toContain(`1|ini|back|${id}|title`);
    await h.send(text(ann, "Solar lamps for Manas street"));
    let summary = prompt(h);
    expect(summary).toContain("<b>Solar lamps for Manas street</b>");
    expect((await initiative(h, id)).step).toBe("summary");

    // Back from an edited step returns to the summary with the answer unchanged.
    await h.send(press(ann, `1|ini|goto|${id}|womenCount`), press(ann, `1|ini|back|${id}|womenCount`));
    summary = prompt(h);
    expect(summary).toContain(en("initiative.summary.lead"));
    expect((await initiative(h, id)).womenCount).toBe(180);

    // Skip from an edited optional step empties it and returns too.
    await h.send(press(ann, `1|ini|goto|${id}|contact`), press(ann, `1|ini|skip|${id}|contact`));
    const calls = h.take();
    expect(calls.some((c) => c.payload.reply_markup?.remove_keyboard)).toBe(true);
    expect((await initiative(h, id)).contactPhone).toBeNull();
    expect(lastWithKeyboard(calls)?.payload.text).not.toContain("+996");

    // A number that contradicts another answer is refused with the reason.
    await h.send(press(ann, `1|ini|goto|${id}|beneficiaryCount`), text(ann, "100"));
    expect(prompt(h).split("\n\n")[0]).toBe(en("initiative.errors.belowParts", { count: 180 }));
  });

  it("survives a restart and days of silence; /propose offers to continue or start over", async () => {
    const first = await createHarness();
    const ann = person(7205, "ru");
    const ru = translator("ru");
    await onboard(first, ann);
    await first.send(text(ann, "/propose"));
    const id = (await findDraft(first.db, ann.id))!.id;
    await first.send(text(ann, TITLE));
    first.take();

    // A new process over the same database: the next message is the answer to the stored step.
    const h = await createHarness({ database: first.database });
    h.advance(5 * 24 * 60 * 60 * 1000);
    await h.send(text(ann, PROBLEM));
    expect(prompt(h)).toContain(ru("initiative.steps.solution"));
    expect((await initiative(h, id)).problem).toBe(PROBLEM);

    // A command leaves the form: the next text is not taken as an answer.
    await h.send(text(ann, "/help"), text(ann, SOLUTION));
    expect(texts(h.take()).at(-1)).toContain(ru("unhandled.text"));
    expect((await initiative(h, id)).solution).toBeNull();
    await h.send(editedText(ann, "changed"));
    expect(texts(h.take())).toEqual([]);

    await h.send(text(ann, "/propose"));
    const offer = lastWithKeyboard(h.take())!;
    expect(offer.payload.text).toBe(ru("initiative.draftExists", { title: TITLE }));
    expect(buttons(offer).map((b) => b.data)).toEqual([`1|ini|cont|${id}`, `1|ini|new|${id}`]);

    await h.send(press(ann, `1|ini|cont|${id}`));
    expect(prompt(h)).toContain(ru("initiative.steps.solution"));
    await h.send(editedText(ann, "an edit"));
    expect(texts(h.take())).toEqual([ru("initiative.errors.editedMessage")]);
    await h.send(text(ann, SOLUTION));
    expect(prompt(h)).toContain(ru("initiative.steps.kind"));

    await h.send(text(ann, "/propose"), press(ann, `1|ini|new|${id}`));
    const calls = h.take();
    expect(texts(calls).slice(-2)[0]).toBe(ru("initiative.intro"));
    const fresh = await findDraft(h.db, ann.id);
    expect(fresh?.id).not.toBe(id);
    expect(fresh).toMatchObject({ title: null, step: "title", municipalityId: 1 });
    expect(await h.db.select().from(initiatives)).toHaveLength(1);
  });

  it("cancels: a draft is deleted only after confirmation", async () => {
    const h = await createHarness();
    const ann = person(7206, "en");
    await onboard(h, ann);
    await h.send(text(ann, "/propose"));
    const id = (await findDraft(h.db, ann.id))!.id;
    await h.send(text(ann, TITLE), press(ann, `1|ini|cancel|${id}`));
    const confirm = lastWithKeyboard(h.take())!;
    expect(confirm.payload.text).toBe(en("initiative.cancelConfirm"));
    await h.send(press(ann, `1|ini|cont|${id}`));
    expect(prompt(h)).toContain(en("initiative.steps.problem"));
    await h.send(press(ann, `1|ini|cancel|${id}`), press(ann, `1|ini|discard|${id}`));
    expect(texts(h.take())).toContain(en("initiative.discarded"));
    expect(await h.db.select().from(initiatives)).toEqual([]);
    await h.send(press(ann, `1|ini|ans|${id}|kind|completion`));
    expect(h.take().find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      en("errors.staleButton"),
    );
  });

  it("submits once however often Submit is pressed", async () => {
    const h = await createHarness({ env: { MODERATION_CHAT_ID: MODERATORS } });
    const ann = person(7207, "en");
    await onboard(h, ann);
    const id = await fillDraft(h, ann);
    h.take();
    const submit = press(ann, `1|ini|submit|${id}`);
    await Promise.all([h.bot.handleUpdate(submit), h.bot.handleUpdate(press(ann, `1|ini|submit|${id}`))]);
    await h.send(press(ann, `1|ini|submit|${id}`));
    const calls = h.take();
    expect(texts(calls).filter((t) => t.startsWith("📨"))).toHaveLength(1);
    const refusals = calls.filter((c) => c.method === "answerCallbackQuery" && c.payload.text);
    expect(refusals.map((c) => c.payload.text)).toEqual([
      en("initiative.alreadySubmitted"),
      en("initiative.alreadySubmitted"),
    ]);
    expect(await events(h, id)).toHaveLength(1);
    expect((await outboxRows(h)).filter((r) => !r.payload.media)).toHaveLength(1);
    expect((await initiative(h, id)).refSeq).toBe(1);
  });

  it("takes no number for a draft its blocked author sends, and tells them neutrally", async () => {
    const h = await createHarness();
    const ann = person(7211, "en");
    await onboard(h, ann);
    const id = await fillDraft(h, ann);
    h.take();
    await h.db.update(users).set({ status: "blocked" }).where(eq(users.id, ann.id));
    await h.send(press(ann, `1|ini|submit|${id}`));
    expect(texts(h.take())).toEqual([en("blocking.paused")]);
    expect(await initiative(h, id)).toMatchObject({ status: "draft", refSeq: null });
  });

  it("refuses buttons forged for someone else's draft", async () => {
    const h = await createHarness();
    const ann = person(7208, "en");
    const bob = person(7209, "en");
    await onboard(h, ann);
    await onboard(h, bob);
    const id = await fillDraft(h, ann);
    h.take();
    const before = await initiative(h, id);
    await h.send(
      press(bob, `1|ini|ans|${id}|kind|completion`),
      press(bob, `1|ini|goto|${id}|title`),
      press(bob, `1|ini|submit|${id}`),
      press(bob, `1|ini|cancel|${id}`),
      press(bob, `1|ini|discard|${id}`),
      press(bob, `1|ini|cont|${id}`),
    );
    const answers = h.take().filter((c) => c.method === "answerCallbackQuery");
    expect(answers.map((a) => a.payload.text)).toEqual(Array(6).fill(en("errors.notAllowed")));
    expect(await initiative(h, id)).toEqual(before);
  });

  it("shows user text as text: markup is escaped, control characters removed, cards fit Telegram", async () => {
    const h = await createHarness({ env: { MODERATION_CHAT_ID: MODERATORS } });
    const ann = person(7210, "en");
    await onboard(h, ann);
    await h.send(text(ann, "/propose"));
    const id = (await findDraft(h.db, ann.id))!.id;
    const answers = standardAnswers(ann);
    const injected: Record<string, string> = {
      place: '<a href="tg://x">village</a>',
      title: "<b>x</b></a> \u0000Lamps\u202e",
      problem: "&".repeat(1500),
      solution: `</b>${"<".repeat(1496)}`,
      beneficiaries: '"quoted" & <i>',
      contributionInKind: "x".repeat(500),
    };
    for (const { step, update } of answers) {
      h.advance(1_000);
      await h.send(injected[step] ? text(ann, injected[step]!) : update(id));
    }
    const summary = prompt(h);
    expect(summary).toContain("<b>&lt;b&gt;x&lt;/b&gt;&lt;/a&gt; Lamps</b>");
    expect(summary).toContain("&lt;a href=&quot;tg://x&quot;&gt;village&lt;/a&gt;");
    expect(summary).toContain("&quot;quoted&quot; &amp; &lt;i&gt;");
    expect(summary.length).toBeLessThanOrEqual(4096);
    expect(summary).toMatch(/(&amp;)+…/);
    expect(summary).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
    expect((await initiative(h, id)).title).toBe("<b>x</b></a> Lamps");

    await h.send(press(ann, `1|ini|submit|${id}`));
    const [card] = await outboxRows(h);
    expect(card!.payload.text.length).toBeLessThanOrEqual(4096);
    expect(card!.payload.text).toContain("&lt;b&gt;x&lt;/b&gt;&lt;/a&gt; Lamps");
    // Every tag left in the card is one the bot wrote.
    const tags = card!.payload.text.match(/<[^>]*>/g) ?? [];
    expect(new Set(tags)).toEqual(new Set(["<b>", "</b>"]));
  });
});
