import { InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import { clearAwaiting } from "../../db/repo/awaiting.js";
import {
  activeOf,
  listMunicipalities,
  type Municipality,
  municipalitiesRead,
} from "../../db/repo/municipalities.js";
import { contactsRead } from "../../db/repo/municipality-contacts.js";
import {
  discardDraftStatement,
  draftFlowRead,
  fieldsOfReport,
  moveFlowStatements,
  newDraftWrite,
  type Report,
  type ReportFlow,
  saveAndMoveStatements,
  saveDraftStatement,
  savedDraft,
  startDraftStatements,
} from "../../db/repo/reports.js";
import { reportTimesRead, timesOf } from "../../db/repo/submissions.js";
import type { User } from "../../db/repo/users.js";
import {
  AFFECTED_GROUPS,
  type AffectedGroup,
  answerMessage,
  isUrgent,
  REPORT_CATEGORIES,
  REPORT_FORM,
  type ReportAnswer,
  type ReportFields,
  type ReportFormError,
  type ReportPosition,
  type ReportStep,
  URGENCIES,
} from "../../domain/report-form.js";
import { SUMMARY } from "../../domain/stepped-form.js";
import type { Translate } from "../../i18n/index.js";
import { ReportDraft } from "../callbacks.js";
import type { AwaitHandler, BotContext, BotDeps } from "../context.js";
import { deferWrite } from "../deferred-writes.js";
import {
  type Button,
  buttonRows,
  type Nav,
  type StepScreen,
  steppedScreens,
  withNav,
} from "../forms/stepped.js";
import { HTML } from "../html.js";
import { municipalityKeyboard, municipalityNote } from "../keyboards/choices.js";
import type { Prefetches, PrefetchInput, Reads, StepButton } from "../prefetch.js";
import { capWindowStart, refusalFrom, refusalText } from "../submission-gate.js";
import { withContacts, withLocalSupport } from "../views/local-support.js";
import type { ReportChatLog } from "./chat-log.js";
import { locationValues, reportSummary } from "./report-card.js";

type Draft = { flow: ReportFlow; report: Report };

/** A step's draft and its other reads (`draftStep`); no draft once it was sent, or when there is none. */
export type DraftStep<E extends readonly unknown[]> = (ctx: BotContext) => Promise<[Draft | undefined, ...E]>;

/** What a message says to the report form; anything it cannot use is `other`. */
export function reportAnswerOf(message: Message): ReportAnswer {
  if (message.text !== undefined) return { type: "text", text: message.text };
  if (message.location)
    return { type: "location", latitude: message.location.latitude, longitude: message.location.longitude };
  if (message.voice) return { type: "voice", fileId: message.voice.file_id };
  const photo = message.photo?.at(-1);
  if (photo)
    return { type: "photo", fileId: photo.file_id, ...(message.caption ? { caption: message.caption } : {}) };
  return { type: "other" };
}

/** Leaving a step that was answered, or one that needs no answer, is Next rather than Skip. */
export const asNext = (t: Translate, nav: Nav): Nav => ({
  ...nav,
  forward: nav.forward.map(([, data]) => [t("report.nav.next"), data] as const),
});

export function affectedChoices(t: Translate, id: number, chosen: readonly AffectedGroup[]) {
  return buttonRows(
    AFFECTED_GROUPS.map((value) => [
      `${chosen.includes(value) ? "☑️" : "⬜️"} ${t(`report.affectedGroups.${value}`)}`,
      ReportDraft.affected.pack({ id, value }),
    ]),
  );
}

/** Yes / No for the anonymity and contact steps, the current answer ticked. */
function yesNo(
  t: Translate,
  data: (value: "y" | "n") => string,
  labels: [string, string],
  current: boolean | null,
) {
  const tick = (value: boolean, label: string) => (current === value ? `✅ ${t(label)}` : t(label));
  return buttonRows([
    [tick(true, labels[0]), data("y")],
    [tick(false, labels[1]), data("n")],
  ]);
}

/**
 * The screens of the report form (REPORT_FORM) and the handling of answers. Nothing is kept in
 * memory between updates: every update reads the draft with the municipalities its screens name,
 * a button press with the update's bookkeeping (`draftStep`), a typed answer in one round trip of
 * its own, and leaves its writes (the answer, the next step) to the update's end, where they go in
 * one batch with the chat log's ids (`deferWrite`).
 */
export function reportForm(deps: BotDeps, log: ReportChatLog, prefetch: Prefetches) {
  const { database } = deps;
  const { db } = database;
  /** The municipalities (inactive ones too) read with this update's draft. */
  const placesRead = new WeakMap<BotContext, Municipality[]>();
  const places = async (ctx: BotContext) =>
    placesRead.get(ctx) ?? listMunicipalities(db, { includeInactive: true });

  /** The person's draft where it stands, in one round trip. */
  async function findDraft(userId: number): Promise<Draft | undefined> {
    const [drafts] = await database.read([draftFlowRead(db, userId)]);
    return drafts[0];
  }

  /**
   * What a press of `button` reads before it decides: the person's draft where it stands, with
   * the municipalities when `places` (for a step whose next screen likely names them: the
   * municipality step, the summary; a screen that needs them without reads them then, `places`)
   * and `extra`, the step's other reads. They depend only on the person and the time, so they go
   * in the update's bookkeeping round trip (bot/prefetch.ts).
   */
  function draftStep<E extends readonly unknown[] = []>(
    button: StepButton,
    places: boolean,
    extra?: (input: PrefetchInput) => Reads<E>,
  ): DraftStep<E> {
    const step = prefetch.register<readonly unknown[]>(button, (input) => [
      draftFlowRead(db, input.userId),
      ...(places ? [municipalitiesRead(db)] : []),
      ...(extra?.(input) ?? []),
    ]);
    return async (ctx) => {
      const rows = await step.read(ctx);
      if (places) placesRead.set(ctx, rows[1] as Municipality[]);
      return [(rows[0] as Draft[])[0], ...(rows.slice(places ? 2 : 1) as unknown as E)];
    };
  }

  /** The municipality named on the draft's screens, from what this update read. */
  const placeOf = async (ctx: BotContext, id: number | null) =>
    id === null ? undefined : (await places(ctx)).find((m) => m.id === id);

  /** Stores `changes` on the draft at the update's end; the draft as it will then be. */
  function save(ctx: BotContext, report: Report, changes: Partial<ReportFields> & { urgent?: boolean }) {
    const now = deps.now();
    deferWrite(ctx, () => saveDraftStatement(db, report.id, changes, now));
    return savedDraft(report, changes, now);
  }

  /** Each step's buttons; an anonymous reporter is told, where it matters, what could give them away. */
  async function screen(ctx: BotContext, report: Report, step: ReportStep, nav: Nav): Promise<StepScreen> {
    const { t } = ctx;
    const id = report.id;
    const choices = (values: readonly string[], label: string, data: (value: never) => string) =>
      buttonRows(values.map((value): Button => [t(`${label}.${value}`), data(value as never)]));
    switch (step) {
      case "category":
        return {
          choices: choices(REPORT_CATEGORIES, "report.categories", (value) =>
            ReportDraft.category.pack({ id, value }),
          ),
        };
      case "urgency":
        return {
          choices: choices(URGENCIES, "report.urgencies", (value) => ReportDraft.urgency.pack({ id, value })),
        };
      case "municipality": {
        const active = activeOf(await places(ctx));
        const data = (m: { id: number }) => ReportDraft.municipality.pack({ id, value: m.id });
        return {
          prompt: `${t("report.steps.municipality")}${municipalityNote(active, ctx.locale)}`,
          choices: municipalityKeyboard(active, ctx.locale, data, report.municipalityId),
        };
      }
      case "anonymous": {
        const data = (value: "y" | "n") => ReportDraft.anonymous.pack({ id, value });
        return { choices: yesNo(t, data, ["report.anonymousYes", "report.anonymousNo"], report.anonymous) };
      }
      case "contact": {
        const data = (value: "y" | "n") => ReportDraft.contact.pack({ id, value });
        return { choices: yesNo(t, data, ["report.contactYes", "report.contactNo"], report.mayContact) };
      }
      case "affected":
        return { choices: affectedChoices(t, id, report.affected), nav: asNext(t, nav) };
      case "place":
      case "details": {
        const prompt = report.anonymous ? t(`report.stepsAnonymous.${step}`) : undefined;
        const given = step === "details" || report.placeText || report.latitude !== null;
        return { prompt, nav: given ? asNext(t, nav) : nav };
      }
    }
  }

  async function showSummary(ctx: BotContext, report: Report, lead?: string) {
    const { t } = ctx;
    const municipality = await placeOf(ctx, report.municipalityId);
    const text = [lead, reportSummary(report, municipality, t, ctx.locale)].filter(Boolean).join("\n\n");
    const id = report.id;
    const keyboard = withNav(new InlineKeyboard().text(t("report.nav.send"), ReportDraft.send.pack({ id })), {
      forward: [],
      back: [t("report.nav.back"), ReportDraft.back.pack({ id, step: SUMMARY })],
      cancel: [t("report.nav.cancel"), ReportDraft.cancel.pack({ id })],
    });
    await log.say(ctx, text, { ...HTML, reply_markup: keyboard });
  }

  const form = steppedScreens<Report, ReportFields, ReportStep>({
    walk: REPORT_FORM,
    idOf: (report) => report.id,
    fieldsOf: fieldsOfReport,
    texts: {
      steps: "report.steps",
      progress: "report.progress",
      skip: "report.nav.skip",
      back: "report.nav.back",
      cancel: "report.nav.cancel",
    },
    buttons: { skip: ReportDraft.next, back: ReportDraft.back, cancel: ReportDraft.cancel },
    screen,
    send: (ctx, text, keyboard) => log.say(ctx, text, { ...HTML, reply_markup: keyboard }),
    summary: showSummary,
    /**
     * The answer and the flow's step, at the update's end with its other writes (only while the
     * report is a draft, as this update read it); the wait is set unless it is this form's already.
     */
    async store(ctx, report, changes, step) {
      const waiting = ctx.awaiting?.kind === "report.form" && ctx.awaiting.subjectId === report.id;
      const urgent = changes.urgency ? { urgent: isUrgent(changes.urgency) } : {};
      const move = {
        userId: ctx.from!.id,
        reportId: report.id,
        changes: { ...changes, ...urgent },
        step,
        now: deps.now(),
        awaitAnswer: !waiting,
      };
      deferWrite(ctx, () => saveAndMoveStatements(db, move));
      return savedDraft(report, move.changes, move.now);
    },
  });
  const { show } = form;

  /**
   * /report: a new draft after the safety line, or the unfinished one where it stopped. Past the
   * daily cap, or from a blocked account, nothing opens; the emergency numbers are shown all the
   * same, since the person may be reporting danger. What it decides on is read in one round trip
   * with a new draft's row (whose id the first screen's buttons carry), which is deleted again at
   * the end when the person has a draft already or may not open one.
   */
  async function start(ctx: BotContext, user: User) {
    const userId = ctx.from!.id;
    const now = deps.now();
    const blocked = user.status === "blocked";
    const [times, drafts, contacts, created] = await database.write([
      reportTimesRead(db, userId, capWindowStart(deps)),
      draftFlowRead(db, userId),
      contactsRead(db, user.municipalityId ?? 0),
      ...(blocked ? [] : [newDraftWrite(db, ctx.user?.municipalityId ?? null, now)]),
    ]);
    const fresh = created?.[0];
    const refusal = refusalFrom(deps, user, "report", timesOf(times));
    const { flow, report: existing } = drafts[0] ?? {};
    if (fresh && (refusal || existing)) deferWrite(ctx, () => discardDraftStatement(db, fresh.id));
    if (refusal)
      return log.say(
        ctx,
        `${refusalText(ctx.t, "report", refusal)}\n\n${ctx.t("report.capEmergency")}`,
        HTML,
      );
    if (flow && existing) {
      deferWrite(ctx, () => moveFlowStatements(db, flow, position(flow), now, true));
      const place = existing.municipalityId ?? user.municipalityId;
      const resumed = ctx.t("report.resumed");
      return show(
        ctx,
        existing,
        position(flow),
        place === user.municipalityId
          ? withContacts(ctx.t, resumed, contacts)
          : await withLocalSupport(deps, ctx.t, resumed, place),
      );
    }
    await log.say(ctx, withContacts(ctx.t, ctx.t("report.safety"), contacts), HTML);
    const { statements } = startDraftStatements(db, fresh!, userId, "category", now);
    deferWrite(ctx, () => statements);
    await show(ctx, fresh!, "category");
  }

  const position = (flow: ReportFlow): ReportPosition =>
    REPORT_FORM.isPosition(flow.step) ? flow.step : "category";

  /**
   * An anonymous reporter's pin, stored rounded: they see what the officers will see, and one
   * button shares the exact point instead. The button carries the exact point, which is stored
   * nowhere until pressed.
   */
  async function showPinChoice(
    ctx: BotContext,
    report: Report,
    pin: { latitude: number; longitude: number },
  ) {
    const { t } = ctx;
    const exact = ReportDraft.exactPin.pack({ id: report.id, ...pin });
    const keyboard = new InlineKeyboard().text(t("report.pinExactButton"), exact);
    await log.say(ctx, t("report.pinRounded", locationValues(report)), {
      ...HTML,
      reply_markup: withNav(keyboard, asNext(t, form.nav(ctx, report, "place"))),
    });
  }

  function errorText(ctx: BotContext, step: ReportStep, error: ReportFormError): string {
    if (error.error === "unsupported" && step === "place") return ctx.t("report.errors.placeUnsupported");
    if (error.error === "tooLong")
      return ctx.t("report.errors.tooLong", { max: error.max, length: error.length });
    return ctx.t(`report.errors.${error.error}`);
  }

  /** A typed answer: stored, then the next step, or one sentence saying what is wrong. */
  async function answer(ctx: BotContext, flow: ReportFlow, report: Report, given: ReportAnswer) {
    const at = position(flow);
    if (at === SUMMARY) return showSummary(ctx, report, ctx.t("report.errors.useButtons"));
    const result = answerMessage(at, given, fieldsOfReport(report));
    if (!result.ok) return show(ctx, report, at, errorText(ctx, at, result));
    if (!result.stay) return form.answered(ctx, report, at, result.changes);
    const saved = save(ctx, report, result.changes);
    if (at === "place" && given.type === "location") return showPinChoice(ctx, saved, given);
    const parts = [
      saved.text ? ctx.t("report.detailsParts.text") : undefined,
      saved.voiceFileId ? ctx.t("report.detailsParts.voice") : undefined,
      saved.photoFileId ? ctx.t("report.detailsParts.photo") : undefined,
    ].filter(Boolean);
    // A voice sent anyway is kept, knowingly: the warning again, and a way to take it back.
    const voiceRisk = saved.anonymous && given.type === "voice";
    const keyboard = new InlineKeyboard();
    if (voiceRisk)
      keyboard.text(ctx.t("report.removeVoice"), ReportDraft.removeVoice.pack({ id: report.id }));
    const received = ctx.t("report.detailsReceived", { list: parts.join(", ") });
    await log.say(ctx, voiceRisk ? `${ctx.t("report.voiceWarning")}\n\n${received}` : received, {
      ...HTML,
      reply_markup: withNav(keyboard, asNext(ctx.t, form.nav(ctx, saved, at))),
    });
  }

  /** The reporter's next message answers the step their draft is at, while it is a draft. */
  const waits: AwaitHandler = {
    kind: "report.form",
    buttons: [ReportDraft.next.feature],
    async answer(ctx, wait, next) {
      const draft = await findDraft(wait.userId);
      if (draft?.flow.reportId !== wait.subjectId) {
        await clearAwaiting(db, wait.userId, "report.form");
        return next();
      }
      await log.noteIncoming(ctx);
      await answer(ctx, draft.flow, draft.report, reportAnswerOf(ctx.message!));
    },
  };

  return { ...form, start, position, waits, draftStep, save, placeOf };
}

export type ReportForm = ReturnType<typeof reportForm>;
