import { InlineKeyboard } from "grammy";
import { clearAwaiting, setAwaiting } from "../../db/repo/awaiting.js";
import {
  type Attachment,
  addAttachment,
  fieldsOf,
  findInitiativeWithContext,
  type Initiative,
  listAttachments,
  listEvents,
  openForm,
  saveForm,
} from "../../db/repo/initiatives.js";
import { findMunicipality, listMunicipalities, type Municipality } from "../../db/repo/municipalities.js";
import {
  type Answer,
  DETAILS_START,
  type FormError,
  type FormPosition,
  type InitiativeFields,
  isStepId,
  nextPosition,
  previousStep,
  progress,
  type StepContext,
  type StepId,
  SUMMARY,
  skipChanges,
  stepById,
  validateAnswer,
} from "../../domain/initiative-form.js";
import { isEditable } from "../../domain/initiative-status.js";
import { truncate } from "../../domain/text.js";
import { formatNumber } from "../../i18n/format.js";
import type { Translate } from "../../i18n/index.js";
import { callbackData } from "../callback-data.js";
import type { AwaitHandler, BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { municipalityKeyboard, municipalityNote } from "../keyboards/choices.js";
import {
  contactKeyboard,
  detailsChoice,
  FORM,
  kindChoices,
  type NavOptions,
  navRows,
  summaryKeyboard,
} from "../keyboards/initiative-form.js";
import { attachmentList, initiativeCard } from "../views/initiative-card.js";
import { answerOf } from "./answer-of.js";

export type InitiativeForm = ReturnType<typeof initiativeForm>;

/**
 * The screens of the application form and the handling of answers. Nothing is kept in memory:
 * every update reads the draft, and every valid answer is stored with the next step at once.
 */
export function initiativeForm(deps: BotDeps) {
  const { database } = deps;
  const { db } = database;

  /** What `find` read with an initiative, so that its step context is not read again. */
  const readWith = new WeakMap<Initiative, { municipality?: Municipality; attachments: Attachment[] }>();

  /** The initiative, with its municipality and attachments read in the same round trip. */
  async function find(id: number): Promise<Initiative | undefined> {
    const { initiative, municipality, attachments } = await findInitiativeWithContext(database, id);
    if (initiative) readWith.set(initiative, { municipality, attachments });
    return initiative;
  }

  async function contextFor(initiative: Initiative): Promise<StepContext> {
    const known = readWith.get(initiative);
    const municipality = known
      ? known.municipality
      : initiative.municipalityId
        ? await findMunicipality(db, initiative.municipalityId)
        : undefined;
    return {
      fields: fieldsOf(initiative),
      attachments: known?.attachments ?? (await listAttachments(db, initiative.id)),
      authorId: initiative.authorId!,
      maxBudget: municipality?.maxInitiativeBudget ?? null,
      now: deps.now(),
    };
  }

  /** `known`: the step context the caller read for this initiative already (its fields are taken anew). */
  async function showStep(
    ctx: BotContext,
    initiative: Initiative,
    step: StepId,
    lead?: string,
    known?: StepContext,
  ) {
    const { t } = ctx;
    const context = known ? { ...known, fields: fieldsOf(initiative) } : await contextFor(initiative);
    const places = step === "municipality" ? await listMunicipalities(db) : [];
    const prompt =
      step === "cost" && context.maxBudget !== null
        ? t("initiative.steps.costWithMax", { max: formatNumber(context.maxBudget) })
        : `${t(`initiative.steps.${step}`)}${municipalityNote(places, ctx.locale)}`;
    const numbered = progress(step, context.fields);
    const text = [lead, numbered ? t("initiative.progress", numbered) : undefined, prompt]
      .filter(Boolean)
      .join("\n\n");
    const nav: NavOptions = {
      back: initiative.editingOne || previousStep(step, context.fields) !== undefined,
      skip: stepById(step).optional,
      done: step === "attachments" && context.attachments.length > 0,
    };
    let keyboard = new InlineKeyboard();
    if (step === "municipality") {
      const current = initiative.municipalityId ?? ctx.user?.municipalityId ?? null;
      keyboard = municipalityKeyboard(
        places,
        ctx.locale,
        (m) => callbackData(FORM, "ans", initiative.id, "municipality", m.id),
        current,
      );
    } else if (step === "kind") {
      keyboard = kindChoices(t, initiative.id);
    } else if (step === "details") {
      keyboard = detailsChoice(t, initiative.id);
    } else if (step === "contact") {
      // A message has one keyboard: the contact button needs a reply keyboard, the rest are inline.
      await ctx.reply(text, { ...HTML, reply_markup: contactKeyboard(t) });
      await ctx.reply(t("initiative.steps.contactNav"), {
        ...HTML,
        reply_markup: navRows(keyboard, t, initiative.id, step, nav),
      });
      return;
    }
    await ctx.reply(text, { ...HTML, reply_markup: navRows(keyboard, t, initiative.id, step, nav) });
  }

  async function showSummary(ctx: BotContext, initiative: Initiative, lead?: string) {
    const { t } = ctx;
    const municipality = initiative.municipalityId
      ? await findMunicipality(db, initiative.municipalityId)
      : undefined;
    const attachments = await listAttachments(db, initiative.id);
    const asked =
      initiative.status === "changes_requested"
        ? (await listEvents(db, initiative.id)).filter((e) => e.toStatus === "changes_requested").at(-1)
            ?.reasonText
        : undefined;
    const leads = (max: number) =>
      [
        lead,
        t("initiative.summary.lead"),
        asked ? t("initiative.summary.changesAsked", { reason: truncate(asked, max) }) : undefined,
      ]
        .filter(Boolean)
        .join("\n\n");
    const text = initiativeCard({ initiative, municipality, attachments }, t, ctx.locale, {
      audience: "author",
      lead: leads,
      trailer: t("initiative.summary.ask"),
    });
    await ctx.reply(text, {
      ...HTML,
      reply_markup: summaryKeyboard(t, initiative.id),
      link_preview_options: { is_disabled: true },
    });
  }

  async function show(ctx: BotContext, initiative: Initiative, lead?: string, known?: StepContext) {
    if (isStepId(initiative.step)) return showStep(ctx, initiative, initiative.step, lead, known);
    return showSummary(ctx, initiative, lead);
  }

  /** Puts the form at `position`, awaiting the author's answer, and shows it. */
  async function open(
    ctx: BotContext,
    initiative: Initiative,
    position: FormPosition,
    editingOne = false,
    lead?: string,
  ) {
    await openForm(database, initiative, { step: position, editingOne }, deps.now());
    await show(ctx, { ...initiative, step: position, editingOne }, lead);
  }

  /** Stores changes and moves on; the contact step's reply keyboard is taken away when it is left. */
  async function advance(
    ctx: BotContext,
    initiative: Initiative,
    changes: Partial<InitiativeFields>,
    position: FormPosition,
    note?: string,
    known?: StepContext,
  ) {
    const editingOne = position === SUMMARY ? false : initiative.editingOne;
    const saved = await saveForm(
      db,
      initiative.id,
      initiative.authorId!,
      { ...changes, step: position, editingOne },
      deps.now(),
    );
    if (!saved) return ctx.reply(ctx.t("errors.staleButton"));
    // A button of an older form message, pressed after the person went elsewhere, brings them back.
    if (ctx.awaiting?.kind !== "initiative.form" || ctx.awaiting.subjectId !== saved.id)
      await setAwaiting(db, saved.authorId!, { kind: "initiative.form", subjectId: saved.id }, deps.now());
    const leavingContact = initiative.step === "contact" && position !== "contact";
    if (leavingContact || note)
      await ctx.reply(note ?? ctx.t("initiative.contactClosed"), { reply_markup: { remove_keyboard: true } });
    // The municipality decides the budget limit: a context read before it changed is read anew.
    const context = known ?? (readWith.has(initiative) ? await contextFor(initiative) : undefined);
    await show(
      ctx,
      saved,
      undefined,
      saved.municipalityId === initiative.municipalityId ? context : undefined,
    );
  }

  function errorText(t: Translate, error: FormError): string {
    const params = Object.fromEntries(
      Object.entries(error.params ?? {}).map(([k, v]) => [k, typeof v === "number" ? formatNumber(v) : v]),
    );
    return t(`initiative.errors.${error.error}`, params);
  }

  /** An answer to the current step, typed or pressed; a wrong one gets one sentence and the step again. */
  async function answer(ctx: BotContext, initiative: Initiative, given: Answer) {
    const step = initiative.step;
    if (!isStepId(step)) return showSummary(ctx, initiative, ctx.t("initiative.errors.useButtons"));
    const context = await contextFor(initiative);
    const result = validateAnswer(step, given, context);
    if (!result.ok) return showStep(ctx, initiative, step, errorText(ctx.t, result));
    if ("attachment" in result) {
      const attachments = await addAttachment(database, {
        initiativeId: initiative.id,
        ...result.attachment,
      });
      const nav = { back: true, skip: true, done: true };
      return ctx.reply(ctx.t("initiative.attachmentAdded", { list: attachmentList(attachments, ctx.t) }), {
        ...HTML,
        reply_markup: navRows(new InlineKeyboard(), ctx.t, initiative.id, step, nav),
      });
    }
    const fields = { ...context.fields, ...result.changes };
    const position = initiative.editingOne
      ? SUMMARY
      : step === "details"
        ? DETAILS_START
        : nextPosition(step, fields);
    const note = step === "contact" ? ctx.t("initiative.contactSaved") : undefined;
    await advance(ctx, initiative, result.changes, position, note, context);
  }

  async function skip(ctx: BotContext, initiative: Initiative, step: StepId) {
    const changes = skipChanges(step);
    if (!changes) return ctx.reply(ctx.t("errors.staleButton"));
    const fields = { ...fieldsOf(initiative), ...changes };
    await advance(ctx, initiative, changes, initiative.editingOne ? SUMMARY : nextPosition(step, fields));
  }

  async function back(ctx: BotContext, initiative: Initiative, step: StepId) {
    const position = initiative.editingOne ? SUMMARY : (previousStep(step, fieldsOf(initiative)) ?? step);
    await advance(ctx, initiative, {}, position);
  }

  /** The author's next message answers the form they are at, while it is theirs to edit. */
  const waits: AwaitHandler = {
    kind: "initiative.form",
    buttons: [FORM],
    editedMessage: "initiative.errors.editedMessage",
    async answer(ctx, wait, next) {
      const initiative = await find(wait.subjectId);
      if (initiative?.authorId !== ctx.from?.id || !isEditable(initiative!.status)) {
        await clearAwaiting(db, wait.userId, "initiative.form");
        return next();
      }
      return answer(ctx, initiative!, answerOf(ctx.message!));
    },
  };

  return { find, show, showSummary, open, answer, skip, back, contextFor, errorText, waits };
}
