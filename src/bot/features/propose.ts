import { Composer } from "grammy";
import { clearAwaiting } from "../../db/repo/awaiting.js";
import {
  clearAttachments,
  createDraft,
  deleteDraft,
  ensureReference,
  fieldsOf,
  findDraft,
  findInitiative,
  type Initiative,
  transition,
} from "../../db/repo/initiatives.js";
import { findMunicipality } from "../../db/repo/municipalities.js";
import {
  type FormPosition,
  firstPosition,
  firstProblem,
  isStepId,
  SUMMARY,
} from "../../domain/initiative-form.js";
import { isEditable, referenceYear } from "../../domain/initiative-status.js";
import { referenceOf } from "../../i18n/format.js";
import { callbackPattern } from "../callback-data.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import type { InitiativeForm } from "../initiatives/form.js";
import { submissionNotices } from "../initiatives/notices.js";
import { discardConfirm, draftChoice, FORM, fieldPicker } from "../keyboards/initiative-form.js";
import { sendMainMenu } from "../keyboards/main-menu.js";
import { refusalText, submissionRefusal } from "../submission-gate.js";
import { refuse, requireRegistered } from "./guards.js";

const ID = "\\d+";
const STEP = "[A-Za-z]+";

/** /propose and the form's buttons; typed answers reach the form through its wait (bot/awaiting.ts). */
export function proposeFeature(deps: BotDeps, form: InitiativeForm) {
  const feature = new Composer<BotContext>();
  const { database } = deps;
  const { db } = database;

  const start = async (ctx: BotContext) => {
    const user = await requireRegistered(ctx);
    if (!user) return;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    const refusal = await submissionRefusal(deps, user, "initiative");
    if (refusal) return ctx.reply(refusalText(ctx.t, "initiative", refusal), HTML);
    const draft = await findDraft(db, user.id);
    if (draft?.step && draft.step !== firstPosition(fieldsOf(draft))) {
      return ctx.reply(
        ctx.t("initiative.draftExists", { title: draft.title ?? ctx.t("initiative.untitled") }),
        {
          ...HTML,
          reply_markup: draftChoice(ctx.t, draft.id),
        },
      );
    }
    const initiative =
      draft ??
      (await createDraft(db, { authorId: user.id, municipalityId: user.municipalityId, now: deps.now() }));
    await ctx.reply(ctx.t("initiative.intro"), HTML);
    await form.open(ctx, initiative, firstPosition(fieldsOf(initiative)));
  };
  feature.command("propose", start);
  feature.callbackQuery(callbackPattern("menu", "propose"), start);

  /**
   * The author's editable initiative a button names. Callback data can be forged, so the
   * author, the status and (when given) the step the button was shown for are all checked.
   */
  async function own(ctx: BotContext, id: number, step?: FormPosition): Promise<Initiative | undefined> {
    const initiative = await form.find(id);
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
    (i.step as FormPosition | null) ?? (i.status === "draft" ? firstPosition(fieldsOf(i)) : SUMMARY);

  feature.callbackQuery(callbackPattern(FORM, "cont", ID), async (ctx) => {
    const initiative = await own(ctx, Number(ctx.match[1]));
    if (initiative) await form.open(ctx, initiative, resumeAt(initiative), initiative.editingOne);
  });

  feature.callbackQuery(callbackPattern(FORM, "new", ID), async (ctx) => {
    const old = await own(ctx, Number(ctx.match[1]));
    if (!old) return;
    await deleteDraft(db, old.id, ctx.from.id);
    const municipalityId = ctx.user?.municipalityId ?? null;
    const initiative = await createDraft(db, { authorId: ctx.from.id, municipalityId, now: deps.now() });
    await ctx.reply(ctx.t("initiative.intro"), HTML);
    await form.open(ctx, initiative, firstPosition(fieldsOf(initiative)));
  });

  feature.callbackQuery(callbackPattern(FORM, "ans", ID, STEP, "\\w+"), async (ctx) => {
    const [, id, step, value] = ctx.match;
    const initiative = await own(ctx, Number(id), step as FormPosition);
    if (!initiative) return;
    if (step === "municipality") {
      const chosen = await findMunicipality(db, Number(value));
      if (!chosen?.active) return ctx.reply(ctx.t("errors.staleButton"));
    }
    await form.answer(ctx, initiative, { type: "choice", value: value! });
  });

  feature.callbackQuery(callbackPattern(FORM, "skip", ID, STEP), async (ctx) => {
    const step = ctx.match[2]!;
    const initiative = await own(ctx, Number(ctx.match[1]), step as FormPosition);
    if (initiative && isStepId(step)) await form.skip(ctx, initiative, step);
  });

  feature.callbackQuery(callbackPattern(FORM, "back", ID, STEP), async (ctx) => {
    const step = ctx.match[2]!;
    const initiative = await own(ctx, Number(ctx.match[1]), step as FormPosition);
    if (initiative && isStepId(step)) await form.back(ctx, initiative, step);
  });

  feature.callbackQuery(callbackPattern(FORM, "clear", ID), async (ctx) => {
    const initiative = await own(ctx, Number(ctx.match[1]), "attachments");
    if (!initiative) return;
    await clearAttachments(db, initiative.id);
    await form.open(ctx, initiative, "attachments", initiative.editingOne);
  });

  feature.callbackQuery(callbackPattern(FORM, "cancel", ID), async (ctx) => {
    const initiative = await own(ctx, Number(ctx.match[1]));
    if (!initiative) return;
    await clearAwaiting(db, ctx.from.id, "initiative.form");
    const contactKeyboardShown = initiative.step === "contact";
    const removeKeyboard = contactKeyboardShown ? { reply_markup: { remove_keyboard: true as const } } : {};
    if (initiative.status === "draft")
      return ctx.reply(ctx.t("initiative.cancelConfirm"), {
        ...HTML,
        reply_markup: discardConfirm(ctx.t, initiative.id),
      });
    await ctx.reply(ctx.t("initiative.editStopped"), { ...HTML, ...removeKeyboard });
  });

  feature.callbackQuery(callbackPattern(FORM, "discard", ID), async (ctx) => {
    const initiative = await own(ctx, Number(ctx.match[1]));
    if (!initiative) return;
    await deleteDraft(db, initiative.id, ctx.from.id);
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("initiative.discarded"), { reply_markup: { remove_keyboard: true } });
    await sendMainMenu(ctx);
  });

  feature.callbackQuery(callbackPattern(FORM, "edit", ID), async (ctx) => {
    const initiative = await own(ctx, Number(ctx.match[1]), SUMMARY);
    if (!initiative) return;
    await ctx.reply(ctx.t("initiative.summary.chooseField"), {
      reply_markup: fieldPicker(ctx.t, initiative.id, fieldsOf(initiative)),
    });
  });

  feature.callbackQuery(callbackPattern(FORM, "goto", ID, STEP), async (ctx) => {
    const step = ctx.match[2]!;
    const initiative = await own(ctx, Number(ctx.match[1]), SUMMARY);
    if (initiative && isStepId(step)) await form.open(ctx, initiative, step, true);
  });

  feature.callbackQuery(callbackPattern(FORM, "sum", ID), async (ctx) => {
    const initiative = await own(ctx, Number(ctx.match[1]));
    if (initiative) await form.open(ctx, initiative, SUMMARY);
  });

  /** From the author's "changes requested" notice: the same initiative, answers kept, at the summary. */
  feature.callbackQuery(callbackPattern(FORM, "fix", ID), async (ctx) => {
    const initiative = await own(ctx, Number(ctx.match[1]));
    if (initiative) await form.open(ctx, initiative, SUMMARY);
  });

  feature.callbackQuery(callbackPattern(FORM, "submit", ID), async (ctx) => {
    const initiative = await own(ctx, Number(ctx.match[1]), SUMMARY);
    if (!initiative) return;
    const user = await requireRegistered(ctx);
    if (!user) return;
    // Checked again at sending: a draft opened earlier must not pass a cap or a block reached since.
    // A resubmission after requested changes is the same initiative, not one more.
    const refusal = await submissionRefusal(deps, user, "initiative", initiative.status === "draft");
    if (refusal) return ctx.reply(refusalText(ctx.t, "initiative", refusal), HTML);
    const problem = firstProblem(await form.contextFor(initiative));
    if (problem) {
      const lead = form.errorText(ctx.t, {
        error: problem.error ?? "required",
        params: problem.params,
      });
      return form.open(ctx, initiative, problem.step, true, lead);
    }
    await ensureReference(db, initiative.id, referenceYear(deps.now()));
    const numbered = (await findInitiative(db, initiative.id))!;
    const result = await transition(database, {
      initiative: numbered,
      to: "submitted",
      actorId: ctx.from.id,
      now: deps.now(),
      notices: await submissionNotices(deps, numbered),
    });
    if (!result.ok) return ctx.reply(ctx.t("initiative.alreadySubmitted"));
    deps.onEnqueued?.();
    deps.logger.info("initiative submitted", { initiativeId: initiative.id });
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await sendMainMenu(ctx, ctx.t("initiative.submitted", { reference: referenceOf(result.initiative) }));
  });

  return feature;
}
