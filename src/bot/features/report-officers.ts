import { GrammyError } from "grammy";
import { type Awaiting, clearAwaiting, setAwaiting } from "../../db/repo/awaiting.js";
import { findMunicipality } from "../../db/repo/municipalities.js";
import { recordReportCard } from "../../db/repo/report-cards.js";
import { listReportsForStaff } from "../../db/repo/report-lists.js";
import { findReport, type Report, referenceOfReport, reporterOf } from "../../db/repo/reports.js";
import { isHidden, type ModeratorAction, NOTE_MAX, type OfficerAction } from "../../domain/report-status.js";
import { canModerate } from "../../domain/roles.js";
import { cleanText } from "../../domain/text.js";
import { changeReportStatus, mayActOn, reportScope, sendReportNote } from "../../staff/report-actions.js";
import { officerCard, reportListLine } from "../../staff/report-card.js";
import { Menu, Officer } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { AwaitHandler, BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import {
  commentKeyboard,
  type ListPage,
  reportActionsKeyboard,
  reportListKeyboard,
} from "../keyboards/report-officer.js";
import { withWorkspace } from "../keyboards/workspace.js";
import { reportActions } from "../reports/notices.js";
import { refuse } from "./guards.js";

const PAGE_SIZE = 10;

const mayAct = mayActOn;

/**
 * Officers and moderators on reports: status buttons, comments and questions for the reporter,
 * spam and abuse, and /reports. The buttons work in private chat and in an officers' group; the
 * presser's rights are checked on every press, since callback data can be forged.
 */
export function reportOfficersFeature(deps: BotDeps) {
  const callbacks = new FeatureComposer<BotContext>();
  const commands = new FeatureComposer<BotContext>();
  const { db } = deps.database;
  const actions = reportActions(deps);

  /** A sent, visible report the presser may see; refused (and undefined) otherwise. */
  async function reportFor(ctx: BotContext, id: number, allowed: (report: Report) => boolean) {
    const report = await findReport(db, id);
    if (!report || report.status === "draft") {
      await refuse(ctx, ctx.t("errors.staleButton"));
      return undefined;
    }
    if (!allowed(report)) {
      deps.logger.warn("report action refused", { reportId: id, action: ctx.callbackQuery?.data });
      await refuse(ctx, ctx.t("errors.notAllowed"));
      return undefined;
    }
    if (isHidden(report.status)) {
      await refuse(ctx, ctx.t("officer.notPossible", { status: ctx.t(`report.status.${report.status}`) }));
      return undefined;
    }
    return report;
  }

  async function change(
    ctx: BotContext,
    report: Report,
    action: OfficerAction | ModeratorAction,
    moderating: boolean,
  ) {
    const card = ctx.callbackQuery?.message;
    const result = await changeReportStatus(actions, {
      report,
      action,
      roles: ctx.roles,
      actorId: ctx.from!.id,
      moderating,
      ...(card
        ? {
            pressed: {
              chatId: card.chat.id,
              messageId: card.message_id,
              locale: ctx.locale,
              // Should the card be unknown (sent before copies were recorded): as the list's card.
              rights:
                card.chat.type === "private"
                  ? { act: mayAct(ctx.roles, report), moderate: canModerate(ctx.roles) }
                  : { act: true, moderate: false },
            },
          }
        : {}),
    });
    if (!result.ok)
      return refuse(ctx, ctx.t("officer.notPossible", { status: ctx.t(`report.status.${result.status}`) }));
    const { to } = result;
    deps.logger.info("report status changed", { reportId: report.id, to });
    const status = ctx.t(`report.status.${to}`);
    const reference = referenceOfReport(report);
    await ctx.answerCallbackQuery({ text: ctx.t("officer.toast", { status }) });
    if (moderating) return ctx.reply(ctx.t("officer.hidden", { reference, status }), HTML);
    // The pressed card shows the new status at once; its other copies are edited by the outbox.
    if (result.card)
      await ctx
        .editMessageText(result.card.text, { ...HTML, reply_markup: result.card.buttons })
        .catch((error: unknown) => {
          if (!(error instanceof GrammyError)) throw error;
          deps.logger.info("report card not edited in place", {
            reportId: report.id,
            error: error.description,
          });
        });
    await ctx.reply(ctx.t("officer.done", { reference, status }), {
      ...HTML,
      reply_markup: commentKeyboard(ctx.t, report.id),
    });
  }

  callbacks.callbackQuery(Officer.act.pattern, async (ctx) => {
    const { report: id, action } = Officer.act.read(ctx.match);
    const report = await reportFor(ctx, id, (r) => mayAct(ctx.roles, r));
    if (report) await change(ctx, report, action, false);
  });

  callbacks.callbackQuery(Officer.moderate.pattern, async (ctx) => {
    const { report: id, action } = Officer.moderate.read(ctx.match);
    const report = await reportFor(ctx, id, () => canModerate(ctx.roles));
    if (report) await change(ctx, report, action, true);
  });

  /**
   * The officer's next private message becomes the comment or question. Asked in private even for
   * a press in the group, so that what they write is not taken from the group's chatter.
   */
  async function prompt(ctx: BotContext, report: Report, kind: "comment" | "question") {
    const userId = ctx.from!.id;
    if (!ctx.user) return refuse(ctx, ctx.t("errors.startFirst"));
    // Replaces whatever else was waiting for their next message (a form, a round question).
    await setAwaiting(db, userId, { kind: `report.${kind}`, subjectId: report.id }, deps.now());
    const text = ctx.t(kind === "comment" ? "officer.commentPrompt" : "officer.questionPrompt", {
      reference: referenceOfReport(report),
    });
    if (ctx.chat?.type === "private") {
      await ctx.answerCallbackQuery();
      return ctx.reply(text, HTML);
    }
    try {
      await ctx.api.sendMessage(userId, text, HTML);
      await ctx.answerCallbackQuery({ text: ctx.t("officer.promptInPrivate") });
    } catch (error) {
      if (!(error instanceof GrammyError)) throw error;
      await clearAwaiting(db, userId, `report.${kind}`);
      await ctx.answerCallbackQuery({ text: ctx.t("officer.openPrivate"), show_alert: true });
    }
  }

  callbacks.callbackQuery(Officer.comment.pattern, async (ctx) => {
    const report = await reportFor(ctx, Officer.comment.read(ctx.match).report, (r) => mayAct(ctx.roles, r));
    if (report) await prompt(ctx, report, "comment");
  });

  callbacks.callbackQuery(Officer.ask.pattern, async (ctx) => {
    const report = await reportFor(ctx, Officer.ask.read(ctx.match).report, (r) => mayAct(ctx.roles, r));
    if (!report) return;
    if (!report.mayContact) return refuse(ctx, ctx.t("officer.noContact"));
    await prompt(ctx, report, "question");
  });

  /** The comment or question the officer was asked to write, relayed to the reporter without a name. */
  async function answerPrompt(ctx: BotContext, pending: Awaiting) {
    const text = cleanText(ctx.message?.text ?? "");
    if (!text) return ctx.reply(ctx.t("report.errors.writeText"));
    if (text.length > NOTE_MAX)
      return ctx.reply(ctx.t("report.errors.tooLong", { max: NOTE_MAX, length: text.length }));
    await clearAwaiting(db, ctx.from!.id, pending.kind);
    const report = await findReport(db, pending.subjectId);
    if (!report) return ctx.reply(ctx.t("errors.staleButton"));
    const question = pending.kind === "report.question";
    const result = await sendReportNote(actions, {
      report,
      kind: question ? "question" : "comment",
      text,
      roles: ctx.roles,
      actorId: ctx.from!.id,
    });
    if (!result.ok)
      return ctx.reply(ctx.t(result.reason === "noContact" ? "officer.noContact" : "errors.staleButton"));
    await ctx.reply(ctx.t(question ? "officer.questionSent" : "officer.commentSent"));
  }

  callbacks.callbackQuery(Officer.open.pattern, async (ctx) => {
    const report = await reportFor(
      ctx,
      Officer.open.read(ctx.match).report,
      (r) => mayAct(ctx.roles, r) || canModerate(ctx.roles),
    );
    if (!report) return;
    await ctx.answerCallbackQuery();
    const municipality = report.municipalityId
      ? await findMunicipality(db, report.municipalityId)
      : undefined;
    const named = report.anonymous ? undefined : await reporterOf(db, report.id);
    const reporter = named ? { name: named.name, username: named.username } : undefined;
    const rights = { act: mayAct(ctx.roles, report), moderate: canModerate(ctx.roles) };
    const shown = await ctx.reply(officerCard({ report, municipality, reporter }, ctx.t, ctx.locale), {
      ...HTML,
      reply_markup: reportActionsKeyboard(ctx.t, report, rights),
    });
    // A copy like the delivered cards: a change made elsewhere edits it too.
    await recordReportCard(db, {
      card: { reportId: report.id, locale: ctx.locale, ...rights },
      chatId: shown.chat.id,
      messageId: shown.message_id,
      now: deps.now(),
    });
    const reference = referenceOfReport(report);
    if (report.voiceFileId)
      await ctx.replyWithVoice(report.voiceFileId, {
        caption: ctx.t("officer.card.voiceCaption", { reference }),
        ...HTML,
      });
    if (report.photoFileId)
      await ctx.replyWithPhoto(report.photoFileId, {
        caption: ctx.t("officer.card.photoCaption", { reference }),
        ...HTML,
      });
  });

  async function listReports(ctx: BotContext, page: ListPage) {
    const municipalityIds = reportScope(ctx.roles);
    if (municipalityIds === undefined) return refuse(ctx, ctx.t("errors.notAllowed"));
    const { rows, total } = await listReportsForStaff(db, {
      municipalityIds,
      status: page.status,
      category: page.category === "all" ? null : page.category,
      limit: PAGE_SIZE,
      offset: page.offset,
    });
    const filter = [
      page.status === "open" ? ctx.t("officer.list.open") : ctx.t(`report.status.${page.status}`),
      page.category === "all"
        ? ctx.t("officer.list.allCategories")
        : ctx.t(`report.categories.${page.category}`),
    ].join(" · ");
    const lines = rows.map((report) => reportListLine(report, ctx.t));
    const text = [
      ctx.t("officer.list.title", { filter }),
      ctx.t("officer.list.count", { count: total }),
      lines.length > 0 ? lines.join("\n") : ctx.t("officer.list.empty"),
    ].join("\n\n");
    const next = page.offset + PAGE_SIZE < total ? page.offset + PAGE_SIZE : undefined;
    const buttons = rows.map((r) => ({ id: r.id, label: `${r.urgent ? "🚨 " : ""}${referenceOfReport(r)}` }));
    const reply_markup = await withWorkspace(reportListKeyboard(ctx.t, buttons, page, next), ctx, deps);
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery();
      return ctx.editMessageText(text, { ...HTML, reply_markup });
    }
    return ctx.reply(text, { ...HTML, reply_markup });
  }

  commands.command("reports", (ctx) => listReports(ctx, { status: "open", category: "all", offset: 0 }));
  commands.callbackQuery(Menu.reports.pattern, (ctx) =>
    listReports(ctx, { status: "open", category: "all", offset: 0 }),
  );

  callbacks.callbackQuery(Officer.list.pattern, (ctx) => listReports(ctx, Officer.list.read(ctx.match)));

  const waits: AwaitHandler[] = [
    { kind: "report.comment", answer: answerPrompt },
    { kind: "report.question", answer: answerPrompt },
  ];
  return { callbacks, commands, waits };
}

export type ReportOfficersFeature = ReturnType<typeof reportOfficersFeature>;
