import { Composer } from "grammy";
import { clearRoundPrompt, findRoundPrompt } from "../../db/repo/round-prompts.js";
import { isStaff } from "../../domain/roles.js";
import { isRoundTextStep } from "../../domain/round-draft.js";
import { callbackFeature } from "../callback-data.js";
import type { BotContext, BotDeps } from "../context.js";
import { isCommand } from "../conversations/wait.js";
import { RND } from "../rounds/draft-screens.js";
import type { RoundDrafts } from "./round-drafts.js";

type Answer = (
  ctx: BotContext,
  prompt: NonNullable<Awaited<ReturnType<typeof findRoundPrompt>>>,
) => Promise<unknown>;

/**
 * Private chat: a staff member's next message answers the round question they were asked.
 * Commands and other features' buttons leave the question; the draft stays. The question is looked
 * up for everyone, not only for staff: someone whose role was revoked since it was asked is no
 * longer staff, and the answer handlers tell them so instead of letting the text fall through.
 */
export function roundRouter(deps: BotDeps, drafts: Pick<RoundDrafts, "answer">, panel: { answer: Answer }) {
  const feature = new Composer<BotContext>();
  const { db } = deps.database;
  const staffOnly = feature.filter((ctx) => isStaff(ctx.roles));

  staffOnly.on("callback_query:data", async (ctx, next) => {
    if (callbackFeature(ctx.callbackQuery.data) !== RND) await clearRoundPrompt(db, ctx.from.id);
    return next();
  });

  feature.on("message", async (ctx, next) => {
    if (isCommand(ctx)) {
      if (isStaff(ctx.roles)) await clearRoundPrompt(db, ctx.from.id);
      return next();
    }
    const prompt = await findRoundPrompt(db, ctx.from.id);
    if (!prompt) return next();
    return isRoundTextStep(prompt.kind) ? drafts.answer(ctx, prompt) : panel.answer(ctx, prompt);
  });

  return feature;
}
