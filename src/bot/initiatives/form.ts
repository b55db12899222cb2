import { InlineKeyboard, Keyboard } from "grammy";
import { clearAwaiting, setAwaiting } from "../../db/repo/awaiting.js";
import {
  type Attachment,
  addAttachment,
  fieldsOf,
  findInitiativeWithContext,
  type Initiative,
  listAttachments,
  listEvents,
  openFormStatements,
  saveForm,
} from "../../db/repo/initiatives.js";
import { findMunicipality, listMunicipalities, type Municipality } from "../../db/repo/municipalities.js";
import {
  type Answer,
  type FormError,
  type FormPosition,
  INITIATIVE_FORM,
  INITIATIVE_KINDS,
  type InitiativeFields,
  type StepContext,
  type StepId,
  SUMMARY,
  skipChanges,
  validateAnswer,
} from "../../domain/initiative-form.js";
import { isEditable } from "../../domain/initiative-status.js";
import { truncate } from "../../domain/text.js";
import { formatNumber } from "../../i18n/format.js";
import type { Translate } from "../../i18n/index.js";
import { Propose } from "../callbacks.js";
import type { AwaitHandler, BotContext, BotDeps } from "../context.js";
import { deferWrite } from "../deferred-writes.js";
import { buttonRows, type Nav, type StepScreen, steppedScreens, withNav } from "../forms/stepped.js";
import { HTML } from "../html.js";
import { municipalityKeyboard, municipalityNote } from "../keyboards/choices.js";
import { attachmentList, initiativeCard } from "../views/initiative-card.js";
import { answerOf } from "./answer-of.js";

export type InitiativeForm = ReturnType<typeof initiativeForm>;

/** Once something is attached, Skip becomes Done, and Remove takes everything back. */
const withDone = (t: Translate, nav: Nav, id: number): Nav => ({
  ...nav,
  forward: [
    [t("initiative.nav.done"), nav.forward[0]![1]],
    [t("initiative.nav.clear"), Propose.clear.pack({ id })],
  ],
});

/**
 * The screens of the application form (INITIATIVE_FORM) and the handling of answers. Nothing is
 * kept in memory: every update reads the draft, and every valid answer is stored with the next
 * step at once. An author who changes one answer from the summary returns to it.
 */
