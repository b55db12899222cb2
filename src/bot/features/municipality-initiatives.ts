import { InlineKeyboard } from "grammy";
import { findInitiative, listPublic } from "../../db/repo/initiatives.js";
import { findMunicipality, municipalityLabel } from "../../db/repo/municipalities.js";
import { isApprovedOrLater } from "../../domain/initiative-status.js";
import { truncate } from "../../domain/text.js";
import { formatNumber, referenceOf } from "../../i18n/format.js";
import { Menu, PublicInitiatives } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { pageLine, pager } from "../keyboards/pager.js";
import { replyWithPublicCard } from "../views/public-card.js";
import { refuse, requireRegistered } from "./guards.js";

const PAGE_SIZE = 5;

/** /initiatives: what the moderators approved in the person's municipality, newest first. */
export function municipalityInitiativesFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const { db } = deps.database;

  async function showPage(ctx: BotContext, page: number) {
    const user = await requireRegistered(ctx);
    if (!user) return;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    const municipality = user.municipalityId ? await findMunicipality(db, user.municipalityId) : undefined;
    if (!municipality) return ctx.reply(ctx.t("catalog.needMunicipality"));
    const name = municipalityLabel(municipality, ctx.locale);
    const { rows, total } = await listPublic(db, municipality.id, {
      limit: PAGE_SIZE,
      offset: page * PAGE_SIZE,
    });
    if (total === 0) return ctx.reply(ctx.t("catalog.empty", { municipality: name }), HTML);
    const keyboard = new InlineKeyboard();
    const lines = rows.map((initiative, i) => {
      const n = page * PAGE_SIZE + i + 1;
      keyboard
        .text(`${n}. ${referenceOf(initiative)}`, PublicInitiatives.view.pack({ initiative: initiative.id }))
        .row();
      return ctx.t("catalog.line", {
        n,
        title: truncate(initiative.title ?? "", 120),
        reference: referenceOf(initiative),
        amount: formatNumber(initiative.cost ?? 0),
      });
    });
    pager(keyboard, ctx.t, (to) => PublicInitiatives.page.pack({ page: to }), page, total, PAGE_SIZE);
    const text = [
      ctx.t("catalog.title", { municipality: name }),
      lines.join("\n\n"),
      pageLine(ctx.t, page, total, PAGE_SIZE),
    ];
    await ctx.reply(text.filter(Boolean).join("\n\n"), { ...HTML, reply_markup: keyboard });
  }

  feature.command("initiatives", (ctx) => showPage(ctx, 0));
  feature.callbackQuery(Menu.initiatives.pattern, (ctx) => showPage(ctx, 0));
  feature.callbackQuery(PublicInitiatives.page.pattern, (ctx) =>
    showPage(ctx, PublicInitiatives.page.read(ctx.match).page),
  );

  feature.callbackQuery(PublicInitiatives.view.pattern, async (ctx) => {
    const initiative = await findInitiative(db, PublicInitiatives.view.read(ctx.match).initiative);
    // Only what the community may see; anything else is refused as if it did not exist.
    if (!initiative || !isApprovedOrLater(initiative.status)) return refuse(ctx, ctx.t("errors.staleButton"));
    await ctx.answerCallbackQuery();
    await replyWithPublicCard(ctx, db, initiative);
  });

  return feature;
}
