import { clearAwaiting } from "../../db/repo/awaiting.js";
import {
  clearAttachments,
  createDraft,
  deleteDraft,
  deleteDraftStatement,
  draftRead,
  ensureReferenceWrite,
  fieldsOf,
  type Initiative,
  initiativeRead,
  initiativeWithContextReads,
  newDraftWrite,
  transition,
} from "../../db/repo/initiatives.js";
import { findMunicipality } from "../../db/repo/municipalities.js";
import { moderatorsRead } from "../../db/repo/recipients.js";
import { initiativeTimesRead, timesOf } from "../../db/repo/submissions.js";
import {
  type FormPosition,
  firstPosition,
  firstProblem,
  INITIATIVE_FORM,
  type InitiativeFields,
  SUMMARY,
} from "../../domain/initiative-form.js";
import { isEditable, referenceYear } from "../../domain/initiative-status.js";
import { referenceOf } from "../../i18n/format.js";
import type { Translate } from "../../i18n/index.js";
import { Menu, MyInitiatives, Propose } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { deferWrite } from "../deferred-writes.js";
import { type Button, buttonRows, newRow } from "../forms/stepped.js";
import { HTML } from "../html.js";
import type { InitiativeForm } from "../initiatives/form.js";
import { submissionNotices } from "../initiatives/notices.js";
import { sendMainMenu } from "../keyboards/main-menu.js";
import { capWindowStart, refusalFrom, refusalText } from "../submission-gate.js";
import { refuse, requireRegistered } from "./guards.js";

/** Each answer the author may change from the summary; a step that opens a section is a door, not an answer. */
function fieldPicker(t: Translate, id: number, fields: InitiativeFields) {
  const steps = INITIATIVE_FORM.ids.filter(
    (step) => !("opens" in INITIATIVE_FORM.step(step)) && INITIATIVE_FORM.shown(step, fields),
  );
  const keyboard = buttonRows(
    steps.map((step): Button => [t(`initiative.fields.${step}`), Propose.goto.pack({ id, step })]),
    2,
  );
  return newRow(keyboard).text(t("initiative.summary.backToSummary"), Propose.summary.pack({ id }));
}

