import type { Conversation } from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { Translate } from "../../i18n/index.js";
import { type CallbackAction, callbackFeature } from "../callback-data.js";
import type { BotContext } from "../context.js";

export type Flow = Conversation<BotContext, Context>;
export type ButtonContext = Context & { callbackQuery: { data: string }; match: RegExpExecArray };

export function isCommand(ctx: Context): boolean {
  const entity = ctx.message?.entities?.[0];
  return entity?.type === "bot_command" && entity.offset === 0;
}

/**
 * Waits for a press of `action`'s button; its values are `action.read(press.match)`. A command, or
 * a button of another feature (the menu of an older message, say), leaves the flow and is handled
 * as if no flow was active: people expect a command to do what it says. Old buttons of this flow
 * are answered as stale.
 */
export async function waitForButton(
  flow: Flow,
  t: Translate,
  action: Pick<CallbackAction<never>, "feature" | "pattern">,
): Promise<ButtonContext> {
  for (;;) {
    const ctx = await flow.wait();
    const data = ctx.callbackQuery?.data;
    if (isCommand(ctx) || (data !== undefined && callbackFeature(data) !== action.feature))
      await flow.halt({ next: true });
    if (data === undefined) {
      await ctx.reply(t("common.useButtons"));
      continue;
    }
    const match = action.pattern.exec(data);
    if (match) {
      ctx.match = match;
      return ctx as ButtonContext;
    }
    await ctx.answerCallbackQuery({ text: t("errors.staleButton") });
  }
}
