import { Composer } from "grammy";
import { findMunicipality } from "../../db/repo/municipalities.js";
import {
  discardDraft,
  fieldsOfReport,
  findDraftFlow,
  referenceOfReport,
  saveDraft,
  setReporterIdentity,
  submitDraft,
} from "../../db/repo/reports.js";
import {
  anonymityChanges,
  firstMissingStep,
  isCoordinatePair,
  isUrgent,
  pinChanges,
  REPORT_FORM,
  type ReportPosition,
  roundCoordinate,
  toggleAffected,
} from "../../domain/report-form.js";
import { reportYear } from "../../domain/report-status.js";
import { Menu, ReportDraft } from "../callbacks.js";
import type { BotContext, BotDeps } from "../context.js";
import { withNav } from "../forms/stepped.js";
import { HTML } from "../html.js";
import { clearChatKeyboard } from "../keyboards/report-form.js";
import type { ReportChatLog } from "../reports/chat-log.js";
import { affectedChoices, asNext, type ReportForm } from "../reports/form.js";
import { routeNewReport } from "../reports/notices.js";
import { refusalText, submissionRefusal } from "../submission-gate.js";
import { withLocalSupport } from "../views/local-support.js";
import { requireRegistered } from "./guards.js";

/**
 * /report and its form: every button of the form, up to Send. The typed answers come through
 * the form's wait (bot/awaiting.ts).
 */
