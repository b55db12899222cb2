import {
  discardDraft,
  discardDraftStatement,
  fieldsOfReport,
  referenceOfReport,
  routeReportStatements,
  setReporterIdentityStatement,
  submitDraftWrite,
} from "../../db/repo/reports.js";
import { reportTimesRead, timesOf } from "../../db/repo/submissions.js";
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
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { afterDeferredWrites, deferWrite } from "../deferred-writes.js";
import { withNav } from "../forms/stepped.js";
import { HTML } from "../html.js";
import { clearChatKeyboard } from "../keyboards/report-form.js";
import type { ReportChatLog } from "../reports/chat-log.js";
import { affectedChoices, asNext, type DraftStep, type ReportForm } from "../reports/form.js";
import { audienceOf, audienceReads, newReportMessagesFor } from "../reports/notices.js";
import { capWindowStart, refusalFrom, refusalText } from "../submission-gate.js";
import { withLocalSupport } from "../views/local-support.js";
import { requireRegistered } from "./guards.js";

/**
 * /report and its form: every button of the form, up to Send. The typed answers come through
 * the form's wait (bot/awaiting.ts).
 */
export function reportsFeature(deps: BotDeps, form: ReportForm, log: ReportChatLog) {
  const feature = new FeatureComposer<BotContext>();
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

  /**
   * The draft a form button belongs to, at the position it expects, with the step's other reads
   * (`form.draftStep`, read with the update's bookkeeping); undefined after a stale answer.
   */
  async function draftAt<E extends readonly unknown[]>(
    ctx: BotContext,
    step: DraftStep<E>,
    reportId: number,
    expected?: ReportPosition | string,
  ) {
    const [draft, ...rest] = await step(ctx);
    if (
      !draft ||
      draft.flow.reportId !== reportId ||
      (expected !== undefined && form.position(draft.flow) !== expected)
    ) {
      await ctx.answerCallbackQuery({ text: ctx.t("errors.staleButton") });
      return undefined;
    }
    await ctx.answerCallbackQuery();
    return { ...draft, extra: rest as unknown as E };
  }

  /**
   * What each button's step reads with the draft: `true`, the municipalities too, for a next
   * screen that likely names them (the municipality step, the summary); Send, the cap's count.
   */
  const steps = {
    category: form.draftStep(ReportDraft.category, false),
    urgency: form.draftStep(ReportDraft.urgency, true),
    municipality: form.draftStep(ReportDraft.municipality, true),
    affected: form.draftStep(ReportDraft.affected, false),
    anonymous: form.draftStep(ReportDraft.anonymous, false),
    exactPin: form.draftStep(ReportDraft.exactPin, false),
    removeVoice: form.draftStep(ReportDraft.removeVoice, false),
    contact: form.draftStep(ReportDraft.contact, true),
    next: form.draftStep(ReportDraft.next, true),
    back: form.draftStep(ReportDraft.back, true),
    cancel: form.draftStep(ReportDraft.cancel, false),
    send: form.draftStep(ReportDraft.send, false, ({ userId, now }) => [
      reportTimesRead(db, userId, capWindowStart({ now: () => now })),
    ]),
  };

  feature.callbackQuery(ReportDraft.category.pattern, async (ctx) => {
    const { id, value } = ReportDraft.category.read(ctx.match);
    const draft = await draftAt(ctx, steps.category, id, "category");
    if (draft) await form.answered(ctx, draft.report, "category", { category: value });
  });

  feature.callbackQuery(ReportDraft.urgency.pattern, async (ctx) => {
    const { id, value } = ReportDraft.urgency.read(ctx.match);
    const draft = await draftAt(ctx, steps.urgency, id, "urgency");
    if (!draft) return;
    if (isUrgent(value)) {
      // Someone in danger is shown the local contacts of the place the report likely has.
      const place = draft.report.municipalityId ?? ctx.user?.municipalityId;
      await log.say(ctx, await withLocalSupport(deps, ctx.t, ctx.t("report.emergency"), place), HTML);
    }
    await form.answered(ctx, draft.report, "urgency", { urgency: value });
  });

  feature.callbackQuery(ReportDraft.municipality.pattern, async (ctx) => {
    const { id, value } = ReportDraft.municipality.read(ctx.match);
    const draft = await draftAt(ctx, steps.municipality, id, "municipality");
    if (!draft) return;
    const place = await form.placeOf(ctx, value);
    if (!place?.active) return form.show(ctx, draft.report, "municipality", ctx.t("errors.staleButton"));
    await form.answered(ctx, draft.report, "municipality", { municipalityId: place.id });
  });

  feature.callbackQuery(ReportDraft.affected.pattern, async (ctx) => {
    const { id, value } = ReportDraft.affected.read(ctx.match);
    const draft = await draftAt(ctx, steps.affected, id, "affected");
    if (!draft) return;
    const affected = toggleAffected(draft.report.affected, value);
    form.save(ctx, draft.report, { affected });
    const nav = asNext(ctx.t, form.nav(ctx, draft.report, "affected"));
    await ctx.editMessageReplyMarkup({ reply_markup: withNav(affectedChoices(ctx.t, id, affected), nav) });
  });

  feature.callbackQuery(ReportDraft.anonymous.pattern, async (ctx) => {
    const { id, value } = ReportDraft.anonymous.read(ctx.match);
    const draft = await draftAt(ctx, steps.anonymous, id, "anonymous");
    if (!draft) return;
    const anonymous = value === "y";
    const from = ctx.from;
    const name = [from.first_name, from.last_name].filter(Boolean).join(" ");
    // The name is stored apart from the report, and only when the reporter asks to be named.
    const identity = anonymous ? { name: null, username: null } : { name, username: from.username ?? null };
    deferWrite(ctx, () => setReporterIdentityStatement(db, id, identity));
    const changes = anonymityChanges(fieldsOfReport(draft.report), anonymous);
    const lead = anonymous ? ctx.t("report.anonymityWarning") : undefined;
    await form.answered(ctx, draft.report, "anonymous", changes, lead);
  });

  /** An anonymous reporter chose to share the exact point of the pin they sent (rounded until now). */
  feature.callbackQuery(ReportDraft.exactPin.pattern, async (ctx) => {
    const { id, latitude, longitude } = ReportDraft.exactPin.read(ctx.match);
    const draft = await draftAt(ctx, steps.exactPin, id, "place");
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
    const draft = await draftAt(
      ctx,
      steps.removeVoice,
      ReportDraft.removeVoice.read(ctx.match).id,
      "details",
    );
    if (!draft) return;
    const saved = form.save(ctx, draft.report, { voiceFileId: null });
    await form.show(ctx, saved, "details", ctx.t("report.voiceRemoved"));
  });

  feature.callbackQuery(ReportDraft.contact.pattern, async (ctx) => {
    const { id, value } = ReportDraft.contact.read(ctx.match);
    const draft = await draftAt(ctx, steps.contact, id, "contact");
    if (draft) await form.answered(ctx, draft.report, "contact", { mayContact: value === "y" });
  });

  feature.callbackQuery(ReportDraft.next.pattern, async (ctx) => {
    const { id, step } = ReportDraft.next.read(ctx.match);
    const draft = await draftAt(ctx, steps.next, id, step);
    if (draft && REPORT_FORM.isStep(step))
      await form.skip(ctx, draft.report, step, "report.errors.nothingYet");
  });

  feature.callbackQuery(ReportDraft.back.pattern, async (ctx) => {
    const { id, step } = ReportDraft.back.read(ctx.match);
    const draft = await draftAt(ctx, steps.back, id, step);
    if (draft && REPORT_FORM.isPosition(step)) await form.back(ctx, draft.report, step);
  });

  feature.callbackQuery(ReportDraft.cancel.pattern, async (ctx) => {
    const draft = await draftAt(ctx, steps.cancel, ReportDraft.cancel.read(ctx.match).id);
    if (!draft) return;
    deferWrite(ctx, () => discardDraftStatement(db, draft.report.id));
    await log.say(ctx, ctx.t("report.cancelled"), { reply_markup: clearChatKeyboard(ctx.t) });
  });

  /**
   * Sending: the draft with the cap's count (read with the update's bookkeeping), then the sending
   * with who is told and what their card shows, in one round trip; the officers' notices, the first
   * event and the draft's flow closed go at the update's end with the chat log's ids. A crash
   * before that end leaves the report sent and unrouted, which the escalation job routes.
   */
  feature.callbackQuery(ReportDraft.send.pattern, async (ctx) => {
    const id = ReportDraft.send.read(ctx.match).id;
    const draft = await draftAt(ctx, steps.send, id, "summary");
    if (!draft) return;
    const missing = firstMissingStep(fieldsOfReport(draft.report));
    if (missing) return form.advance(ctx, draft.report, {}, missing);
    const user = await requireRegistered(ctx);
    if (!user) return;
    // Checked again here: a draft opened before the cap or a block must not pass it.
    const refusal = refusalFrom(deps, user, "report", timesOf(draft.extra[0]));
    if (refusal) {
      // A blocked account's report goes nowhere; a capped one waits as a draft for its time.
      if (refusal.reason === "blocked") await discardDraft(db, draft.report.id);
      const emergency = draft.report.urgent ? `\n\n${ctx.t("report.capEmergency")}` : "";
      return log.say(ctx, `${refusalText(ctx.t, "report", refusal)}${emergency}`, HTML);
    }
    const now = deps.now();
    const [submitted, ...audience] = await database.write([
      submitDraftWrite(db, draft.report.id, reportYear(now), now),
      ...audienceReads(deps, draft.report),
    ]);
    const sent = submitted[0];
    if (!sent) return log.say(ctx, ctx.t("report.alreadySent"));
    const messages = newReportMessagesFor(deps, sent, audienceOf(audience));
    deferWrite(ctx, () => routeReportStatements(db, sent, messages, now));
    afterDeferredWrites(ctx, () => deps.onEnqueued?.());
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
