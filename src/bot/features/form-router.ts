import { Composer } from "grammy";
import { closeForms, findOpenForm } from "../../db/repo/initiatives.js";
import { clearModerationPrompt, findModerationPrompt } from "../../db/repo/moderation-prompts.js";
import { canModerate } from "../../domain/roles.js";
import { callbackFeature } from "../callback-data.js";
import type { BotContext, BotDeps } from "../context.js";
import { isCommand } from "../conversations/wait.js";
import { answerOf } from "../initiatives/answer-of.js";
import type { InitiativeForm } from "../initiatives/form.js";
import { FORM } from "../keyboards/initiative-form.js";
import type { ModerationFeature } from "./moderation.js";

/**
 * Private chat: a person's next message answers their open form, or, for a moderator, the
 * decision text they were asked for. Commands and other features' buttons still work and leave
 * both: the draft stays, and /propose offers to continue it.
 */
export function formRouter(
  deps: BotDeps,
  form: InitiativeForm,
  moderation: Pick<ModerationFeature, "answerPrompt">,
) {
  const feature = new Composer<BotContext>();
  const { db } = deps.database;

  async function leave(ctx: BotContext) {
    const id = ctx.from!.id;
    if (ctx.user) await closeForms(db, id);
    if (canModerate(ctx.roles)) await clearModerationPrompt(db, id);
  }

  feature.on("edited_message", async (ctx, next) => {
    if (ctx.user && (await findOpenForm(db, ctx.from.id)))
      return ctx.reply(ctx.t("initiative.errors.editedMessage"));
    return next();
  });

  feature.on("callback_query:data", async (ctx, next) => {
    if (callbackFeature(ctx.callbackQuery.data) !== FORM) await leave(ctx);
    return next();
  });

  feature.on("message", async (ctx, next) => {
    if (isCommand(ctx)) {
      await leave(ctx);
      return next();
    }
    const open = ctx.user ? await findOpenForm(db, ctx.from.id) : undefined;
    if (open) return form.answer(ctx, open, answerOf(ctx.message));
    const prompt = canModerate(ctx.roles) ? await findModerationPrompt(db, ctx.from.id) : undefined;
    if (prompt) return moderation.answerPrompt(ctx, prompt);
    return next();
  });

  return feature;
}
