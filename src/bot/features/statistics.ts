import { type Period, parsePeriod, periodFromToken, periodLabel } from "../../domain/period.js";
import { Menu, Statistics } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import {
  mayView,
  periodKeyboard,
  type StatsKind,
  scopeKeyboard,
  scopeName,
  scopeSlug,
  scopesOf,
} from "../statistics/scope.js";
import { sendExports } from "../statistics/send-exports.js";
import { sendStatistics } from "../statistics/send-statistics.js";
import { refuse } from "./guards.js";

const NO_PERIOD = "-";

/**
 * /stats and /export for officers (their municipality) and admins (all, or one). Every step checks
 * the role again on the server: a forged button must not open another municipality's numbers.
 */
export function statisticsFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const { db } = deps.database;

  const run = async (ctx: BotContext, kind: StatsKind, scope: number, period: Period) => {
    const name = await scopeName(db, ctx.t, ctx.locale, scope);
    if (!name) return ctx.reply(ctx.t("errors.staleButton"));
    const range = { municipalityId: scope === 0 ? null : scope, from: period.from, to: period.to };
    if (kind === "s")
      return sendStatistics(ctx, deps, range, ctx.t("stats.heading", { name, period: periodLabel(period) }));
    await ctx.reply(ctx.t("export.sending", { name, period: periodLabel(period) }), HTML);
    await sendExports(ctx, deps, range, `yntymak-${await scopeSlug(db, scope)}-${period.token}`);
  };

  const askPeriod = (ctx: BotContext, kind: StatsKind, scope: number) =>
    ctx.reply(ctx.t(kind === "s" ? "stats.choosePeriod" : "export.choosePeriod"), {
      ...HTML,
      reply_markup: periodKeyboard(ctx.t, kind, scope),
    });

  const start = async (ctx: BotContext, kind: StatsKind, argument: string) => {
    const scopes = await scopesOf(db, ctx.roles);
    if (scopes.length === 0) return refuse(ctx, ctx.t("errors.notAllowed"));
    const period = argument.trim() ? parsePeriod(argument) : undefined;
    if (argument.trim() && !period) return ctx.reply(ctx.t("stats.badPeriod"), HTML);
    if (scopes.length === 1)
      return period ? run(ctx, kind, scopes[0]!, period) : askPeriod(ctx, kind, scopes[0]!);
    const scope = await scopeKeyboard(db, ctx.t, ctx.locale, ctx.roles, kind, period?.token ?? NO_PERIOD);
    await ctx.reply(`${ctx.t("stats.chooseScope")}${scope.note}`, { ...HTML, reply_markup: scope.keyboard });
  };
  feature.command("stats", (ctx) => start(ctx, "s", ctx.match));
  feature.command("export", (ctx) => start(ctx, "e", ctx.match));
  const fromMenu = (kind: StatsKind) => async (ctx: BotContext) => {
    await start(ctx, kind, "");
    if (!ctx.callbackAnswered) await ctx.answerCallbackQuery();
  };
  feature.callbackQuery(Menu.stats.pattern, fromMenu("s"));
  feature.callbackQuery(Menu.export.pattern, fromMenu("e"));

  feature.callbackQuery(Statistics.scope.pattern, async (ctx) => {
    const { kind, scope, period: token } = Statistics.scope.read(ctx.match);
    if (!mayView(ctx.roles, scope)) return refuse(ctx, ctx.t("errors.notAllowed"));
    await ctx.answerCallbackQuery();
    if (token === NO_PERIOD) return askPeriod(ctx, kind, scope);
    // Any other word is a period's token; one we never made is a stale button.
    const period = periodFromToken(token, deps.now());
    return period ? run(ctx, kind, scope, period) : ctx.reply(ctx.t("errors.staleButton"));
  });

  return feature;
}
