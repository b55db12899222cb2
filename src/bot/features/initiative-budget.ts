import { findMunicipalityBySlug, municipalityLabel } from "../../db/repo/municipalities.js";
import { setMunicipalityLimit } from "../../db/repo/municipality-budget.js";
import { parseWholeNumber } from "../../domain/form-parsing.js";
import { formatNumber } from "../../i18n/format.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { requireAdmin } from "./guards.js";

/** `<slug> <whole number>` after a command, or undefined when it is not that. */
function slugAndNumber(match: string): { slug: string; n: number } | undefined {
  const [slug, numberText, ...rest] = match.trim().split(/\s+/);
  const n = numberText !== undefined ? parseWholeNumber(numberText) : undefined;
  return slug && n !== undefined && rest.length === 0 ? { slug, n } : undefined;
}

/**
 * Limits an admin sets per municipality. `/muni_budget <slug> <som>`: the largest cost one
 * initiative may ask for, set when the aiyl kenesh announces a call. `/muni_residents <slug>
 * <number>`: how many people live there, which bounds the paper votes one initiative can get.
 * `0` removes either. Limits are local and change (shared/domain.md), so they are data, not code.
 */
export function initiativeBudgetFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const { db } = deps.database;

  /**
   * `/<command> <slug> <number>` sets `limit`, audited; `said` tells the admin what now holds
   * (`null`: the limit was removed).
   */
  function limitCommand(
    command: string,
    limit: "maxInitiativeBudget" | "residents",
    help: string,
    said: (t: BotContext["t"], name: string, value: number | null) => string,
  ) {
    feature.command(command, async (ctx) => {
      if (!(await requireAdmin(ctx))) return;
      const typed = slugAndNumber(String(ctx.match));
      if (!typed) return void (await ctx.reply(ctx.t(help), HTML));
      const municipality = await findMunicipalityBySlug(db, typed.slug);
      if (!municipality)
        return void (await ctx.reply(ctx.t("admin.municipalityUnknown", { slug: typed.slug }), HTML));
      // 0 removes the limit.
      const value = typed.n === 0 ? null : typed.n;
      await setMunicipalityLimit(deps.database, { municipality, limit, value, actorId: ctx.from!.id });
      await ctx.reply(said(ctx.t, municipalityLabel(municipality, ctx.locale), value), HTML);
    });
  }

  limitCommand("muni_budget", "maxInitiativeBudget", "budget.help", (t, name, value) =>
    value === null ? t("budget.cleared", { name }) : t("budget.set", { name, amount: formatNumber(value) }),
  );
  limitCommand("muni_residents", "residents", "residents.help", (t, name, value) =>
    value === null
      ? t("residents.cleared", { name, max: formatNumber(deps.config.paperVotesMax) })
      : t("residents.set", { name, count: formatNumber(value) }),
  );

  return feature;
}
