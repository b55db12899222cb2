import { clearAwaiting } from "../db/repo/awaiting.js";
import { callbackFeature } from "./callback-data.js";
import { FeatureComposer } from "./composer.js";
import type { AwaitHandler, BotContext, BotDeps } from "./context.js";
import { isCommand } from "./conversations/wait.js";

/**
 * Private chat: the one place that decides what a person's next message is for. It takes their
 * one wait (`awaiting`, read with the person by `bookkeeping`), hands a message to the handler registered for its kind, and ends the
 * wait on a command or on another feature's button, so that no feature reads or clears another's.
 * A feature that asks for a text sets its wait; setting one replaces the old.
 */
export function awaitingRouter(deps: BotDeps, handlers: readonly AwaitHandler[]) {
  const feature = new FeatureComposer<BotContext>();
  const { db } = deps.database;
  const byKind = new Map(handlers.map((h) => [h.kind, h]));

  const leave = async (ctx: BotContext) => {
    if (!ctx.awaiting) return;
    await clearAwaiting(db, ctx.awaiting.userId);
    ctx.awaiting = undefined;
  };

  feature.on("callback_query:data", async (ctx, next) => {
    const own = ctx.awaiting && byKind.get(ctx.awaiting.kind)?.buttons;
    if (!own?.includes(callbackFeature(ctx.callbackQuery.data) ?? "")) await leave(ctx);
    return next();
  });

  feature.on("edited_message", async (ctx, next) => {
    const text = ctx.awaiting && byKind.get(ctx.awaiting.kind)?.editedMessage;
    return text ? ctx.reply(ctx.t(text)) : next();
  });

  feature.on("message", async (ctx, next) => {
    const handler = ctx.awaiting && byKind.get(ctx.awaiting.kind);
    if (isCommand(ctx) || !handler) {
      await leave(ctx);
      return next();
    }
    return handler.answer(ctx, ctx.awaiting!, next);
  });

  return feature;
}