export function initiativeForm(deps: BotDeps) {
  const { database } = deps;
  const { db } = database;

  /** What `find` read with an initiative, so that its step is not shown or checked with a second read. */
  const readWith = new WeakMap<Initiative, { municipality?: Municipality; attachments: Attachment[] }>();

  /** The initiative, with its municipality and attachments read in the same round trip. */
  async function find(id: number): Promise<Initiative | undefined> {
    const { initiative, municipality, attachments } = await findInitiativeWithContext(database, id);
    if (initiative) known(initiative, municipality, attachments);
    return initiative;
  }

  /** What the caller read with an initiative, so that the form does not read it again. */
  function known(initiative: Initiative, municipality: Municipality | undefined, attachments: Attachment[]) {
    readWith.set(initiative, { municipality, attachments });
  }

  const municipalityOf = async (initiative: Initiative) => {
    const known = readWith.get(initiative);
    if (known || !initiative.municipalityId) return known?.municipality;
    return findMunicipality(db, initiative.municipalityId);
  };
  const attachmentsOf = async (initiative: Initiative) =>
    readWith.get(initiative)?.attachments ?? (await listAttachments(db, initiative.id));

  async function contextFor(initiative: Initiative): Promise<StepContext> {
    return {
      fields: fieldsOf(initiative),
      attachments: await attachmentsOf(initiative),
      authorId: initiative.authorId!,
      maxBudget: (await municipalityOf(initiative))?.maxInitiativeBudget ?? null,
      now: deps.now(),
    };
  }

  /** The steps that differ from a plain question: their buttons, the budget limit, Done. */
  async function screen(
    ctx: BotContext,
    initiative: Initiative,
    step: StepId,
    nav: Nav,
  ): Promise<StepScreen> {
    const { t } = ctx;
    const id = initiative.id;
    const answer = (value: string) => Propose.answer.pack({ id, step, value });
    switch (step) {
      case "municipality": {
        const places = await listMunicipalities(db);
        const current = initiative.municipalityId ?? ctx.user?.municipalityId ?? null;
        return {
          prompt: `${t("initiative.steps.municipality")}${municipalityNote(places, ctx.locale)}`,
          choices: municipalityKeyboard(places, ctx.locale, (m) => answer(String(m.id)), current),
        };
      }
      case "kind":
        return { choices: buttonRows(INITIATIVE_KINDS.map((k) => [t(`initiative.kinds.${k}`), answer(k)])) };
      case "details":
        return { choices: buttonRows([[t("initiative.details.open"), answer("open")]]) };
      case "cost": {
        const max = (await municipalityOf(initiative))?.maxInitiativeBudget;
        return max == null ? {} : { prompt: t("initiative.steps.costWithMax", { max: formatNumber(max) }) };
      }
      case "attachments":
        return (await attachmentsOf(initiative)).length > 0 ? { nav: withDone(t, nav, id) } : {};
      default:
        return {};
    }
  }

  async function showSummary(ctx: BotContext, initiative: Initiative, lead?: string) {
    const { t } = ctx;
    const municipality = await municipalityOf(initiative);
    const attachments = await attachmentsOf(initiative);
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
    const id = initiative.id;
    await ctx.reply(text, {
      ...HTML,
      reply_markup: new InlineKeyboard()
        .text(t("initiative.summary.submit"), Propose.submit.pack({ id }))
        .row()
        .text(t("initiative.summary.edit"), Propose.edit.pack({ id }))
        .text(t("initiative.nav.cancel"), Propose.cancel.pack({ id })),
      link_preview_options: { is_disabled: true },
    });
  }

  const form = steppedScreens<Initiative, InitiativeFields, StepId>({
    walk: INITIATIVE_FORM,
    idOf: (initiative) => initiative.id,
    fieldsOf,
    texts: {
      steps: "initiative.steps",
      progress: "initiative.progress",
      skip: "initiative.nav.skip",
      back: "initiative.nav.back",
      cancel: "initiative.nav.cancel",
    },
    buttons: { skip: Propose.skip, back: Propose.back, cancel: Propose.cancel },
    screen,
    async send(ctx, text, keyboard, step) {
      if (step !== "contact") return ctx.reply(text, { ...HTML, reply_markup: keyboard });
      // A message has one keyboard: the contact button needs a reply keyboard, the rest are inline.
      const share = new Keyboard().requestContact(ctx.t("initiative.shareContact")).resized().oneTime();
      await ctx.reply(text, { ...HTML, reply_markup: share });
      return ctx.reply(ctx.t("initiative.steps.contactNav"), { ...HTML, reply_markup: keyboard });
    },
    summary: showSummary,
    async store(ctx, initiative, changes, position) {
      const editingOne = position !== SUMMARY && initiative.editingOne;
      const now = deps.now();
      const saved = await saveForm(
        db,
        initiative.id,
        initiative.authorId!,
        { ...changes, step: position, editingOne },
        now,
      );
      if (!saved) return void (await ctx.reply(ctx.t("errors.staleButton")));
      // A button of an older form message, pressed after the person went elsewhere, brings them back.
      if (ctx.awaiting?.kind !== "initiative.form" || ctx.awaiting.subjectId !== saved.id)
        await setAwaiting(db, saved.authorId!, { kind: "initiative.form", subjectId: saved.id }, now);
      // The contact step's reply keyboard is taken away when it is left.
      if (initiative.step === "contact" && position !== "contact") {
        const note = changes.contactPhone ? "initiative.contactSaved" : "initiative.contactClosed";
        await ctx.reply(ctx.t(note), { reply_markup: { remove_keyboard: true } });
      }
      // What was read with it still holds, unless the municipality (and so the budget limit) changed.
      const known = readWith.get(initiative);
      if (known && saved.municipalityId === initiative.municipalityId) readWith.set(saved, known);
      return saved;
    },
    redirect: (initiative, position) => (initiative.editingOne ? SUMMARY : position),
    skipChanges,
  });

  /**
   * Puts the form at `position`, awaiting the author's answer, and shows it. The position is
   * written with the update's other writes at its end: nothing in this update reads it again.
   */
  async function open(
    ctx: BotContext,
    initiative: Initiative,
    position: FormPosition,
    editingOne = false,
    lead?: string,
  ) {
    const statements = openFormStatements(db, initiative, { step: position, editingOne }, deps.now());
    deferWrite(ctx, () => statements);
    await form.show(ctx, { ...initiative, step: position, editingOne }, position, lead);
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
    if (!INITIATIVE_FORM.isStep(step))
      return showSummary(ctx, initiative, ctx.t("initiative.errors.useButtons"));
    const result = validateAnswer(step, given, await contextFor(initiative));
    if (!result.ok) return form.show(ctx, initiative, step, errorText(ctx.t, result));
    if ("changes" in result) return form.answered(ctx, initiative, step, result.changes);
    const attachments = await addAttachment(database, { initiativeId: initiative.id, ...result.attachment });
    const nav = withDone(ctx.t, form.nav(ctx, initiative, step), initiative.id);
    return ctx.reply(ctx.t("initiative.attachmentAdded", { list: attachmentList(attachments, ctx.t) }), {
      ...HTML,
      reply_markup: withNav(new InlineKeyboard(), nav),
    });
  }

  /** The author's next message answers the form they are at, while it is theirs to edit. */
  const waits: AwaitHandler = {
    kind: "initiative.form",
    buttons: [Propose.answer.feature],
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

  return { ...form, find, known, open, answer, contextFor, errorText, waits };
}