export function reportsFeature(deps: BotDeps, form: ReportForm, log: ReportChatLog) {
  const feature = new Composer<BotContext>();
  const { database } = deps;
  const { db } = database;

  const start = async (ctx: BotContext) => {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    // Someone in danger may not have registered: the emergency numbers come before anything else.
    const user = ctx.user;
    if (!user) return ctx.reply(`${ctx.t("emergency.line")}\n\n${ctx.t("report.startFirst")}`, HTML);
    await log.noteIncoming(ctx);
    await form.start(ctx, user);
  };
  feature.command("report", start);
  feature.callbackQuery(Menu.report.pattern, start);

  /** The draft a form button belongs to, at the position it expects; undefined after a stale answer. */
  async function draftAt(ctx: BotContext, reportId: number, expected?: ReportPosition | string) {
    const { flow, report } = (await findDraftFlow(db, ctx.from!.id)) ?? {};
    if (
      !flow ||
      !report ||
      flow.reportId !== reportId ||
      (expected !== undefined && form.position(flow) !== expected)
    ) {
      await ctx.answerCallbackQuery({ text: ctx.t("errors.staleButton") });
      return undefined;
    }
    await ctx.answerCallbackQuery();
    return { flow, report };
  }

  feature.callbackQuery(ReportDraft.category.pattern, async (ctx) => {
    const { id, value } = ReportDraft.category.read(ctx.match);
    const draft = await draftAt(ctx, id, "category");
    if (draft) await form.answered(ctx, draft.report, "category", { category: value });
  });

  feature.callbackQuery(ReportDraft.urgency.pattern, async (ctx) => {
    const { id, value } = ReportDraft.urgency.read(ctx.match);
    const draft = await draftAt(ctx, id, "urgency");
    if (!draft) return;
    if (isUrgent(value)) {
      const place = draft.report.municipalityId ?? ctx.user?.municipalityId;
      await log.say(ctx, await withLocalSupport(deps, ctx.t, ctx.t("report.emergency"), place), HTML);
    }
    await form.answered(ctx, draft.report, "urgency", { urgency: value });
  });

  feature.callbackQuery(ReportDraft.municipality.pattern, async (ctx) => {
    const { id, value } = ReportDraft.municipality.read(ctx.match);
    const draft = await draftAt(ctx, id, "municipality");
    if (!draft) return;
    const place = await findMunicipality(db, value);
    if (!place?.active) return form.show(ctx, draft.report, "municipality", ctx.t("errors.staleButton"));
    await form.answered(ctx, draft.report, "municipality", { municipalityId: place.id });
  });

  feature.callbackQuery(ReportDraft.affected.pattern, async (ctx) => {
    const { id, value } = ReportDraft.affected.read(ctx.match);
    const draft = await draftAt(ctx, id, "affected");
    if (!draft) return;
    const affected = toggleAffected(draft.report.affected, value);
    await saveDraft(db, id, { affected }, deps.now());
    const nav = asNext(ctx.t, form.nav(ctx, draft.report, "affected"));
    await ctx.editMessageReplyMarkup({ reply_markup: withNav(affectedChoices(ctx.t, id, affected), nav) });
  });

  feature.callbackQuery(ReportDraft.anonymous.pattern, async (ctx) => {
    const { id, value } = ReportDraft.anonymous.read(ctx.match);
    const draft = await draftAt(ctx, id, "anonymous");
    if (!draft) return;
    const anonymous = value === "y";
    const from = ctx.from;
    const name = [from.first_name, from.last_name].filter(Boolean).join(" ");
    // The name is stored apart from the report, and only when the reporter asks to be named.
    await setReporterIdentity(
      db,
      id,
      anonymous ? { name: null, username: null } : { name, username: from.username ?? null },
    );
    const changes = anonymityChanges(fieldsOfReport(draft.report), anonymous);
    const lead = anonymous ? ctx.t("report.anonymityWarning") : undefined;
    await form.answered(ctx, draft.report, "anonymous", changes, lead);
  });

  /** An anonymous reporter chose to share the exact point of the pin they sent (rounded until now). */
  feature.callbackQuery(ReportDraft.exactPin.pattern, async (ctx) => {
    const { id, latitude, longitude } = ReportDraft.exactPin.read(ctx.match);
    const draft = await draftAt(ctx, id, "place");
    if (!draft) return;
    const { report } = draft;
    // Only for the pin now stored: a button under an earlier pin must not bring that one back.
    const current =
      isCoordinatePair(latitude, longitude) &&
      report.latitude === roundCoordinate(latitude) &&
      report.longitude === roundCoordinate(longitude);
    if (!current) return form.show(ctx, report, "place", ctx.t("errors.staleButton"));
    const changes = pinChanges(latitude, longitude, true);
    await form.answered(ctx, report, "place", changes, ctx.t("report.pinExactKept"));
  });

  feature.callbackQuery(ReportDraft.removeVoice.pattern, async (ctx) => {
    const draft = await draftAt(ctx, ReportDraft.removeVoice.read(ctx.match).id, "details");
    if (!draft) return;
    const saved = await saveDraft(db, draft.report.id, { voiceFileId: null }, deps.now());
    if (!saved) return log.say(ctx, ctx.t("report.alreadySent"));
    await form.show(ctx, saved, "details", ctx.t("report.voiceRemoved"));
  });

  feature.callbackQuery(ReportDraft.contact.pattern, async (ctx) => {
    const { id, value } = ReportDraft.contact.read(ctx.match);
    const draft = await draftAt(ctx, id, "contact");
    if (draft) await form.answered(ctx, draft.report, "contact", { mayContact: value === "y" });
  });

  feature.callbackQuery(ReportDraft.next.pattern, async (ctx) => {
    const { id, step } = ReportDraft.next.read(ctx.match);
    const draft = await draftAt(ctx, id, step);
    if (draft && REPORT_FORM.isStep(step))
      await form.skip(ctx, draft.report, step, "report.errors.nothingYet");
  });

  feature.callbackQuery(ReportDraft.back.pattern, async (ctx) => {
    const { id, step } = ReportDraft.back.read(ctx.match);
    const draft = await draftAt(ctx, id, step);
    if (draft && REPORT_FORM.isPosition(step)) await form.back(ctx, draft.report, step);
  });

  feature.callbackQuery(ReportDraft.cancel.pattern, async (ctx) => {
    const draft = await draftAt(ctx, ReportDraft.cancel.read(ctx.match).id);
    if (!draft) return;
    await discardDraft(db, draft.report.id);
    await log.say(ctx, ctx.t("report.cancelled"), { reply_markup: clearChatKeyboard(ctx.t) });
  });

  feature.callbackQuery(ReportDraft.send.pattern, async (ctx) => {
    const draft = await draftAt(ctx, ReportDraft.send.read(ctx.match).id, "summary");
    if (!draft) return;
    const missing = firstMissingStep(fieldsOfReport(draft.report));
    if (missing) return form.advance(ctx, draft.report, {}, missing);
    const user = await requireRegistered(ctx);
    if (!user) return;
    // Checked again here: a draft opened before the cap or a block must not pass it.
    const refusal = await submissionRefusal(deps, user, "report");
    if (refusal) {
      // A blocked account's report goes nowhere; a capped one waits as a draft for its time.
      if (refusal.reason === "blocked") await discardDraft(db, draft.report.id);
      const emergency = draft.report.urgent ? `\n\n${ctx.t("report.capEmergency")}` : "";
      return log.say(ctx, `${refusalText(ctx.t, "report", refusal)}${emergency}`, HTML);
    }
    const now = deps.now();
    const sent = await submitDraft(db, draft.report.id, reportYear(now), now);
    if (!sent) return log.say(ctx, ctx.t("report.alreadySent"));
    await routeNewReport(deps, sent, now);
    deps.onEnqueued?.();
    // Never with the reporter's id: the log must not tie a person to a report.
    deps.logger.info("report sent", {
      reportId: sent.id,
      municipalityId: sent.municipalityId,
      urgent: sent.urgent,
    });
    await log.say(ctx, ctx.t("report.sent", { reference: referenceOfReport(sent) }), {
      ...HTML,
      reply_markup: clearChatKeyboard(ctx.t),
    });
  });

  return feature;
}