/** /propose and the form's buttons; typed answers reach the form through its wait (bot/awaiting.ts). */
export function proposeFeature(deps: BotDeps, form: InitiativeForm) {
  const feature = new FeatureComposer<BotContext>();
  const { database } = deps;
  const { db } = database;

  const start = async (ctx: BotContext) => {
    const user = await requireRegistered(ctx);
    if (!user) return;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    // The cap's count, the draft and, when there is none, a new one: one round trip.
    const blocked = user.status === "blocked";
    const [times, drafts, created] = await database.write([
      initiativeTimesRead(db, user.id, capWindowStart(deps)),
      draftRead(db, user.id),
      ...(blocked
        ? []
        : [newDraftWrite(db, { authorId: user.id, municipalityId: user.municipalityId, now: deps.now() })]),
    ]);
    const [draft] = drafts;
    const fresh = created?.[0];
    const refusal = refusalFrom(deps, user, "initiative", timesOf(times));
    if (refusal) {
      if (fresh) deferWrite(ctx, () => deleteDraftStatement(db, fresh.id, user.id));
      return ctx.reply(refusalText(ctx.t, "initiative", refusal), HTML);
    }
    if (draft?.step && draft.step !== firstPosition(fieldsOf(draft))) {
      return ctx.reply(
        ctx.t("initiative.draftExists", { title: draft.title ?? ctx.t("initiative.untitled") }),
        {
          ...HTML,
          reply_markup: buttonRows([
            [ctx.t("initiative.continue"), Propose.resume.pack({ id: draft.id })],
            [ctx.t("initiative.startOver"), Propose.restart.pack({ id: draft.id })],
          ]),
        },
      );
    }
    const initiative = draft ?? fresh!;
    await ctx.reply(ctx.t("initiative.intro"), HTML);
    await form.open(ctx, initiative, firstPosition(fieldsOf(initiative)));
  };
  feature.command("propose", start);
  feature.callbackQuery(Menu.propose.pattern, start);

  /**
   * The author's editable initiative a button names. Callback data can be forged, so the
   * author, the status and (when given) the step the button was shown for are all checked.
   */
  async function own(ctx: BotContext, id: number, step?: string): Promise<Initiative | undefined> {
    return ownedAt(ctx, await form.find(id), step);
  }

  async function ownedAt(ctx: BotContext, initiative: Initiative | undefined, step?: string) {
    if (!initiative) return void (await refuse(ctx, ctx.t("errors.staleButton")));
    if (initiative.authorId !== ctx.from?.id) return void (await refuse(ctx, ctx.t("errors.notAllowed")));
    if (!isEditable(initiative.status)) {
      const text = initiative.status === "submitted" ? "initiative.alreadySubmitted" : "errors.staleButton";
      return void (await refuse(ctx, ctx.t(text)));
    }
    if (step !== undefined && initiative.step !== step)
      return void (await refuse(ctx, ctx.t("errors.staleButton")));
    await ctx.answerCallbackQuery();
    return initiative;
  }

  const resumeAt = (i: Initiative): FormPosition =>
    INITIATIVE_FORM.isPosition(i.step) ? i.step : i.status === "draft" ? firstPosition(fieldsOf(i)) : SUMMARY;

  feature.callbackQuery(Propose.resume.pattern, async (ctx) => {
    const initiative = await own(ctx, Propose.resume.read(ctx.match).id);
    if (initiative) await form.open(ctx, initiative, resumeAt(initiative), initiative.editingOne);
  });

  feature.callbackQuery(Propose.restart.pattern, async (ctx) => {
    const old = await own(ctx, Propose.restart.read(ctx.match).id);
    if (!old) return;
    await deleteDraft(db, old.id, ctx.from.id);
    const municipalityId = ctx.user?.municipalityId ?? null;
    const initiative = await createDraft(db, { authorId: ctx.from.id, municipalityId, now: deps.now() });
    await ctx.reply(ctx.t("initiative.intro"), HTML);
    await form.open(ctx, initiative, firstPosition(fieldsOf(initiative)));
  });

  feature.callbackQuery(Propose.answer.pattern, async (ctx) => {
    const { id, step, value } = Propose.answer.read(ctx.match);
    const initiative = await own(ctx, id, step);
    if (!initiative) return;
    if (step === "municipality") {
      const chosen = await findMunicipality(db, Number(value));
      if (!chosen?.active) return ctx.reply(ctx.t("errors.staleButton"));
    }
    await form.answer(ctx, initiative, { type: "choice", value });
  });

  feature.callbackQuery(Propose.skip.pattern, async (ctx) => {
    const { id, step } = Propose.skip.read(ctx.match);
    const initiative = await own(ctx, id, step);
    if (initiative && INITIATIVE_FORM.isStep(step))
      await form.skip(ctx, initiative, step, "errors.staleButton");
  });

  feature.callbackQuery(Propose.back.pattern, async (ctx) => {
    const { id, step } = Propose.back.read(ctx.match);
    const initiative = await own(ctx, id, step);
    if (initiative && INITIATIVE_FORM.isStep(step)) await form.back(ctx, initiative, step);
  });

  feature.callbackQuery(Propose.clear.pattern, async (ctx) => {
    const initiative = await own(ctx, Propose.clear.read(ctx.match).id, "attachments");
    if (!initiative) return;
    await clearAttachments(db, initiative.id);
    await form.open(ctx, initiative, "attachments", initiative.editingOne);
  });

  feature.callbackQuery(Propose.cancel.pattern, async (ctx) => {
    const initiative = await own(ctx, Propose.cancel.read(ctx.match).id);
    if (!initiative) return;
    await clearAwaiting(db, ctx.from.id, "initiative.form");
    const contactKeyboardShown = initiative.step === "contact";
    const removeKeyboard = contactKeyboardShown ? { reply_markup: { remove_keyboard: true as const } } : {};
    if (initiative.status === "draft")
      return ctx.reply(ctx.t("initiative.cancelConfirm"), {
        ...HTML,
        reply_markup: buttonRows([
          [ctx.t("initiative.cancelYes"), Propose.discard.pack({ id: initiative.id })],
          [ctx.t("initiative.cancelNo"), Propose.resume.pack({ id: initiative.id })],
        ]),
      });
    await ctx.reply(ctx.t("initiative.editStopped"), { ...HTML, ...removeKeyboard });
  });

  feature.callbackQuery(Propose.discard.pattern, async (ctx) => {
    const initiative = await own(ctx, Propose.discard.read(ctx.match).id);
    if (!initiative) return;
    await deleteDraft(db, initiative.id, ctx.from.id);
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("initiative.discarded"), { reply_markup: { remove_keyboard: true } });
    await sendMainMenu(ctx);
  });

  feature.callbackQuery(Propose.edit.pattern, async (ctx) => {
    const initiative = await own(ctx, Propose.edit.read(ctx.match).id, SUMMARY);
    if (!initiative) return;
    await ctx.reply(ctx.t("initiative.summary.chooseField"), {
      reply_markup: fieldPicker(ctx.t, initiative.id, fieldsOf(initiative)),
    });
  });

  feature.callbackQuery(Propose.goto.pattern, async (ctx) => {
    const { id, step } = Propose.goto.read(ctx.match);
    const initiative = await own(ctx, id, SUMMARY);
    if (initiative && INITIATIVE_FORM.isStep(step)) await form.open(ctx, initiative, step, true);
  });

  const toSummary = async (ctx: BotContext, id: number) => {
    const initiative = await own(ctx, id);
    if (initiative) await form.open(ctx, initiative, SUMMARY);
  };
  feature.callbackQuery(Propose.summary.pattern, (ctx) => toSummary(ctx, Propose.summary.read(ctx.match).id));
  /** From the author's "changes requested" notice: the same initiative, answers kept, at the summary. */
  feature.callbackQuery(MyInitiatives.edit.pattern, (ctx) =>
    toSummary(ctx, MyInitiatives.edit.read(ctx.match).initiative),
  );

  feature.callbackQuery(Propose.submit.pattern, async (ctx) => {
    const user = await requireRegistered(ctx);
    if (!user) return;
    const { id } = Propose.submit.read(ctx.match);
    // One round trip: the initiative with what its checks need, the cap's count, the moderators
    // who are told, and the number (taken only by its author, not blocked, at the summary, under
    // the cap) with the numbered initiative.
    const since = capWindowStart(deps);
    const blocked = user.status === "blocked";
    const sending = { submitter: user.id, cap: { since, limit: deps.config.dailyCaps.initiatives } };
    const [found, municipality, attachments, times, readers, , numbered] = await database.write([
      ...initiativeWithContextReads(db, id),
      initiativeTimesRead(db, user.id, since),
      moderatorsRead(db),
      ensureReferenceWrite(db, id, referenceYear(deps.now()), sending),
      initiativeRead(db, id),
    ]);
    const initiative = await ownedAt(ctx, found[0], SUMMARY);
    if (!initiative) return;
    form.known(initiative, municipality[0], attachments);
    // Checked again at sending: a draft opened earlier must not pass a cap or a block reached since.
    // A resubmission after requested changes is the same initiative, not one more.
    const counted = initiative.status === "draft";
    const refusal = counted || blocked ? refusalFrom(deps, user, "initiative", timesOf(times)) : undefined;
    if (refusal) return ctx.reply(refusalText(ctx.t, "initiative", refusal), HTML);
    const problem = firstProblem(await form.contextFor(initiative));
    if (problem) {
      const lead = form.errorText(ctx.t, { error: problem.error ?? "required", params: problem.params });
      return form.open(ctx, initiative, problem.step, true, lead);
    }
    const result = await transition(database, {
      initiative: numbered[0]!,
      to: "submitted",
      actorId: ctx.from.id,
      now: deps.now(),
      notices: await submissionNotices(deps, numbered[0]!, readers),
    });
    if (!result.ok) return ctx.reply(ctx.t("initiative.alreadySubmitted"));
    deps.onEnqueued?.();
    deps.logger.info("initiative submitted", { initiativeId: initiative.id });
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await sendMainMenu(ctx, ctx.t("initiative.submitted", { reference: referenceOf(result.initiative) }));
  });

  return feature;
}
