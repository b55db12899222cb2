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
  answerMessage,
  canLeave,
  hasDetails,
  isReportPosition,
  nextPosition,
  previousPosition,
  REPORT_STEPS,
  type ReportAnswer,
  type ReportFields,
  type ReportFormError,
  type ReportPosition,
  type ReportStep,
  SUMMARY,
  stepNumber,
} from "../../domain/report-form.js";
import { callbackData } from "../callback-data.js";
import type { AwaitHandler, BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { municipalityKeyboard, municipalityNote } from "../keyboards/choices.js";
import {
  affectedChoices,
  categoryChoices,
  exactPinChoice,
  REPORT_FORM,
  removeVoiceChoice,
  summaryChoices,
  urgencyChoices,
  withNav,
  yesNoChoices,
} from "../keyboards/report-form.js";
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

/**
 * The screens of the report form and the handling of answers. Nothing is kept in memory: every
 * update reads the draft, and every answer is stored with the next step at once.
 */
export function reportForm(deps: BotDeps, log: ReportChatLog) {
  const { database } = deps;
  const { db } = database;

  async function showStep(ctx: BotContext, report: Report, step: ReportStep, lead?: string) {
    const { t } = ctx;
    const fields = fieldsOfReport(report);
    // An anonymous reporter is told, where it matters, what could still give them away.
    const places = step === "municipality" ? await listMunicipalities(db) : [];
    const prompt =
      report.anonymous && (step === "place" || step === "details")
        ? t(`report.stepsAnonymous.${step}`)
        : `${t(`report.steps.${step}`)}${municipalityNote(places, ctx.locale)}`;
    const text = [lead, t("report.progress", { step: stepNumber(step), total: REPORT_STEPS.length }), prompt]
      .filter(Boolean)
      .join("\n\n");
    const back = previousPosition(step) !== undefined;
    let keyboard = new InlineKeyboard();
    let forward: "next" | "skip" | undefined;
    if (step === "category") keyboard = categoryChoices(t, report.id);
    else if (step === "urgency") keyboard = urgencyChoices(t, report.id);
    else if (step === "municipality")
      keyboard = municipalityKeyboard(
        places,
        ctx.locale,
        (m) => callbackData(REPORT_FORM, "mun", report.id, m.id),
        report.municipalityId,
      );
    else if (step === "place") forward = report.placeText || report.latitude !== null ? "next" : "skip";
    else if (step === "details") forward = hasDetails(fields) ? "next" : undefined;
    else if (step === "affected") {
      keyboard = affectedChoices(t, report.id, report.affected);
      forward = "next";
    } else if (step === "anonymous") keyboard = yesNoChoices(t, report.id, "anon", report.anonymous);
    else if (step === "contact") keyboard = yesNoChoices(t, report.id, "cont", report.mayContact);
    await log.say(ctx, text, {
      ...HTML,
      reply_markup: withNav(keyboard, t, report.id, step, { back, forward }),
    });
  }

  async function showSummary(ctx: BotContext, report: Report, lead?: string) {
    const municipality = report.municipalityId
      ? await findMunicipality(db, report.municipalityId)
      : undefined;
    const text = [lead, reportSummary(report, municipality, ctx.t, ctx.locale)].filter(Boolean).join("\n\n");
    await log.say(ctx, text, { ...HTML, reply_markup: summaryChoices(ctx.t, report.id) });
  }

  async function show(ctx: BotContext, report: Report, position: ReportPosition, lead?: string) {
    if (position === SUMMARY) return showSummary(ctx, report, lead);
    return showStep(ctx, report, position, lead);
  }

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
    await showStep(ctx, report, "category");
  }

  const position = (flow: ReportFlow): ReportPosition =>
    isReportPosition(flow.step) ? flow.step : "category";

  /** Stores changes and moves to `next`, showing it. */
  async function advance(
    ctx: BotContext,
    report: Report,
    changes: Partial<ReportFields> & { urgent?: boolean },
    next: ReportPosition,
    lead?: string,
  ) {
    const waiting = ctx.awaiting?.kind === "report.form" && ctx.awaiting.subjectId === report.id;
    const saved = await saveAndMove(database, {
      userId: ctx.from!.id,
      reportId: report.id,
      changes,
      step: next,
      now: deps.now(),
      awaitAnswer: !waiting,
    });
    if (!saved) return log.say(ctx, ctx.t("report.alreadySent"));
    await show(ctx, saved, next, lead);
  }

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
    const keyboard = exactPinChoice(t, report.id, pin);
    await log.say(ctx, t("report.pinRounded", locationValues(report)), {
      ...HTML,
      reply_markup: withNav(keyboard, t, report.id, "place", { back: true, forward: "next" }),
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
    if (!result.ok) return showStep(ctx, report, at, errorText(ctx, at, result));
    if (!result.stay) return advance(ctx, report, result.changes, nextPosition(at));
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
    const keyboard = voiceRisk ? removeVoiceChoice(ctx.t, report.id) : new InlineKeyboard();
    const received = ctx.t("report.detailsReceived", { list: parts.join(", ") });
    await log.say(ctx, voiceRisk ? `${ctx.t("report.voiceWarning")}\n\n${received}` : received, {
      ...HTML,
      reply_markup: withNav(keyboard, ctx.t, report.id, at, { back: true, forward: "next" }),
    });
  }

  /** Next / Skip on a step that allows leaving it as it is. */
  async function forward(ctx: BotContext, report: Report, step: ReportStep) {
    if (!canLeave(step, fieldsOfReport(report)))
      return showStep(ctx, report, step, ctx.t("report.errors.nothingYet"));
    await advance(ctx, report, {}, nextPosition(step));
  }

  async function back(ctx: BotContext, report: Report, from: ReportPosition) {
    await advance(ctx, report, {}, previousPosition(from) ?? from);
  }

  /** The reporter's next message answers the step their draft is at, while it is a draft. */
  const waits: AwaitHandler = {
    kind: "report.form",
    buttons: [REPORT_FORM],
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

  return { start, show, showStep, answer, forward, back, advance, position, waits };
}

export type ReportForm = ReturnType<typeof reportForm>;
