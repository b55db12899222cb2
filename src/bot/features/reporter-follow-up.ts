import type { Db } from "../../db/database.js";
import { type Awaiting, clearAwaiting, setAwaiting } from "../../db/repo/awaiting.js";
import { addReportNote, findReportEvent, transitionReport } from "../../db/repo/report-history.js";
import { listReportsOfReporter } from "../../db/repo/report-lists.js";
import { findReport, isReporterOf, type Report, referenceOfReport } from "../../db/repo/reports.js";
import { isHidden, NOTE_MAX, nextReportStatus } from "../../domain/report-status.js";
import { cleanText } from "../../domain/text.js";
import type { Translate } from "../../i18n/index.js";
import { formatKgDateTime } from "../../staff/report-card.js";
import { Menu, Reporter } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { AwaitHandler, BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import type { ReportChatLog } from "../reports/chat-log.js";
import { answerReaders, answerToOfficerMessage, reopenedMessages } from "../reports/notices.js";
import { refuse, requireRegistered } from "./guards.js";

/**
 * A person's reports, newest first, one line each; undefined when they sent none. Exported so
 * that a combined "my activity" screen can include it.
 */
export async function renderReporterReports(
  db: Db,
  userId: number,
  t: Translate,
): Promise<string | undefined> {
  const rows = await listReportsOfReporter(db, userId);
  if (rows.length === 0) return undefined;
  const lines = rows.map((report) =>
    t("report.my.line", {
      reference: referenceOfReport(report),
      category: report.category ? t(`report.categories.${report.category}`) : "",
      // Whoever reported spam is not told that it was judged so.
      status: isHidden(report.status) ? t("report.my.closed") : t(`report.status.${report.status}`),
      date: report.submittedAt ? formatKgDateTime(report.submittedAt).slice(0, 10) : "",
    }),
  );
  return [t("report.my.title"), ...lines].join("\n");
}

/**
 * The reporter after sending: /myreports, /clear, answering an officer's question, and saying
 * whether a resolved report is resolved for them.
 */
export function reporterFollowUpFeature(deps: BotDeps, log: ReportChatLog) {
  const feature = new FeatureComposer<BotContext>();
  const { database } = deps;
  const { db } = database;

  const myReports = async (ctx: BotContext) => {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    if (!(await requireRegistered(ctx))) return;
    await log.noteIncoming(ctx);
    const list = await renderReporterReports(db, ctx.from!.id, ctx.t);
    await log.say(ctx, list ?? ctx.t("report.my.empty"), HTML);
  };
  feature.command("myreports", myReports);
  feature.callbackQuery(Menu.myReports.pattern, myReports);

  const clear = async (ctx: BotContext) => {
    await log.noteIncoming(ctx);
    const deleted = await log.clear(ctx);
    if (ctx.callbackQuery)
      await ctx.answerCallbackQuery({
        text: ctx.t(deleted > 0 ? "report.cleared" : "report.nothingToClear"),
      });
    // After a /clear an answer would be the one thing left to read: it stays quiet when it worked.
    else if (deleted <= 1) await ctx.reply(ctx.t("report.nothingToClear"));
  };
  feature.command("clear", clear);
  feature.callbackQuery(Reporter.clear.pattern, clear);

  /** A report the presser sent, or a stale-button answer. */
  async function ownReport(ctx: BotContext, reportId: number): Promise<Report | undefined> {
    const report = (await isReporterOf(db, reportId, ctx.from!.id))
      ? await findReport(db, reportId)
      : undefined;
    if (!report || isHidden(report.status)) {
      await refuse(ctx, ctx.t("errors.staleButton"));
      return undefined;
    }
    return report;
  }

  feature.callbackQuery(Reporter.answer.pattern, async (ctx) => {
    const asked = Reporter.answer.read(ctx.match);
    const report = await ownReport(ctx, asked.report);
    if (!report) return;
    const question = await findReportEvent(db, asked.question);
    if (!question || question.reportId !== report.id || question.action !== "question" || !report.mayContact)
      return refuse(ctx, ctx.t("errors.staleButton"));
    await ctx.answerCallbackQuery();
    const wait = { kind: "report.answer", subjectId: report.id, detailId: question.id } as const;
    await setAwaiting(db, ctx.from.id, wait, deps.now());
    await log.say(ctx, ctx.t("report.answerPrompt", { reference: referenceOfReport(report) }), HTML);
  });

  /** The reporter's answer to an officer's question, relayed to that officer without a name. */
  async function answerPrompt(ctx: BotContext, prompt: Awaiting) {
    await log.noteIncoming(ctx);
    const text = cleanText(ctx.message?.text ?? "");
    if (!text) return log.say(ctx, ctx.t("report.errors.writeText"));
    if (text.length > NOTE_MAX)
      return log.say(ctx, ctx.t("report.errors.tooLong", { max: NOTE_MAX, length: text.length }));
    const report = await findReport(db, prompt.subjectId);
    const question = prompt.detailId ? await findReportEvent(db, prompt.detailId) : undefined;
    await clearAwaiting(db, ctx.from!.id, "report.answer");
    if (!report || isHidden(report.status) || !question?.actorId)
      return log.say(ctx, ctx.t("errors.staleButton"));
    // Checked now, not when asked: the asker's role may have been revoked since.
    const readers = await answerReaders(deps, report, question.actorId);
    await addReportNote(database, {
      report,
      action: "answer",
      actor: { kind: "reporter", id: null },
      comment: text,
      now: deps.now(),
      notices: (eventId) =>
        readers.map((reader) => answerToOfficerMessage(reader, report, { text, eventId })),
    });
    deps.onEnqueued?.();
    await log.say(ctx, ctx.t("report.answerSent"));
  }

  feature.callbackQuery(Reporter.resolved.pattern, async (ctx) => {
    const report = await ownReport(ctx, Reporter.resolved.read(ctx.match).report);
    if (!report) return;
    await ctx.answerCallbackQuery();
    if (report.status !== "resolved") return log.say(ctx, ctx.t("errors.staleButton"));
    await addReportNote(database, {
      report,
      action: "confirm",
      actor: { kind: "reporter", id: null },
      comment: null,
      now: deps.now(),
    });
    await ctx.editMessageReplyMarkup();
    await log.say(ctx, ctx.t("report.confirmThanks"));
  });

  feature.callbackQuery(Reporter.unresolved.pattern, async (ctx) => {
    const report = await ownReport(ctx, Reporter.unresolved.read(ctx.match).report);
    if (!report) return;
    await ctx.answerCallbackQuery();
    const to = nextReportStatus(report.status, "reopen");
    if (!to) return log.say(ctx, ctx.t("errors.staleButton"));
    const reopened = { ...report, status: to, version: report.version + 1 };
    const notices = await reopenedMessages(deps, reopened);
    const result = await transitionReport(database, {
      report,
      action: "reopen",
      to,
      actor: { kind: "reporter", id: null },
      now: deps.now(),
      notices: () => notices,
    });
    if (!result.ok) return log.say(ctx, ctx.t("errors.staleButton"));
    deps.onEnqueued?.();
    await ctx.editMessageReplyMarkup();
    await log.say(ctx, ctx.t("report.reopened"));
  });

  const waits: AwaitHandler = { kind: "report.answer", answer: answerPrompt };
  return { feature, waits };
}

export type ReporterFollowUpFeature = ReturnType<typeof reporterFollowUpFeature>;
