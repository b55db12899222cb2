import { Composer } from "grammy";
import type { ReportPrompt } from "../../db/repo/report-prompts.js";
import { clearReportPromptStatement, findReportPrompt } from "../../db/repo/report-prompts.js";
import { closeFlowStatement, findFlow } from "../../db/repo/reports.js";
import { callbackFeature } from "../callback-data.js";
import type { BotContext, BotDeps } from "../context.js";
import { isCommand } from "../conversations/wait.js";
import { REPORT_FORM } from "../keyboards/report-form.js";
import type { ReportChatLog } from "../reports/chat-log.js";
import { type ReportForm, reportAnswerOf } from "../reports/form.js";

export interface PromptHandlers {
  /** The reporter's answer to a question. */
  reporter: (ctx: BotContext, prompt: ReportPrompt) => Promise<unknown>;
  /** An officer's comment or question. */
  officer: (ctx: BotContext, prompt: ReportPrompt) => Promise<unknown>;
}

/**
 * Private chat: a person's next message is the text they were asked for (a comment, a question,
 * an answer), or answers the step of their report draft. Commands and other features' buttons
 * leave both, as the convention of src/bot/conversations/wait.ts has it: the draft stays, and
 * /report continues it.
 */
export function reportRouter(deps: BotDeps, form: ReportForm, log: ReportChatLog, prompts: PromptHandlers) {
  const feature = new Composer<BotContext>();
  const { database } = deps;
  const { db } = database;

  async function leave(ctx: BotContext) {
    if (!ctx.user) return;
    const userId = ctx.from!.id;
    await database.batch([closeFlowStatement(db, userId), clearReportPromptStatement(db, userId)]);
  }

  feature.on("callback_query:data", async (ctx, next) => {
    if (callbackFeature(ctx.callbackQuery.data) !== REPORT_FORM) await leave(ctx);
    return next();
  });

  feature.on("message", async (ctx, next) => {
    if (isCommand(ctx)) {
      await leave(ctx);
      return next();
    }
    if (!ctx.user) return next();
    const prompt = await findReportPrompt(db, ctx.from.id);
    if (prompt)
      return prompt.kind === "answer" ? prompts.reporter(ctx, prompt) : prompts.officer(ctx, prompt);
    const flow = await findFlow(db, ctx.from.id);
    const report = flow?.listening ? await form.draftOf(flow) : undefined;
    if (!flow || !report) return next();
    await log.noteIncoming(ctx);
    await form.answer(ctx, flow, report, reportAnswerOf(ctx.message));
  });

  return feature;
}
