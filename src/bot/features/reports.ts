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
  isAffectedGroup,
  isCategory,
  isCoordinatePair,
  isReportPosition,
  isReportStep,
  isUrgency,
  isUrgent,
  nextPosition,
  pinChanges,
  type ReportPosition,
  roundCoordinate,
  toggleAffected,
} from "../../domain/report-form.js";
import { reportYear } from "../../domain/report-status.js";
import { callbackPattern } from "../callback-data.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { affectedChoices, clearChatKeyboard, REPORT_FORM, withNav } from "../keyboards/report-form.js";
import type { ReportChatLog } from "../reports/chat-log.js";
import type { ReportForm } from "../reports/form.js";
import { routeNewReport } from "../reports/notices.js";
import { refusalText, submissionRefusal } from "../submission-gate.js";
import { withLocalSupport } from "../views/local-support.js";
import { requireRegistered } from "./guards.js";

const ID = "\\d+";
const COORDINATE = "-?\\d{1,3}\\.\\d{1,6}";

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
  feature.callbackQuery(callbackPattern("menu", "report"), start);

  /** The draft a form button belongs to, at the position it expects; undefined after a stale answer. */
  async function draftAt(ctx: BotContext, reportId: number, expected?: ReportPosition) {
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

  feature.callbackQuery(callbackPattern(REPORT_FORM, "cat", ID, "\\w+"), async (ctx) => {
    const draft = await draftAt(ctx, Number(ctx.match[1]), "category");
    const category = ctx.match[2]!;
    if (!draft || !isCategory(category)) return;
    await form.advance(ctx, draft.report, { category }, nextPosition("category"));
  });

  feature.callbackQuery(callbackPattern(REPORT_FORM, "urg", ID, "\\w+"), async (ctx) => {
    const draft = await draftAt(ctx, Number(ctx.match[1]), "urgency");
    const urgency = ctx.match[2]!;
    if (!draft || !isUrgency(urgency)) return;
    if (isUrgent(urgency)) {
      const place = draft.report.municipalityId ?? ctx.user?.municipalityId;
      await log.say(ctx, await withLocalSupport(deps, ctx.t, ctx.t("report.emergency"), place), HTML);
    }
    await form.advance(ctx, draft.report, { urgency, urgent: isUrgent(urgency) }, nextPosition("urgency"));
  });

  feature.callbackQuery(callbackPattern(REPORT_FORM, "mun", ID, ID), async (ctx) => {
    const draft = await draftAt(ctx, Number(ctx.match[1]), "municipality");
    if (!draft) return;
    const place = await findMunicipality(db, Number(ctx.match[2]));
    if (!place?.active) return form.showStep(ctx, draft.report, "municipality", ctx.t("errors.staleButton"));
    await form.advance(ctx, draft.report, { municipalityId: place.id }, nextPosition("municipality"));
  });

  feature.callbackQuery(callbackPattern(REPORT_FORM, "aff", ID, "\\w+"), async (ctx) => {
    const draft = await draftAt(ctx, Number(ctx.match[1]), "affected");
    const group = ctx.match[2]!;
    if (!draft || !isAffectedGroup(group)) return;
    const affected = toggleAffected(draft.report.affected, group);
    await saveDraft(db, draft.report.id, { affected }, deps.now());
    const keyboard = withNav(
      affectedChoices(ctx.t, draft.report.id, affected),
      ctx.t,
      draft.report.id,
      "affected",
      {
        back: true,
        forward: "next",
      },
    );
    await ctx.editMessageReplyMarkup({ reply_markup: keyboard });
  });

  feature.callbackQuery(callbackPattern(REPORT_FORM, "anon", ID, "y|n"), async (ctx) => {
    const draft = await draftAt(ctx, Number(ctx.match[1]), "anonymous");
    if (!draft) return;
    const anonymous = ctx.match[2] === "y";
    const from = ctx.from;
    const name = [from.first_name, from.last_name].filter(Boolean).join(" ");
    // The name is stored apart from the report, and only when the reporter asks to be named.
    await setReporterIdentity(
      db,
      draft.report.id,
      anonymous ? { name: null, username: null } : { name, username: from.username ?? null },
    );
    const changes = anonymityChanges(fieldsOfReport(draft.report), anonymous);
    const lead = anonymous ? ctx.t("report.anonymityWarning") : undefined;
    await form.advance(ctx, draft.report, changes, nextPosition("anonymous"), lead);
  });

  /** An anonymous reporter chose to share the exact point of the pin they sent (rounded until now). */
  feature.callbackQuery(callbackPattern(REPORT_FORM, "exact", ID, COORDINATE, COORDINATE), async (ctx) => {
    const draft = await draftAt(ctx, Number(ctx.match[1]), "place");
    if (!draft) return;
    const [latitude, longitude] = [Number(ctx.match[2]), Number(ctx.match[3])];
    const { report } = draft;
    // Only for the pin now stored: a button under an earlier pin must not bring that one back.
    const current =
      isCoordinatePair(latitude, longitude) &&
      report.latitude === roundCoordinate(latitude) &&
      report.longitude === roundCoordinate(longitude);
    if (!current) return form.showStep(ctx, report, "place", ctx.t("errors.staleButton"));
    const changes = pinChanges(latitude, longitude, true);
    await form.advance(ctx, report, changes, nextPosition("place"), ctx.t("report.pinExactKept"));
  });

  feature.callbackQuery(callbackPattern(REPORT_FORM, "novoice", ID), async (ctx) => {
    const draft = await draftAt(ctx, Number(ctx.match[1]), "details");
    if (!draft) return;
    const saved = await saveDraft(db, draft.report.id, { voiceFileId: null }, deps.now());
    if (!saved) return log.say(ctx, ctx.t("report.alreadySent"));
    await form.showStep(ctx, saved, "details", ctx.t("report.voiceRemoved"));
  });

  feature.callbackQuery(callbackPattern(REPORT_FORM, "cont", ID, "y|n"), async (ctx) => {
    const draft = await draftAt(ctx, Number(ctx.match[1]), "contact");
    if (!draft) return;
    await form.advance(ctx, draft.report, { mayContact: ctx.match[2] === "y" }, nextPosition("contact"));
  });

  feature.callbackQuery(callbackPattern(REPORT_FORM, "next", ID, "\\w+"), async (ctx) => {
    const step = ctx.match[2]!;
    const draft = await draftAt(ctx, Number(ctx.match[1]), isReportStep(step) ? step : undefined);
    if (!draft || !isReportStep(step)) return;
    await form.forward(ctx, draft.report, step);
  });

  feature.callbackQuery(callbackPattern(REPORT_FORM, "back", ID, "\\w+"), async (ctx) => {
    const at = ctx.match[2]!;
    const draft = await draftAt(ctx, Number(ctx.match[1]), isReportPosition(at) ? at : undefined);
    if (!draft || !isReportPosition(at)) return;
    await form.back(ctx, draft.report, at);
  });

  feature.callbackQuery(callbackPattern(REPORT_FORM, "cancel", ID), async (ctx) => {
    const draft = await draftAt(ctx, Number(ctx.match[1]));
    if (!draft) return;
    await discardDraft(db, draft.report.id);
    await log.say(ctx, ctx.t("report.cancelled"), { reply_markup: clearChatKeyboard(ctx.t) });
  });

  feature.callbackQuery(callbackPattern(REPORT_FORM, "send", ID), async (ctx) => {
    const draft = await draftAt(ctx, Number(ctx.match[1]), "summary");
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
