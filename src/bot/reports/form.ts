import { InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import { clearAwaiting } from "../../db/repo/awaiting.js";
import { findMunicipality, listMunicipalities } from "../../db/repo/municipalities.js";
import {
  fieldsOfReport,
  findDraftFlow,
  moveFlow,
  type Report,
  type ReportFlow,
  saveAndMove,
  saveDraft,
  startDraft,
} from "../../db/repo/reports.js";
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
import { refusalText, submissionRefusal } from "../submission-gate.js";
import { withLocalSupport } from "../views/local-support.js";
import type { ReportChatLog } from "./chat-log.js";
import { locationValues, reportSummary } from "./report-card.js";

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
 * memory: every update reads the draft, and every answer is stored with the next step at once.
 */
export function reportForm(deps: BotDeps, log: ReportChatLog) {
  const { database } = deps;
  const { db } = database;

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
        const places = await listMunicipalities(db);
        const data = (m: { id: number }) => ReportDraft.municipality.pack({ id, value: m.id });
        return {
          prompt: `${t("report.steps.municipality")}${municipalityNote(places, ctx.locale)}`,
          choices: municipalityKeyboard(places, ctx.locale, data, report.municipalityId),
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
    const municipality = report.municipalityId
      ? await findMunicipality(db, report.municipalityId)
      : undefined;
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
    /** The answer and the flow's step in one round trip; the wait is set unless it is this form's already. */
    async store(ctx, report, changes, step) {
      const waiting = ctx.awaiting?.kind === "report.form" && ctx.awaiting.subjectId === report.id;
      const urgent = changes.urgency ? { urgent: isUrgent(changes.urgency) } : {};
      const saved = await saveAndMove(database, {
        userId: ctx.from!.id,
        reportId: report.id,
        changes: { ...changes, ...urgent },
        step,
        now: deps.now(),
        awaitAnswer: !waiting,
      });
      if (!saved) await log.say(ctx, ctx.t("report.alreadySent"));
      return saved;
    },
  });
  const { show } = form;

  /**
   * /report: a new draft after the safety line, or the unfinished one where it stopped. Past the
   * daily cap, or from a blocked account, nothing opens; the emergency numbers are shown all the
   * same, since the person may be reporting danger.
   */
  async function start(ctx: BotContext, user: User) {
    const refusal = await submissionRefusal(deps, user, "report");
    if (refusal)
      return log.say(
        ctx,
        `${refusalText(ctx.t, "report", refusal)}\n\n${ctx.t("report.capEmergency")}`,
        HTML,
      );
    const userId = ctx.from!.id;
    const { flow, report: existing } = (await findDraftFlow(db, userId)) ?? {};
    if (flow && existing) {
      await moveFlow(database, flow, position(flow), deps.now(), true);
      const place = existing.municipalityId ?? user.municipalityId;
      return show(
        ctx,
        existing,
        position(flow),
        await withLocalSupport(deps, ctx.t, ctx.t("report.resumed"), place),
      );
    }
    await log.say(
      ctx,
      await withLocalSupport(deps, ctx.t, ctx.t("report.safety"), user.municipalityId),
      HTML,
    );
    const { report } = await startDraft(database, {
      userId,
      municipalityId: ctx.user?.municipalityId ?? null,
      step: "category",
      now: deps.now(),
    });
    await show(ctx, report, "category");
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
    const saved = await saveDraft(db, report.id, result.changes, deps.now());
    if (!saved) return log.say(ctx, ctx.t("report.alreadySent"));
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
      const draft = await findDraftFlow(db, wait.userId);
      if (draft?.flow.reportId !== wait.subjectId) {
        await clearAwaiting(db, wait.userId, "report.form");
        return next();
      }
      await log.noteIncoming(ctx);
      await answer(ctx, draft.flow, draft.report, reportAnswerOf(ctx.message!));
    },
  };

  return { ...form, start, position, waits };
}

export type ReportForm = ReturnType<typeof reportForm>;
