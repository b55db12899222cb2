import { Composer } from "grammy";
import { findMunicipalityBySlug, municipalityLabel } from "../../db/repo/municipalities.js";
import { setMunicipalityLimit } from "../../db/repo/municipality-budget.js";
import { parseWholeNumber } from "../../domain/form-parsing.js";
import { formatNumber } from "../../i18n/format.js";
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
  const feature = new Composer<BotContext>();
  const { db } = deps.database;

  /** The municipality a command names, after the admin check; the help or a refusal otherwise. */
  async function limitCommand(ctx: BotContext, help: string) {
    if (!(await requireAdmin(ctx))) return undefined;
    const command = slugAndNumber(String(ctx.match));
    if (!command) return void (await ctx.reply(ctx.t(help), HTML));
    const municipality = await findMunicipalityBySlug(db, command.slug);
    if (!municipality)
      return void (await ctx.reply(ctx.t("admin.municipalityUnknown", { slug: command.slug }), HTML));
    // 0 removes the limit.
    return {
      municipality,
      value: command.n === 0 ? null : command.n,
      name: municipalityLabel(municipality, ctx.locale),
    };
  }

  feature.command("muni_budget", async (ctx) => {
    const command = await limitCommand(ctx, "budget.help");
    if (!command) return;
    const { municipality, value, name } = command;
    await setMunicipalityLimit(deps.database, {
      municipality,
      limit: "maxInitiativeBudget",
      value,
      actorId: ctx.from!.id,
    });
    await ctx.reply(
      value === null
        ? ctx.t("budget.cleared", { name })
        : ctx.t("budget.set", { name, amount: formatNumber(value) }),
      HTML,
    );
  });

  feature.command("muni_residents", async (ctx) => {
    const command = await limitCommand(ctx, "residents.help");
    if (!command) return;
    const { municipality, value, name } = command;
    await setMunicipalityLimit(deps.database, {
      municipality,
      limit: "residents",
      value,
      actorId: ctx.from!.id,
    });
    await ctx.reply(
      value === null
        ? ctx.t("residents.cleared", { name, max: formatNumber(deps.config.paperVotesMax) })
        : ctx.t("residents.set", { name, count: formatNumber(value) }),
      HTML,
    );
  });

  return feature;
}
