import { findMunicipality, municipalityLabel } from "../../db/repo/municipalities.js";
import { lastClosedRoundOf, roundEntries } from "../../db/repo/rounds.js";
import { Menu } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { resultsText } from "../rounds/texts.js";
import { refuse, requireRegistered } from "./guards.js";

/** /results: the last published results of the person's municipality. */
export function resultsFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const { db } = deps.database;
  const show = async (ctx: BotContext) => {
    const user = await requireRegistered(ctx);
    if (!user) return;
    if (!user.municipalityId) return refuse(ctx, ctx.t("catalog.needMunicipality"));
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    const round = await lastClosedRoundOf(db, user.municipalityId);
    if (!round?.results) return ctx.reply(ctx.t("results.none"));
    const municipality = await findMunicipality(db, round.municipalityId);
    const name = municipality ? municipalityLabel(municipality, ctx.locale) : "";
    await ctx.reply(resultsText(ctx.t, round, round.results, await roundEntries(db, round.id), name), HTML);
  };
  feature.command("results", show);
  feature.callbackQuery(Menu.results.pattern, show);
  return feature;
}
