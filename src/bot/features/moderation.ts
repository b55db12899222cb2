import { GrammyError } from "grammy";
import { type Awaiting, clearAwaiting, setAwaiting } from "../../db/repo/awaiting.js";
import { findInitiative, type Initiative, listAttachments, listQueue } from "../../db/repo/initiatives.js";
import { findMunicipality } from "../../db/repo/municipalities.js";
import { NOTE_MAX, NOTE_MIN } from "../../domain/initiative-status.js";
import { canModerate } from "../../domain/roles.js";
import { cleanText } from "../../domain/text.js";
import { formatNumber, referenceOf } from "../../i18n/format.js";
import { type DecisionInput, decideInitiative } from "../../staff/initiative-actions.js";
import { Menu, Moderation } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { AwaitHandler, BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { initiativeActions } from "../initiatives/notices.js";
import {
  moderationKeyboard,
  promptCancelKeyboard,
  queueKeyboard,
  rejectReasonsKeyboard,
} from "../keyboards/moderation.js";
import { withWorkspace } from "../keyboards/workspace.js";
import { cardFiles, initiativeCard } from "../views/initiative-card.js";
import { inPrivateOrModeratorsGroup, refuse } from "./guards.js";

export type ModerationFeature = ReturnType<typeof moderationFeature>;

/**
 * The moderators' side: /queue in private chat, and decision buttons both there and in the
 * configured moderators' group. Every press is checked again on the server: the presser's role,
 * and that the initiative is still awaiting review in the version the button was made for.
 */
export function moderationFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const { database } = deps;
  const { db } = database;
  const { moderationChatId } = deps.config;
  const actions = initiativeActions(deps);

  const here = feature.filter(inPrivateOrModeratorsGroup(moderationChatId));
  const inPrivate = here.chatType("private");

  async function requireModerator(ctx: BotContext): Promise<boolean> {
    if (canModerate(ctx.roles)) return true;
    await refuse(ctx, ctx.t("errors.notAllowed"));
    return false;
  }

  /** The initiative a button points at, if it still awaits review in that button's version. */
  async function pending(
    ctx: BotContext,
    { initiative: id, version }: { initiative: number; version: number },
  ): Promise<Initiative | undefined> {
    const initiative = await findInitiative(db, id);
    if (initiative && initiative.status !== "submitted") {
      await refuse(
        ctx,
        ctx.t("moderation.alreadyDecided", { status: ctx.t(`initiative.status.${initiative.status}`) }),
      );
      return undefined;
    }
    if (!initiative || initiative.version !== version) {
      await refuse(ctx, ctx.t("errors.staleButton"));
      return undefined;
    }
    return initiative;
  }

  async function showQueue(ctx: BotContext, offset: number) {
    if (!(await requireModerator(ctx))) return;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    let position = offset;
    let page = await listQueue(db, { limit: 1, offset });
    // Decisions shrink the queue under an old "next" button: start again from the oldest.
    if (page.rows.length === 0 && page.total > 0) {
      position = 0;
      page = await listQueue(db, { limit: 1, offset: 0 });
    }
    const initiative = page.rows[0];
    if (!initiative) return ctx.reply(ctx.t("moderation.queueEmpty"));
    const municipality = initiative.municipalityId
      ? await findMunicipality(db, initiative.municipalityId)
      : undefined;
    const attachments = await listAttachments(db, initiative.id);
    const next = position + 1 < page.total ? position + 1 : undefined;
    const lead = ctx.t("moderation.queueHead", {
      count: formatNumber(page.total),
      position: position + 1,
    });
    await ctx.reply(
      initiativeCard({ initiative, municipality, attachments }, ctx.t, ctx.locale, {
        audience: "staff",
        lead,
      }),
      {
        ...HTML,
        reply_markup: await withWorkspace(
          moderationKeyboard(ctx.t, initiative.id, initiative.version, next),
          ctx,
          deps,
        ),
        link_preview_options: { is_disabled: true },
      },
    );
    for (const file of cardFiles(initiative, attachments, ctx.t)) {
      const options = { caption: file.caption, ...HTML };
      if (file.kind === "photo") await ctx.replyWithPhoto(file.fileId, options);
      else if (file.kind === "document") await ctx.replyWithDocument(file.fileId, options);
      else await ctx.replyWithVoice(file.fileId, options);
    }
  }

  inPrivate.command("queue", (ctx) => showQueue(ctx, 0));
  inPrivate.callbackQuery(Menu.queue.pattern, (ctx) => showQueue(ctx, 0));
  inPrivate.callbackQuery(Moderation.queue.pattern, (ctx) =>
    showQueue(ctx, Moderation.queue.read(ctx.match).offset),
  );

  async function decide(ctx: BotContext, initiative: Initiative, decision: DecisionInput) {
    const result = await decideInitiative(actions, {
      initiative,
      actorId: ctx.from!.id,
      actorName: ctx.from!.first_name,
      ...decision,
    });
    if (result.ok) {
      deps.logger.info("initiative decided", {
        initiativeId: initiative.id,
        status: result.initiative.status,
      });
      await clearAwaiting(db, ctx.from!.id, "moderation.decision");
    }
    return result;
  }

  /** The decision is told where it was taken: a toast, the card's buttons removed, and in private a next step. */
  async function confirm(ctx: BotContext, result: Awaited<ReturnType<typeof decide>>) {
    // The bot checked the reason before; only a lost race or a stale card is left.
    if (!result.ok && "invalid" in result) return refuse(ctx, ctx.t("errors.staleButton"));
    if (!result.ok) {
      const status = result.current?.status ?? "withdrawn";
      return refuse(
        ctx,
        ctx.t("moderation.alreadyDecided", { status: ctx.t(`initiative.status.${status}`) }),
      );
    }
    const text = ctx.t(`moderation.decided.${result.initiative.status}`, {
      reference: referenceOf(result.initiative),
    });
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text });
      await ctx.editMessageReplyMarkup().catch(() => undefined);
    }
    if (ctx.chat?.type === "private") await ctx.reply(text, { ...HTML, reply_markup: queueKeyboard(ctx.t) });
  }

  here.callbackQuery(Moderation.approve.pattern, async (ctx) => {
    if (!(await requireModerator(ctx))) return;
    const initiative = await pending(ctx, Moderation.approve.read(ctx.match));
    if (!initiative) return;
    await confirm(ctx, await decide(ctx, initiative, { action: "approve" }));
  });

  here.callbackQuery(Moderation.reject.pattern, async (ctx) => {
    if (!(await requireModerator(ctx))) return;
    const initiative = await pending(ctx, Moderation.reject.read(ctx.match));
    if (!initiative) return;
    await ctx.answerCallbackQuery({ text: ctx.t("moderation.chooseReason") });
    await ctx.editMessageReplyMarkup({
      reply_markup: rejectReasonsKeyboard(ctx.t, initiative.id, initiative.version),
    });
  });

  here.callbackQuery(Moderation.back.pattern, async (ctx) => {
    if (!(await requireModerator(ctx))) return;
    const initiative = await pending(ctx, Moderation.back.read(ctx.match));
    if (!initiative) return;
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({
      reply_markup: moderationKeyboard(ctx.t, initiative.id, initiative.version),
    });
  });

  here.callbackQuery(Moderation.reason.pattern, async (ctx) => {
    if (!(await requireModerator(ctx))) return;
    const pressed = Moderation.reason.read(ctx.match);
    const initiative = await pending(ctx, pressed);
    if (!initiative) return;
    await confirm(ctx, await decide(ctx, initiative, { action: "reject", reasonCode: pressed.reason }));
  });

  /**
   * A written decision: the moderator is asked in their private chat, wherever they pressed, and
   * the question is stored so that the answer is understood even after a restart.
   */
  const askForText =
    (action: "requestChanges" | "reject", button: typeof Moderation.requestChanges) =>
    async (ctx: BotContext & { match: string | RegExpMatchArray }) => {
      if (!(await requireModerator(ctx))) return;
      const initiative = await pending(ctx, button.read(ctx.match));
      if (!initiative) return;
      const userId = ctx.from!.id;
      const wait = { kind: "moderation.decision", subjectId: initiative.id, step: action } as const;
      await setAwaiting(db, userId, { ...wait, detailId: initiative.version }, deps.now());
      const question = ctx.t(action === "requestChanges" ? "moderation.askChanges" : "moderation.askReason", {
        reference: referenceOf(initiative),
        title: initiative.title ?? "",
      });
      const options = { ...HTML, reply_markup: promptCancelKeyboard(ctx.t) };
      if (ctx.chat?.type === "private") {
        await ctx.answerCallbackQuery();
        await ctx.reply(question, options);
        return;
      }
      try {
        await ctx.api.sendMessage(userId, question, options);
        await ctx.answerCallbackQuery({ text: ctx.t("moderation.askedInPrivate") });
      } catch (error) {
        if (!(error instanceof GrammyError)) throw error;
        await clearAwaiting(db, userId, "moderation.decision");
        await refuse(ctx, ctx.t("moderation.openPrivateFirst"));
      }
    };
  here.callbackQuery(
    Moderation.requestChanges.pattern,
    askForText("requestChanges", Moderation.requestChanges),
  );
  here.callbackQuery(Moderation.writeReason.pattern, askForText("reject", Moderation.writeReason));

  inPrivate.callbackQuery(Moderation.cancelPrompt.pattern, async (ctx) => {
    await clearAwaiting(db, ctx.from.id, "moderation.decision");
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("moderation.promptCancelled"));
  });

  /** The text a moderator was asked for; the role and the initiative's state are checked again. */
  async function answerPrompt(ctx: BotContext, prompt: Awaiting) {
    const raw = ctx.message?.text;
    if (raw === undefined)
      return ctx.reply(ctx.t("moderation.textExpected"), { reply_markup: promptCancelKeyboard(ctx.t) });
    const note = cleanText(raw);
    if (note.length < NOTE_MIN || note.length > NOTE_MAX) {
      const error = note.length < NOTE_MIN ? "tooShort" : "tooLong";
      return ctx.reply(
        ctx.t(`initiative.errors.${error}`, { min: NOTE_MIN, max: NOTE_MAX, length: note.length }),
        {
          reply_markup: promptCancelKeyboard(ctx.t),
        },
      );
    }
    await clearAwaiting(db, ctx.from!.id, "moderation.decision");
    if (!canModerate(ctx.roles)) return ctx.reply(ctx.t("errors.notAllowed"));
    const initiative = await pending(ctx, { initiative: prompt.subjectId, version: prompt.detailId ?? -1 });
    if (!initiative) return;
    const action = prompt.step === "reject" ? "reject" : "requestChanges";
    await confirm(ctx, await decide(ctx, initiative, { action, reasonText: note }));
  }

  const waits: AwaitHandler = { kind: "moderation.decision", answer: answerPrompt };
  return { feature, waits };
}
