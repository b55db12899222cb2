import { InlineKeyboard } from "grammy";
import {
  findDraft,
  findInitiative,
  type Initiative,
  type InitiativeEvent,
  listAttachments,
  listByAuthor,
  listEvents,
  transition,
} from "../../db/repo/initiatives.js";
import { findMunicipality } from "../../db/repo/municipalities.js";
import { canWithdraw, isRejectReason } from "../../domain/initiative-status.js";
import { truncate } from "../../domain/text.js";
import { formatDateTime, referenceOf } from "../../i18n/format.js";
import type { Translate } from "../../i18n/index.js";
import { Menu, MyInitiatives } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { decisionNotices } from "../initiatives/notices.js";
import { pageLine, pager } from "../keyboards/pager.js";
import { initiativeCard } from "../views/initiative-card.js";
import { refuse, requireRegistered } from "./guards.js";

const PAGE_SIZE = 5;
const HISTORY_LINES = 10;

/** /my: what the author sent, its status and history; withdrawal until a decision is taken. */
export function myInitiativesFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const { database } = deps;
  const { db } = database;

  async function showList(ctx: BotContext, page: number) {
    const user = await requireRegistered(ctx);
    if (!user) return;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    const { rows, total } = await listByAuthor(db, user.id, { limit: PAGE_SIZE, offset: page * PAGE_SIZE });
    const draft = await findDraft(db, user.id);
    const draftLine = draft
      ? ctx.t("my.draft", { title: draft.title ?? ctx.t("initiative.untitled") })
      : undefined;
    if (total === 0) return ctx.reply([draftLine, ctx.t("my.empty")].filter(Boolean).join("\n\n"), HTML);
    const keyboard = new InlineKeyboard();
    const lines = rows.map((initiative, i) => {
      const n = page * PAGE_SIZE + i + 1;
      keyboard
        .text(`${n}. ${referenceOf(initiative)}`, MyInitiatives.view.pack({ initiative: initiative.id }))
        .row();
      return ctx.t("my.line", {
        n,
        reference: referenceOf(initiative),
        status: ctx.t(`initiative.status.${initiative.status}`),
        title: truncate(initiative.title ?? "", 120),
      });
    });
    pager(keyboard, ctx.t, (to) => MyInitiatives.page.pack({ page: to }), page, total, PAGE_SIZE);
    const text = [ctx.t("my.title"), lines.join("\n\n"), draftLine, pageLine(ctx.t, page, total, PAGE_SIZE)];
    await ctx.reply(text.filter(Boolean).join("\n\n"), { ...HTML, reply_markup: keyboard });
  }

  feature.command("my", (ctx) => showList(ctx, 0));
  feature.callbackQuery(Menu.myInitiatives.pattern, (ctx) => showList(ctx, 0));
  feature.callbackQuery(MyInitiatives.page.pattern, (ctx) =>
    showList(ctx, MyInitiatives.page.read(ctx.match).page),
  );

  /** The author's own initiative, or a refusal: callback data can name anyone's. */
  async function own(ctx: BotContext, id: number): Promise<Initiative | undefined> {
    const initiative = await findInitiative(db, id);
    if (!initiative || initiative.status === "draft")
      return void (await refuse(ctx, ctx.t("errors.staleButton")));
    if (initiative.authorId !== ctx.from?.id) return void (await refuse(ctx, ctx.t("errors.notAllowed")));
    return initiative;
  }

  feature.callbackQuery(MyInitiatives.view.pattern, async (ctx) => {
    const initiative = await own(ctx, MyInitiatives.view.read(ctx.match).initiative);
    if (!initiative) return;
    await ctx.answerCallbackQuery();
    const municipality = initiative.municipalityId
      ? await findMunicipality(db, initiative.municipalityId)
      : undefined;
    const attachments = await listAttachments(db, initiative.id);
    const events = await listEvents(db, initiative.id);
    // The latest changes are what the author looks for; a long history is cut from its start.
    const trailer = (max: number) =>
      [ctx.t("my.history"), ...events.slice(-HISTORY_LINES).map((e) => eventLine(ctx.t, e, max))].join("\n");
    const keyboard = new InlineKeyboard();
    if (initiative.status === "changes_requested")
      keyboard.text(ctx.t("my.edit"), MyInitiatives.edit.pack({ initiative: initiative.id })).row();
    if (canWithdraw(initiative.status))
      keyboard.text(
        ctx.t("my.withdraw"),
        MyInitiatives.withdraw.pack({ initiative: initiative.id, version: initiative.version }),
      );
    await ctx.reply(
      initiativeCard({ initiative, municipality, attachments }, ctx.t, ctx.locale, {
        audience: "author",
        trailer,
      }),
      { ...HTML, reply_markup: keyboard, link_preview_options: { is_disabled: true } },
    );
  });

  feature.callbackQuery(MyInitiatives.withdraw.pattern, async (ctx) => {
    const pressed = MyInitiatives.withdraw.read(ctx.match);
    const initiative = await own(ctx, pressed.initiative);
    if (!initiative) return;
    if (!canWithdraw(initiative.status) || initiative.version !== pressed.version)
      return refuse(ctx, ctx.t("errors.staleButton"));
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("my.withdrawConfirm", { reference: referenceOf(initiative) }), {
      ...HTML,
      reply_markup: new InlineKeyboard()
        .text(
          ctx.t("my.withdrawYes"),
          MyInitiatives.withdrawYes.pack({ initiative: initiative.id, version: initiative.version }),
        )
        .row()
        .text(ctx.t("my.withdrawNo"), MyInitiatives.view.pack({ initiative: initiative.id })),
    });
  });

  feature.callbackQuery(MyInitiatives.withdrawYes.pattern, async (ctx) => {
    const pressed = MyInitiatives.withdrawYes.read(ctx.match);
    const initiative = await own(ctx, pressed.initiative);
    if (!initiative) return;
    if (!canWithdraw(initiative.status) || initiative.version !== pressed.version)
      return refuse(ctx, ctx.t("errors.staleButton"));
    const notices = await decisionNotices(deps, initiative, { actorName: ctx.from.first_name });
    const result = await transition(database, {
      initiative,
      to: "withdrawn",
      actorId: ctx.from.id,
      now: deps.now(),
      notices,
    });
    if (!result.ok) return refuse(ctx, ctx.t("errors.staleButton"));
    deps.onEnqueued?.();
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("my.withdrawn", { reference: referenceOf(initiative) }), HTML);
  });

  return feature;
}

function eventLine(t: Translate, event: InitiativeEvent, max: number): string {
  const date = formatDateTime(event.createdAt);
  const status = t(`initiative.status.${event.toStatus}`);
  const reason =
    event.reasonCode && isRejectReason(event.reasonCode)
      ? t(`moderation.reasons.${event.reasonCode}`)
      : event.reasonText;
  return reason
    ? t("my.eventWithReason", { date, status, reason: truncate(reason, Math.min(max, 300)) })
    : t("my.event", { date, status });
}
