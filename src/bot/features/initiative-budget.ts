import { Composer } from "grammy";
import { auditStatement } from "../../db/repo/audit.js";
import { municipalityLabel } from "../../db/repo/municipalities.js";
import { setMunicipalityBudget } from "../../db/repo/municipality-budget.js";
import { parseWholeNumber } from "../../domain/form-parsing.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { formatNumber } from "../views/format.js";
import { requireAdmin } from "./guards.js";

/**
 * `/muni_budget <slug> <som>`: the largest cost one initiative may ask for in a municipality, set
 * by an admin when the aiyl kenesh announces a call; `0` removes the limit. Limits are local and
 * change every call (shared/domain.md), so they are data, not code.
 */
export function initiativeBudgetFeature(deps: BotDeps) {
  const feature = new Composer<BotContext>();
  const { db } = deps.database;

  feature.command("muni_budget", async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    const [slug, amountText, ...rest] = ctx.match.trim().split(/\s+/);
    const amount = amountText !== undefined ? parseWholeNumber(amountText) : undefined;
    if (!slug || amount === undefined || rest.length > 0) return ctx.reply(ctx.t("budget.help"), HTML);
    const max = amount === 0 ? null : amount;
    const changed = await setMunicipalityBudget(db, slug, max);
    if (!changed) return ctx.reply(ctx.t("admin.municipalityUnknown", { slug }), HTML);
    await auditStatement(db, {
      actorId: ctx.from!.id,
      action: "municipality.budget",
      subject: slug,
      details: { maxInitiativeBudget: max },
    });
    const name = municipalityLabel(changed, ctx.locale);
    await ctx.reply(
      max === null
        ? ctx.t("budget.cleared", { name })
        : ctx.t("budget.set", { name, amount: formatNumber(max) }),
      HTML,
    );
  });

  return feature;
}
